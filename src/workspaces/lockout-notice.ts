import nodemailer, { type Transporter } from 'nodemailer';
import type { Db } from '../platform/db/client.ts';
import type { JobRow, NewJob } from '../platform/jobs/queue.ts';
import { getUser } from './store.ts';

// The owner of an account is told when it locks after repeated failed logins:
// once per lock (only the attempt that locks enqueues this), by email.

export const LOCKOUT_NOTICE_JOB = 'account.lockout-notice';

export function lockoutNotice(userId: string, failures: number, lockedUntil: Date, fromAddress: string): NewJob {
  return {
    kind: LOCKOUT_NOTICE_JOB,
    payload: { userId, failures, lockedUntil: lockedUntil.toISOString(), fromAddress },
    dedupeKey: `lockout:${userId}:${lockedUntil.toISOString()}`,
  };
}

export function renderLockoutNotice(p: { name: string; email: string; failures: number; lockedUntil: Date; fromAddress: string }): { subject: string; text: string } {
  const until = `${p.lockedUntil.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return {
    subject: 'Your Touchpoint account is locked for a while',
    text: [
      `Hello ${p.name},`,
      '',
      `There were ${p.failures} failed attempts in a row to log in to Touchpoint as ${p.email}, the last from the address ${p.fromAddress}.`,
      `To protect your account, logins to it are refused until ${until}, even with the right password.`,
      '',
      'If it was you, wait until then and try again.',
      'If it was not, someone may be guessing your password: once the lock ends, log in and change your password',
      '(your name in the bottom-left corner, then "Change password"), and tell your Touchpoint admin.',
      '',
    ].join('\n'),
  };
}

/**
 * The `account.lockout-notice` job. Without SMTP_URL the notice cannot go out: it is
 * logged, and the job row keeps it (like replies that wait in the outbox).
 */
export function lockoutNotifier(options: { smtpUrl?: string; from: string; log: (message: string) => void }) {
  const transport: Transporter | null = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
  return async function sendLockoutNotice(job: JobRow, db: Db): Promise<void> {
    const user = await getUser(db, String(job.payload.userId));
    if (!user) return;
    const notice = renderLockoutNotice({
      name: user.name,
      email: user.email,
      failures: Number(job.payload.failures),
      lockedUntil: new Date(String(job.payload.lockedUntil)),
      fromAddress: String(job.payload.fromAddress),
    });
    if (!transport) {
      options.log(`account ${user.email} locked after failed logins; not told by email (SMTP_URL is not set)`);
      return;
    }
    await transport.sendMail({ from: options.from, to: { name: user.name, address: user.email }, subject: notice.subject, text: notice.text, headers: { 'Auto-Submitted': 'auto-generated' } });
  };
}
