import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Db } from '../../platform/db/client.ts';
import { DEFAULT_WORKSPACE } from '../../workspaces/bootstrap.ts';
import { findWorkspaceBySlug } from '../../workspaces/store.ts';
import { announce, type ServiceDeps } from '../tickets.ts';
import { workspaceSlugFromRecipient } from './classify.ts';
import { inboundMail } from './inbound-mail.ts';
import { readMail } from './read.ts';
import { receiveMail } from './receive.ts';

export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

const refusal = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });

/**
 * The inbound SMTP listener. A mail is answered 250 only after it is committed. The
 * answer says whether sending it again can help: 552 and 554 for a mail that will never
 * be taken as it is (over the size limit, unreadable), so the sender bounces it at once;
 * 451 only for a fault of ours (the database is down), so the sender keeps it and retries.
 * Sessions over `maxClients` are answered 421 (try again later) before anything is read.
 */
export async function startSmtpListener(
  db: Db,
  deps: ServiceDeps,
  options: { port: number; host?: string; maxBytes: number; maxClients: number; log: (msg: string, err?: unknown) => void },
): Promise<SmtpListener> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: options.maxBytes,
    maxClients: options.maxClients,
    banner: 'Touchpoint',
    logger: false,
    async onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null, message?: string) => void) {
      let reading;
      try {
        reading = await readMail(stream, options.maxBytes);
      } catch (err) {
        // The sender went away mid-message: there is no one to answer.
        if ((err as { code?: string }).code !== 'ECONNECTION') options.log('reading inbound mail failed', err);
        return callback(refusal(451, 'Temporary failure, try again later'));
      }
      if (reading.kind === 'too large') return callback(refusal(552, `Message too large: the limit is ${options.maxBytes} bytes`));
      if (reading.kind === 'unreadable') return callback(refusal(554, `Message not accepted: it cannot be read (${reading.reason})`));
      try {
        const recipient = session.envelope.rcptTo[0]?.address ?? '';
        const slug = workspaceSlugFromRecipient(recipient);
        const workspace = (slug && (await findWorkspaceBySlug(db, slug))) || (await findWorkspaceBySlug(db, DEFAULT_WORKSPACE.slug));
        if (!workspace) return callback(refusal(550, 'No mailbox here'));
        const result = await receiveMail(db, deps, workspace.id, inboundMail(reading));
        if (result.outcome === 'created' || result.outcome === 'appended') {
          announce(deps, result.ticket, result.outcome === 'created' ? 'ticket.created' : 'ticket.message', { author: 'customer' });
        }
        callback(null, result.outcome === 'ignored' ? `Accepted, not filed (${result.reason})` : result.outcome === 'duplicate' ? 'Already filed' : `Filed on ticket #${result.ticketNumber}`);
      } catch (err) {
        options.log('inbound mail failed', err);
        // 451: a temporary failure, so the sending server keeps the mail and retries.
        callback(refusal(451, 'Temporary failure, try again later'));
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
