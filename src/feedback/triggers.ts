import type { Db } from '../platform/db/client.ts';
import type { ProcessedEvent } from '../journeys/processor.ts';
import type { Ticket } from '../service/store.ts';
import { invite, type FeedbackDeps } from './invitations.ts';
import { surveysTriggeredBy } from './store.ts';

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
      const at = new Date(e.at.getTime() + trigger.delayMinutes * 60_000);
      if (at.getTime() < Date.now() - STALE_MS) continue;
      await invite(db, deps, { survey, customerId: e.customerId!, trigger: `event:${e.name}`, at });
    }
  }
}
