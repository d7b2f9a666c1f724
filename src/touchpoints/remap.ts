import type { Db } from '../platform/db/client.ts';
import { eventGroups, setTouchpointForGroup } from '../journeys/store.ts';
import { matchTouchpoint } from './rules.ts';
import { loadRules } from './store.ts';

/**
 * After the rules change, maps the stored history again so the journey and the
 * unmapped list agree with the catalog. Works per distinct event shape, so the
 * cost follows the number of distinct names and paths, not of events.
 */
export async function remapHistory(db: Db, workspaceId: string): Promise<number> {
  const rules = await loadRules(db, workspaceId);
  let changed = 0;
  for (const group of await eventGroups(db, workspaceId, false, 100_000)) {
    changed += await setTouchpointForGroup(db, workspaceId, group, matchTouchpoint(rules, group));
  }
  return changed;
}
