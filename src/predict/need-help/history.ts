import type { Db } from '../../platform/db/client.ts';
import { eventsNamedOrUnder, PURCHASE_EVENTS } from '../../journeys/store.ts';
import { customerContactsSince } from '../../service/store.ts';
import { lowScoresSince } from '../../feedback/store.ts';
import { SNAPSHOTS } from './model.ts';
import { HELP_PATH_PREFIX, SIGNAL_EVENT_NAMES, signalKindOf, type CustomerHistory } from './signals.ts';

const DAY = 86_400_000;
/** The oldest training moment, its 30 days of look-back, and a margin. */
const LOOK_BACK_DAYS = SNAPSHOTS * 7 + 7 + 31;

/** Every customer's signals and support contacts over the window the model learns from, as of `now`. */
export async function loadHistories(db: Db, workspaceId: string, now: Date): Promise<CustomerHistory[]> {
  const since = new Date(now.getTime() - LOOK_BACK_DAYS * DAY);
  const [events, contacts, lowScores] = await Promise.all([
    eventsNamedOrUnder(db, workspaceId, { since, until: now }, [...SIGNAL_EVENT_NAMES, ...PURCHASE_EVENTS], HELP_PATH_PREFIX),
    customerContactsSince(db, workspaceId, since),
    lowScoresSince(db, workspaceId, since),
  ]);
  const byCustomer = new Map<string, CustomerHistory>();
  const of = (customerId: string) => {
    let h = byCustomer.get(customerId);
    if (!h) byCustomer.set(customerId, (h = { customerId, events: [], contacts: [] }));
    return h;
  };
  for (const e of events) {
    const kind = signalKindOf(e, PURCHASE_EVENTS);
    if (kind) of(e.customerId).events.push({ kind, at: e.at.getTime() });
  }
  for (const s of lowScores) of(s.customerId).events.push({ kind: 'low_score', at: s.at.getTime() });
  for (const c of contacts) if (c.at <= now) of(c.customerId).contacts.push({ at: c.at.getTime(), endedAt: c.endedAt && c.endedAt <= now ? c.endedAt.getTime() : null });
  for (const h of byCustomer.values()) {
    h.events.sort((a, b) => a.at - b.at);
    h.contacts.sort((a, b) => a.at - b.at);
  }
  return [...byCustomer.values()];
}
