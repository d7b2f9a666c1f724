import type { Db } from '../../platform/db/client.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import { ticketText } from './examples.ts';
import { hasTriageModel } from './store.ts';

export const TRIAGE_JOB = 'triage.predict';

/**
 * A new ticket opened by a customer's message (any channel): in its transaction,
 * a durable job to predict its team or category, when the workspace has a model.
 * The text is taken now, as training took it: subject and first message.
 */
export async function requestTriage(db: Db, jobs: JobQueue, ticket: { id: string; workspaceId: string; subject: string }, message: { bodyText: string }): Promise<void> {
  if (!(await hasTriageModel(db, ticket.workspaceId))) return;
  await jobs.enqueue(
    { kind: TRIAGE_JOB, workspaceId: ticket.workspaceId, payload: { ticketId: ticket.id, text: ticketText(ticket.subject, message.bodyText) }, dedupeKey: `triage:${ticket.id}` },
    db,
  );
}
