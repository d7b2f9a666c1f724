import type { Db } from '../platform/db/client.ts';
import type { Ticket } from '../service/store.ts';
import { invite, type FeedbackDeps } from './invitations.ts';
import { surveysTriggeredBy } from './store.ts';

// What starts an invitation besides a person: a solved ticket (CSAT, by default
// 24 hours later). Runs in the transaction of the change, so the invitation exists
// exactly when the change does.

export async function inviteAfterSolvedTicket(db: Db, deps: FeedbackDeps, ticket: Ticket, at: Date): Promise<void> {
  for (const survey of await surveysTriggeredBy(db, ticket.workspaceId, 'ticket_solved')) {
    const delay = survey.triggers.find((t) => t.type === 'ticket_solved')?.delayMinutes ?? 24 * 60;
    await invite(db, deps, { survey, customerId: ticket.customerId, trigger: 'ticket_solved', ticketId: ticket.id, at: new Date(at.getTime() + delay * 60_000) });
  }
}
