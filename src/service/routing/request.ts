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
 * the change does.
 *
 * Deliberately without a dedupe key: the queue keeps a key while its job runs,
 * so a run already under way, which cannot see this uncommitted change, would
 * swallow the request and the ticket would wait for the next change. A run with
 * nothing to do costs a few small queries.
 */
export async function requestRouting(db: Db, jobs: JobQueue, workspaceId: string, cause?: TicketActor): Promise<void> {
  // The run that made this change already accounts for it.
  if (cause?.kind === ROUTING_ACTOR.kind && cause.id === ROUTING_ACTOR.id) return;
  if (!(await hasRoutingTeam(db, workspaceId))) return;
  await jobs.enqueue({ kind: ROUTING_JOB, workspaceId }, db);
}
