import nodemailer, { type Transporter } from 'nodemailer';
import type { Db } from '../../platform/db/client.ts';
import type { JobRow } from '../../platform/jobs/queue.ts';
import { getCustomer } from '../../customers/store.ts';
import { getMessage, getTicket, messagesOf, setDelivery } from '../store.ts';
import { withQuote } from './quote.ts';

/**
 * Sends an agent's public reply by email (the `mail.send` job). The Message-ID
 * was fixed when the reply was written, so a retry after a crash sends the same
 * message (clients drop duplicates by Message-ID); `sent_at` stops a second send
 * once the first is recorded. Without SMTP_URL the reply waits in the outbox.
 */
export function mailSender(options: { smtpUrl?: string; from: string; timeZone: string }) {
  const transport: Transporter | null = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
  return async function sendReply(job: JobRow, db: Db): Promise<void> {
    const messageId = String(job.payload.messageId);
    const message = await getMessage(db, messageId);
    if (!message || message.sentAt || !job.workspaceId) return;
    if (!transport) {
      await setDelivery(db, message.id, 'outbox');
      return;
    }
    const ticket = (await getTicket(db, job.workspaceId, message.ticketId))!;
    const customer = await getCustomer(db, job.workspaceId, ticket.customerId);
    if (!customer?.email) {
      await setDelivery(db, message.id, 'failed');
      return;
    }
    // Thread in the customer's mail client: reply to the last mail of the conversation.
    const before = (await messagesOf(db, ticket.id)).filter((m) => m.id !== message.id && m.createdAt <= message.createdAt);
    const references = before.filter((m) => m.emailMessageId).map((m) => m.emailMessageId!);
    // Below the reply, what it answers: the customer's last message.
    const answered = before.filter((m) => m.authorKind === 'customer' && m.public && !m.call).at(-1);
    const subject = /^re:/i.test(ticket.subject) ? ticket.subject : `Re: ${ticket.subject}`;
    await transport.sendMail({
      from: options.from,
      to: customer.name ? { name: customer.name, address: customer.email } : customer.email,
      subject: `${subject} [#${ticket.number}]`,
      text: withQuote(
        message.bodyText,
        answered && { author: customer.name || customer.email, address: answered.fromAddress ?? customer.email, at: answered.createdAt, body: answered.bodyText },
        options.timeZone,
      ),
      messageId: message.emailMessageId!,
      inReplyTo: references[references.length - 1],
      references,
      headers: { 'Auto-Submitted': 'no', 'X-Touchpoint-Ticket': String(ticket.number) },
    });
    await setDelivery(db, message.id, 'sent', new Date());
  };
}
