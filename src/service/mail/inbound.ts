import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Db } from '../../platform/db/client.ts';
import { getCustomer } from '../../customers/store.ts';
import { DEFAULT_WORKSPACE } from '../../workspaces/bootstrap.ts';
import { findWorkspaceBySlug } from '../../workspaces/store.ts';
import { htmlToText } from '../html.ts';
import { findTicketByEmailIds, findTicketByNumber, hasEmailMessage, type Ticket } from '../store.ts';
import { addMessage, announce, createTicket, type ServiceDeps } from '../tickets.ts';
import { automatedReason, referencedIds, ticketNumberInSubject, workspaceSlugFromRecipient } from './classify.ts';
import { splitReply } from './reply.ts';

export type InboundResult =
  | { outcome: 'created' | 'appended'; ticketNumber: number; ticket: Ticket }
  | { outcome: 'ignored'; reason: string }
  | { outcome: 'duplicate' };

const addressOf = (mail: ParsedMail) => mail.from?.value[0]?.address?.toLowerCase();

/**
 * Files one parsed mail: a reply joins its ticket (by Message-ID, then by the
 * [#number] token) when it comes from the ticket's customer; anything else opens
 * a new ticket, so a stranger's mail never lands silently in someone's thread.
 */
export async function receiveMail(db: Db, deps: ServiceDeps, workspaceId: string, mail: ParsedMail): Promise<InboundResult> {
  const from = addressOf(mail);
  const automated = automatedReason(mail.headers, from, String(mail.headers.get('content-type') ?? ''));
  if (automated) return { outcome: 'ignored', reason: automated };
  if (!from) return { outcome: 'ignored', reason: 'no sender address' };
  const messageId = mail.messageId?.trim() ?? null;
  return db.transaction(async (tx) => {
    // A relay that retries after a lost 250 must not file the same mail twice.
    if (messageId && (await hasEmailMessage(tx, workspaceId, messageId))) return { outcome: 'duplicate' as const };
    const { reply, trimmed } = splitReply((mail.text ?? (mail.html ? htmlToText(mail.html) : '')).trim());
    const body = reply || '(empty message)';
    const attachments = mail.attachments.map((a) => ({ filename: a.filename ?? 'attachment', contentType: a.contentType, content: a.content }));
    const message = {
      authorKind: 'customer' as const,
      public: true,
      body,
      trimmed,
      html: mail.html || null,
      fromAddress: from,
      emailMessageId: messageId,
      inReplyTo: mail.inReplyTo ?? null,
      attachments,
      at: new Date(),
    };
    const thread =
      (await findTicketByEmailIds(tx, workspaceId, referencedIds(mail.inReplyTo, mail.references))) ??
      (await (async () => {
        const n = ticketNumberInSubject(mail.subject);
        return n === null ? undefined : findTicketByNumber(tx, workspaceId, n);
      })());
    if (thread && thread.status !== 'closed') {
      const customer = await getCustomer(tx, workspaceId, thread.customerId);
      if (customer?.email === from) {
        const { ticket } = await addMessage(tx, deps, workspaceId, thread, { ...message, channel: 'email' }, { kind: 'customer', id: customer.id });
        return { outcome: 'appended' as const, ticketNumber: ticket.number, ticket };
      }
    }
    const name = mail.from?.value[0]?.name || undefined;
    const subject = (mail.subject ?? '').trim() || '(no subject)';
    const { ticket } = await createTicket(tx, deps, workspaceId, { customer: { email: from, name }, subject, channel: 'email', message }, { kind: 'customer', id: null });
    return { outcome: 'created' as const, ticketNumber: ticket.number, ticket };
  });
}

export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

/**
 * The inbound SMTP listener. A mail is answered 250 only after it is committed;
 * a mail over the size limit is refused with 552 during the transfer.
 */
export async function startSmtpListener(
  db: Db,
  deps: ServiceDeps,
  options: { port: number; host?: string; maxBytes: number; log: (msg: string, err?: unknown) => void },
): Promise<SmtpListener> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: options.maxBytes,
    banner: 'Touchpoint',
    logger: false,
    async onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null, message?: string) => void) {
      try {
        const mail = await simpleParser(stream, { skipImageLinks: true });
        if (stream.sizeExceeded) {
          const err = new Error(`Message too large: the limit is ${options.maxBytes} bytes`) as Error & { responseCode: number };
          err.responseCode = 552;
          return callback(err);
        }
        const recipient = session.envelope.rcptTo[0]?.address ?? '';
        const slug = workspaceSlugFromRecipient(recipient);
        const workspace = (slug && (await findWorkspaceBySlug(db, slug))) || (await findWorkspaceBySlug(db, DEFAULT_WORKSPACE.slug));
        if (!workspace) {
          const err = new Error('No mailbox here') as Error & { responseCode: number };
          err.responseCode = 550;
          return callback(err);
        }
        const result = await receiveMail(db, deps, workspace.id, mail);
        if (result.outcome === 'created' || result.outcome === 'appended') {
          announce(deps, result.ticket, result.outcome === 'created' ? 'ticket.created' : 'ticket.message', { author: 'customer' });
        }
        callback(null, result.outcome === 'ignored' ? `Accepted, not filed (${result.reason})` : result.outcome === 'duplicate' ? 'Already filed' : `Filed on ticket #${result.ticketNumber}`);
      } catch (err) {
        options.log('inbound mail failed', err);
        // 451: a temporary failure, so the sending server keeps the mail and retries.
        const e = new Error('Temporary failure, try again later') as Error & { responseCode: number };
        e.responseCode = 451;
        callback(e);
      }
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  server.on('error', (err) => options.log('smtp server error', err));
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
