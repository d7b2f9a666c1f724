import type { Db } from '../platform/db/client.ts';
import type { ProcessedEvent } from '../journeys/processor.ts';
import type { Ticket } from '../service/store.ts';
import type { JobQueue, JobRow } from '../platform/jobs/queue.ts';
import { audiencePage } from './audience.ts';
import { invite, type FeedbackDeps } from './invitations.ts';
import { dueForPeriodic, surveysTriggeredBy } from './store.ts';

// What starts an invitation besides a person: a solved ticket (CSAT, by default
// 24 hours later) or a journey event (3 days after "Order Delivered"). Runs in the
// transaction of the change, so the invitation exists exactly when the change does.

/** An event whose invitation would have gone out longer ago than this is history (a backfill), not a moment to ask. */
const STALE_MS = 24 * 3_600_000;

export async function inviteAfterSolvedTicket(db: Db, deps: FeedbackDeps, ticket: Ticket, at: Date): Promise<void> {
  for (const survey of await surveysTriggeredBy(db, ticket.workspaceId, 'ticket_solved')) {
    const delay = survey.triggers.find((t) => t.type === 'ticket_solved')?.delayMinutes ?? 24 * 60;
    await invite(db, deps, { survey, customerId: ticket.customerId, trigger: 'ticket_solved', ticketId: ticket.id, at: new Date(at.getTime() + delay * 60_000) });
  }
}

export async function inviteAfterEvents(db: Db, deps: FeedbackDeps, workspaceId: string, events: ProcessedEvent[]): Promise<void> {
  const tracked = events.filter((e) => e.kind === 'track' && e.name && e.customerId);
  if (tracked.length === 0) return;
  const surveys = (await surveysTriggeredBy(db, workspaceId, 'event')).flatMap((survey) => survey.triggers.filter((t) => t.type === 'event').map((trigger) => ({ survey, trigger })));
  for (const e of tracked) {
    for (const { survey, trigger } of surveys.filter((s) => s.trigger.event === e.name)) {
      const at = new Date(e.at.getTime() + (trigger.delayMinutes ?? 0) * 60_000);
      if (at.getTime() < Date.now() - STALE_MS) continue;
      await invite(db, deps, { survey, customerId: e.customerId!, trigger: `event:${e.name}`, at });
    }
  }
}

export const PERIODIC_JOB = 'survey.periodic';
const PAGE = 500;
const periodicKey = (workspaceId: string) => `survey-periodic:${workspaceId}`;

/** Every workspace gets its daily periodic run (a no-op without periodic surveys). */
export async function ensurePeriodic(db: Db, jobs: JobQueue, workspaceIds: string[]): Promise<void> {
  for (const workspaceId of workspaceIds) await jobs.enqueue({ kind: PERIODIC_JOB, workspaceId, dedupeKey: periodicKey(workspaceId) }, db);
}

/** A run now (a periodic survey was created or changed). */
export const requestPeriodic = (db: Db, jobs: JobQueue, workspaceId: string) => jobs.reschedule({ kind: PERIODIC_JOB, workspaceId, dedupeKey: periodicKey(workspaceId) }, db);

/**
 * The `survey.periodic` job: invites the customers a periodic survey is due to ask,
 * one survey at a time through its audience (everyone, or its segment's members),
 * a page per transaction, then re-arms itself for the next page or survey at once,
 * or for tomorrow after the last. Sampling, recontact and quiet hours apply as to any invitation.
 */
export function periodicInviter(deps: FeedbackDeps) {
  return async function inviteDue(job: JobRow, db: Db): Promise<void> {
    if (!job.workspaceId) return;
    const workspaceId = job.workspaceId;
    const at = job.payload as { surveyId?: string; after?: string };
    const next = await db.transaction(async (tx): Promise<{ surveyId: string; after?: string } | null> => {
      const surveys = (await surveysTriggeredBy(tx, workspaceId, 'periodic')).sort((a, b) => (a.id < b.id ? -1 : 1));
      // The survey the last page was of, or the next by id when it was paused or deleted meanwhile.
      const survey = surveys.find((s) => at.surveyId === undefined || s.id >= at.surveyId);
      if (!survey) return null;
      const page = await audiencePage(tx, survey, survey.id === at.surveyId ? at.after : undefined, PAGE);
      const everyDays = survey.triggers.find((t) => t.type === 'periodic')?.everyDays ?? 90;
      for (const customerId of await dueForPeriodic(tx, survey, everyDays, page.customerIds)) {
        await invite(tx, deps, { survey, customerId, trigger: 'periodic', at: new Date() });
      }
      if (page.next) return { surveyId: survey.id, after: page.next };
      const following = surveys.find((s) => s.id > survey.id);
      return following ? { surveyId: following.id } : null;
    });
    await deps.jobs.enqueue({ kind: PERIODIC_JOB, workspaceId, dedupeKey: periodicKey(workspaceId), payload: next ?? {}, runAt: new Date(Date.now() + (next ? 0 : 86_400_000)) }, db);
  };
}
