import type { Db } from '../../platform/db/client.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import type { TicketActor } from '../tickets.ts';
import { hasRoutingTeam } from './store.ts';

/** Who routing's assignments are by, in ticket histories. */
export const ROUTING_ACTOR: TicketActor = { kind: 'system', id: 'routing' };

export const ROUTING_JOB = 'routing.assign';

/**
 * Asks for a routing run of the workspace, in the transaction of the change that
 * may call for one (a new ticket, a team or status change, a solved ticket that
 * frees capacity, an agent coming online), so the request exists exactly when
 * the change does. At most one run waits per workspace (a claimed job gives up its
 * dedupe key, so a request made during a run still queues the next one).
 */
export async function requestRouting(db: Db, jobs: JobQueue, workspaceId: string, cause?: TicketActor): Promise<void> {
  // The run that made this change already accounts for it.
  if (cause?.kind === ROUTING_ACTOR.kind && cause.id === ROUTING_ACTOR.id) return;
  if (!(await hasRoutingTeam(db, workspaceId))) return;
  await jobs.enqueue({ kind: ROUTING_JOB, workspaceId, dedupeKey: `routing:${workspaceId}` }, db);
}
