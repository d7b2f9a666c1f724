import type { Db } from '../../platform/db/client.ts';
import { createCustomer, getCustomer } from '../../customers/store.ts';
import { findTicketByEmailIds, findTicketByNumber, hasEmailMessage, type Ticket } from '../store.ts';
import { addMessage, createTicket, type ServiceDeps, type TicketActor } from '../tickets.ts';
import { ticketNumberInSubject } from './classify.ts';
import type { InboundMail } from './inbound-mail.ts';
import { splitReply } from './reply.ts';

export type InboundResult =
  | { outcome: 'created' | 'appended'; ticketNumber: number; ticket: Ticket }
  | { outcome: 'ignored'; reason: string }
  | { outcome: 'duplicate' };

/** The notes inbound mail leaves are the system's: no automation reacts to them. */
const MAIL_NOTES: TicketActor = { kind: 'system', id: 'mail' };

/**
 * Files one mail: a reply joins its ticket (by Message-ID, then by the [#number]
 * token) when it comes from the ticket's customer; anything else opens a new ticket,
 * so a stranger's mail never lands silently in someone's thread. A mail whose From
 * holds no address opens a ticket of its own under a new, unknown customer (no email,
 * so nothing is ever sent to it). What could not be kept is said in an internal note.
 */
export async function receiveMail(db: Db, deps: ServiceDeps, workspaceId: string, mail: InboundMail): Promise<InboundResult> {
  if (mail.automated) return { outcome: 'ignored', reason: mail.automated };
  return db.transaction(async (tx) => {
    // A relay that retries after a lost 250 must not file the same mail twice.
    if (mail.messageId && (await hasEmailMessage(tx, workspaceId, mail.messageId))) return { outcome: 'duplicate' as const };
    const { reply, trimmed } = splitReply(mail.text.trim());
    const message = {
      authorKind: 'customer' as const,
      public: true,
      body: reply || '(empty message)',
      trimmed,
      html: mail.html,
      fromAddress: mail.sender?.address ?? null,
      emailMessageId: mail.messageId,
      inReplyTo: mail.inReplyTo,
      attachments: mail.attachments,
      at: new Date(),
    };
    const withNotes = async (ticket: Ticket) =>
      mail.notes.length === 0
        ? ticket
        : (await addMessage(tx, deps, workspaceId, ticket, { authorKind: 'system', public: false, body: mail.notes.join('\n\n'), channel: ticket.channel }, MAIL_NOTES)).ticket;

    const sender = mail.sender;
    const thread =
      sender &&
      ((await findTicketByEmailIds(tx, workspaceId, mail.references)) ??
        (await (async () => {
          const n = ticketNumberInSubject(mail.subject);
          return n === null ? undefined : findTicketByNumber(tx, workspaceId, n);
        })()));
    if (sender && thread && thread.status !== 'closed') {
      const customer = await getCustomer(tx, workspaceId, thread.customerId);
      if (customer?.email === sender.address) {
        const { ticket } = await addMessage(tx, deps, workspaceId, thread, { ...message, channel: 'email' }, { kind: 'customer', id: customer.id });
        return { outcome: 'appended' as const, ticketNumber: ticket.number, ticket: await withNotes(ticket) };
      }
    }
    const customer = sender
      ? { email: sender.address, name: sender.name ?? undefined }
      : { id: (await createCustomer(tx, workspaceId, { name: 'Unknown sender', seenAt: message.at }, [])).id };
    const { ticket } = await createTicket(tx, deps, workspaceId, { customer, subject: mail.subject || '(no subject)', channel: 'email', message }, { kind: 'customer', id: null });
    return { outcome: 'created' as const, ticketNumber: ticket.number, ticket: await withNotes(ticket) };
  });
}
