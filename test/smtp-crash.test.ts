import nodemailer from 'nodemailer';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/platform/db/client.ts';
import { queryRows } from '../src/platform/db/query.ts';
import { engine } from './harness.ts';
import { freshServerData, startServer } from './child-server.ts';

// kill -9 of the server during a burst of inbound mail: every mail answered 250 is
// stored exactly once, and a sender that got no answer sends again (as relays do)
// without the mail being filed twice. The real server runs as a child process, on
// PGlite on disk or on PostgreSQL.

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const SENDERS = 8;
const messageId = (sender: number, n: number) => `<burst-${sender}-${n}@senders.example.test>`;

/** One mail over its own SMTP session: 'filed' or 'already' on a 250, 'failed' on anything else. */
async function send(port: number, sender: number, n: number): Promise<'filed' | 'already' | 'failed'> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 5_000, socketTimeout: 10_000 });
  try {
    const info = await transport.sendMail({
      from: `Sender ${sender} <sender${sender}@senders.example.test>`,
      to: 'support@help.test',
      subject: `Burst ${sender}-${n}`,
      text: `Mail ${n} of sender ${sender}.`,
      messageId: messageId(sender, n),
    });
    return /Already filed/.test(info.response) ? 'already' : 'filed';
  } catch {
    return 'failed';
  } finally {
    transport.close();
  }
}

describe(`kill -9 during an SMTP burst (${engine})`, () => {
  it('stores every mail answered 250 exactly once; mails sent again after the restart are not filed twice', async () => {
    const { env, dataDir, databaseUrl } = await freshServerData(cleanups);
    const server = await startServer(env);
    const { smtpPort } = server;
    const acked = new Set<string>();
    const unanswered: [sender: number, n: number][] = [];
    let stop = false;
    const sender = async (s: number) => {
      for (let n = 0; !stop; n++) {
        const outcome = await send(smtpPort, s, n);
        if (outcome === 'failed') {
          unanswered.push([s, n]);
          return; // the server is gone
        }
        acked.add(messageId(s, n));
      }
    };
    const senders = Array.from({ length: SENDERS }, (_, s) => sender(s));
    // Killed mid-burst once some mails are in (on a busy machine the first ones can take a while).
    for (const started = Date.now(); acked.size < 40 && Date.now() - started < 30_000; ) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    const killed = server.stop('SIGKILL');
    stop = true;
    await killed;
    await Promise.all(senders);
    expect(acked.size).toBeGreaterThanOrEqual(40);
    expect(unanswered.length).toBeGreaterThan(0);

    /** The burst's mails as stored, each with how many times; a ticket without exactly its one message would be half-written. */
    const storedIds = async () => {
      const database = await openDatabase({ databaseUrl, dataDir });
      try {
        const [halfWritten] = await queryRows<{ n: number }>(database.db, sql`
          select count(*)::int as n from tickets t
          where t.subject like 'Burst %' and (select count(*) from ticket_messages m where m.ticket_id = t.id) <> 1`);
        expect(halfWritten!.n).toBe(0);
        return await queryRows<{ id: string; n: number }>(database.db, sql`
          select email_message_id as id, count(*)::int as n from ticket_messages where email_message_id like '<burst-%' group by 1`);
      } finally {
        await database.close();
      }
    };
    const afterKill = await storedIds();
    expect(afterKill.filter((r) => r.n !== 1)).toEqual([]);
    const stored = new Set(afterKill.map((r) => r.id));
    expect([...acked].filter((id) => !stored.has(id))).toEqual([]);

    // The senders that got no answer send again to the restarted server: each mail is filed,
    // or, when the killed server had committed it before its 250 was lost, answered "Already filed".
    const again = await startServer(env);
    cleanups.push(() => again.stop('SIGKILL'));
    const retried = await Promise.all(unanswered.map(([s, n]) => send(again.smtpPort, s, n)));
    expect(retried.filter((outcome) => outcome === 'failed')).toEqual([]);
    unanswered.forEach(([s, n], i) => expect(retried[i]).toBe(stored.has(messageId(s, n)) ? 'already' : 'filed'));
    await again.stop('SIGKILL');

    const final = await storedIds();
    expect(final.filter((r) => r.n !== 1)).toEqual([]);
    const everySent = [...acked, ...unanswered.map(([s, n]) => messageId(s, n))].sort();
    expect(final.map((r) => r.id).sort()).toEqual(everySent);
    // Two server starts: on a loaded machine each can take a minute.
  }, 300_000);
});
