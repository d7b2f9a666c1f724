import crypto from 'node:crypto';
import net from 'node:net';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/query.ts';
import { engine, startTestServer, type TestServer } from '../../../test/harness.ts';

// Mails that are broken or hostile, delivered over real SMTP. Each is either filed
// with what can be read (and an internal note saying what was not), or refused with
// a permanent 5xx; none is answered 451 for ever. A failing case stores nothing.

const LIMIT = 3_000_000;
let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startTestServer({ TOUCHPOINT_MAIL_MAX_BYTES: String(LIMIT) });
  admin = await server.login();
});
afterAll(async () => {
  await server?.close();
});

/** Delivers a raw RFC 5322 message as it is: nothing rewritten on the way. */
async function sendRaw(raw: string | Buffer, port = server.smtpPort) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail({ envelope: { from: 'relay@example.test', to: ['support@help.test'] }, raw });
  } finally {
    transport.close();
  }
}

const id = () => `<${crypto.randomUUID()}@faults.example.test>`;
const mail = (headers: string, body: string) => `${headers.trim().split('\n').join('\r\n')}\r\nMIME-Version: 1.0\r\n\r\n${body}`;

function multipart(from: string, subject: string, parts: string[], messageId = id()) {
  const body = ['--B', 'Content-Type: text/plain; charset=utf-8', '', 'The text of the mail.', ...parts.flatMap((p) => ['--B', p]), '--B--', ''].join('\r\n');
  return mail(`From: ${from}\nSubject: ${subject}\nMessage-ID: ${messageId}\nContent-Type: multipart/mixed; boundary="B"`, body);
}

function nested(from: string, subject: string, depth: number) {
  let part = 'Content-Type: text/plain\r\n\r\nDeep inside.\r\n';
  for (let i = 0; i < depth; i++) part = `Content-Type: multipart/mixed; boundary="n${i}"\r\n\r\n--n${i}\r\n${part}--n${i}--\r\n`;
  return `From: ${from}\r\nSubject: ${subject}\r\nMessage-ID: ${id()}\r\nMIME-Version: 1.0\r\n${part}`;
}

interface Stored {
  tickets: number;
  messages: number;
  customers: number;
  attachments: number;
}
const stored = async (): Promise<Stored> =>
  (
    await queryRows<Stored>(server.tp.database.db, sql`
      select (select count(*)::int from tickets) as tickets, (select count(*)::int from ticket_messages) as messages,
             (select count(*)::int from customers) as customers, (select count(*)::int from ticket_attachments) as attachments`)
  )[0]!;

/** The ticket a 250 reply names, as the agent's API shows it. */
async function filedTicket(response: string) {
  const number = Number(response.match(/Filed on ticket #(\d+)/)?.[1]);
  expect(number).toBeGreaterThan(0);
  const list = await server.call('GET', `/api/v1/tickets?limit=100`, { cookie: admin });
  const row = list.body.data.find((t: { number: number }) => t.number === number);
  return (await server.call('GET', `/api/v1/tickets/${row.id}`, { cookie: admin })).body;
}

const notesOf = (ticket: { messages: { public: boolean; author: string; body: string }[] }) => ticket.messages.filter((m) => !m.public && m.author === 'system').map((m) => m.body);

describe('text PostgreSQL cannot store', () => {
  it('files a mail with NUL in its subject, body and Message-ID, the NULs removed; the same mail again is filed once', async () => {
    const messageId = '<nul\u0000id@faults.example.test>';
    const raw = mail(`From: Nuno <nuno@example.test>\nSubject: Refund\u0000 please\nMessage-ID: ${messageId}\nContent-Type: text/plain; charset=utf-8`, 'I paid\u0000 twice.\r\n');
    const info = await sendRaw(raw);
    expect(info.response).toMatch(/^250 /);
    const ticket = await filedTicket(info.response);
    expect(ticket.subject).toBe('Refund please');
    expect(ticket.messages[0].body).toBe('I paid twice.');
    const before = await stored();
    expect((await sendRaw(raw)).response).toMatch(/Already filed/);
    expect(await stored()).toEqual(before);
  });

  it('files a mail whose subject decodes to a lone surrogate, replaced by U+FFFD', async () => {
    const subject = Buffer.from([0x4f, 0, 0x6b, 0, 0x00, 0xd8]).toString('base64'); // "Ok" then a lone high surrogate, UTF-16LE
    const info = await sendRaw(mail(`From: sara@example.test\nSubject: =?utf-16le?B?${subject}?=\nMessage-ID: ${id()}\nContent-Type: text/plain`, 'Hello.\r\n'));
    expect((await filedTicket(info.response)).subject).toBe('Ok\uFFFD');
  });
});

describe('mails larger or deeper than what is read', () => {
  it('files a mail of 10,000 parts with its text and a note that the rest was dropped', async () => {
    const parts = Array.from({ length: 10_000 }, (_, i) => `Content-Type: text/plain\r\n\r\npart ${i}\r\n`);
    const info = await sendRaw(multipart('Pia <pia@example.test>', 'Ten thousand parts', parts));
    expect(info.response).toMatch(/^250 /);
    const ticket = await filedTicket(info.response);
    expect(ticket.subject).toBe('Ten thousand parts');
    expect(ticket.customer.email).toBe('pia@example.test');
    expect(ticket.messages[0].body).toMatch(/^The text of the mail\./);
    expect(notesOf(ticket)).toEqual([expect.stringMatching(/more than 1,000 MIME parts/)]);
  });

  it('files a mail of 2,000 attachments with its text and no attachment, and says so', async () => {
    const parts = Array.from({ length: 2_000 }, (_, i) => `Content-Type: text/plain\r\nContent-Disposition: attachment; filename="f${i}.txt"\r\n\r\nfile ${i}\r\n`);
    const before = await stored();
    const info = await sendRaw(multipart('ana@example.test', 'Two thousand files', parts));
    const ticket = await filedTicket(info.response);
    expect(ticket.messages[0].body).toBe('The text of the mail.');
    expect(ticket.messages[0].attachments).toEqual([]);
    expect(notesOf(ticket)).toEqual([expect.stringMatching(/attachments .*were not kept/)]);
    expect((await stored()).attachments).toBe(before.attachments);
  });

  it('files a mail nested 2,000 deep under its sender and subject, and says its text could not be read', async () => {
    const info = await sendRaw(nested('dora@example.test', 'Deep', 2_000));
    const ticket = await filedTicket(info.response);
    expect(ticket).toMatchObject({ subject: 'Deep', customer: { email: 'dora@example.test' } });
    expect(notesOf(ticket)).toEqual([expect.stringMatching(/more than 1,000 MIME parts/)]);
  });

  it('files a mail with a header over 1 MB under the sender and subject above it, and says so', async () => {
    const info = await sendRaw(mail(`From: lia@example.test\nSubject: Long header\nX-Padding: ${'x'.repeat(2_000_000)}\nContent-Type: text/plain`, 'Hello.\r\n'));
    const ticket = await filedTicket(info.response);
    expect(ticket).toMatchObject({ subject: 'Long header', customer: { email: 'lia@example.test' } });
    expect(notesOf(ticket)).toEqual([expect.stringMatching(/a header of it is over 1 MB/)]);
  });

  it('refuses a mail that cannot be read at all (its first line, a header, is over 1 MB) with 554, and stores nothing', async () => {
    const before = await stored();
    const raw = mail(`X-Padding: ${'x'.repeat(2_000_000)}\nFrom: long@example.test\nSubject: Long header\nContent-Type: text/plain`, 'Hello.\r\n');
    await expect(sendRaw(raw)).rejects.toMatchObject({ responseCode: 554, response: expect.stringMatching(/cannot be read/) });
    expect(await stored()).toEqual(before);
  });

  it('refuses a mail over the size limit with 552 without reading past the limit, and stores nothing', async () => {
    // Past the limit come 10,000 parts: a parser that read them would fail on them instead.
    const parts = ['Content-Type: text/plain\r\n\r\n' + 'padding line\r\n'.repeat(LIMIT / 14 + 1000), ...Array.from({ length: 10_000 }, (_, i) => `Content-Type: text/plain\r\n\r\np${i}\r\n`)];
    const before = await stored();
    await expect(sendRaw(multipart('big@example.test', 'Huge', parts))).rejects.toMatchObject({ responseCode: 552 });
    expect(await stored()).toEqual(before);
  });
});

describe('header values beyond what the database takes', () => {
  // Random text: PostgreSQL compresses repeated characters, and would index them.
  const noise = (chars: number) => crypto.randomBytes(chars).toString('base64url').slice(0, chars);
  const plain = (headers: string) => sendRaw(mail(`${headers}\nSubject: Long headers\nContent-Type: text/plain`, 'Hello.\r\n'));

  it('files a mail with a 6,000-character Message-ID, without it, and says so', async () => {
    const info = await plain(`From: mo@example.test\nMessage-ID: <${noise(6_000)}@x.test>`);
    expect(info.response).toMatch(/^250 /);
    const ticket = await filedTicket(info.response);
    expect(notesOf(ticket)).toEqual([expect.stringMatching(/Message-ID .*was not kept/)]);
  });

  it('files a mail from a 10,000-character name under the name cut to 200 characters', async () => {
    const info = await plain(`From: ${noise(10_000)} <long@example.test>\nMessage-ID: ${id()}`);
    const ticket = await filedTicket(info.response);
    expect(ticket.customer.email).toBe('long@example.test');
    expect(ticket.customer.name).toHaveLength(200);
  });

  it('files a mail with 70,000 References', async () => {
    const references = Array.from({ length: 70_000 }, (_, i) => `<${i}@x>`)
      .map((ref, i) => (i % 50 === 49 ? `${ref}\n` : ref))
      .join(' ');
    const info = await plain(`From: refs@example.test\nMessage-ID: ${id()}\nReferences: ${references}`);
    expect(info.response).toMatch(/^250 /);
  });
});

describe('a From that holds no address', () => {
  it('files a mail without From under an unknown sender, and says so', async () => {
    const info = await sendRaw(mail(`Subject: Anonymous\nMessage-ID: ${id()}\nContent-Type: text/plain`, 'Who reads this?\r\n'));
    const ticket = await filedTicket(info.response);
    expect(ticket.customer).toMatchObject({ email: null, name: 'Unknown sender' });
    expect(notesOf(ticket)).toEqual([expect.stringContaining('The mail has no From header.')]);
  });

  it.each([['script'], ['"><script>@x>'], ['<script>alert(1)</script>']])('files %s under an unknown sender; the agent sees the From as written; no reply is queued', async (from) => {
    const customersBefore = await queryRows<{ email: string }>(server.tp.database.db, sql`select email from customers where email is not null`);
    const info = await sendRaw(mail(`From: ${from}\nSubject: Help\nMessage-ID: ${id()}\nContent-Type: text/plain`, 'Please call me back.\r\n'));
    expect(info.response).toMatch(/^250 /);
    const ticket = await filedTicket(info.response);
    expect(ticket.customer).toMatchObject({ email: null, name: 'Unknown sender' });
    expect(ticket.messages[0]).toMatchObject({ body: 'Please call me back.', from: null });
    expect(notesOf(ticket)).toEqual([expect.stringContaining(`From: ${from}`)]);
    expect(await queryRows(server.tp.database.db, sql`select email from customers where email is not null`)).toEqual(customersBefore);

    const reply = await server.call('POST', `/api/v1/tickets/${ticket.id}/messages`, { cookie: admin, body: { body: 'Who are you?' } });
    expect(reply.status).toBe(201);
    expect(reply.body.delivery).toBeNull();
    const [queued] = await queryRows<{ n: number }>(server.tp.database.db, sql`select count(*)::int as n from jobs where kind = 'mail.send' and payload->>'messageId' = ${reply.body.id}`);
    expect(queued!.n).toBe(0);
  });
});

describe('a fault of ours', () => {
  /** Runs SQL on the PostgreSQL server as its admin, outside the server under test. */
  async function asAdmin(statement: string) {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  }

  // An embedded database lives in the server's process: it cannot go down while the server runs.
  it.runIf(engine === 'postgres')('answers 451 while the database is down, so the sender retries; the retry is filed once', async () => {
    const name = new URL(server.config.databaseUrl!).pathname.slice(1);
    const raw = mail(`From: tia@example.test\nSubject: During the outage\nMessage-ID: ${id()}\nContent-Type: text/plain`, 'Hello?\r\n');
    const before = await stored();
    await asAdmin(`alter database ${name} allow_connections false`);
    try {
      await asAdmin(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}'`);
      await expect(sendRaw(raw)).rejects.toMatchObject({ responseCode: 451 });
    } finally {
      await asAdmin(`alter database ${name} allow_connections true`);
    }
    expect(await stored()).toEqual(before);
    const info = await sendRaw(raw);
    expect((await filedTicket(info.response)).subject).toBe('During the outage');
    expect((await sendRaw(raw)).response).toMatch(/Already filed/);
  });
});

describe('concurrent SMTP sessions', () => {
  let capped: TestServer;
  beforeAll(async () => {
    capped = await startTestServer({ TOUCHPOINT_SMTP_MAX_CLIENTS: '2' });
  });
  afterAll(async () => {
    await capped?.close();
  });

  /** Opens a session and resolves with the server's first line. */
  const greeting = (socket: net.Socket) =>
    new Promise<string>((resolve, reject) => {
      socket.once('data', (chunk) => resolve(chunk.toString()));
      socket.once('error', reject);
    });

  it('answers the session over TOUCHPOINT_SMTP_MAX_CLIENTS with 421, and takes mail again once one ends', async () => {
    const open = [0, 1].map(() => net.connect(capped.smtpPort, '127.0.0.1'));
    try {
      for (const banner of await Promise.all(open.map(greeting))) expect(banner).toMatch(/^220 /);
      const third = net.connect(capped.smtpPort, '127.0.0.1');
      expect(await greeting(third)).toMatch(/^421 /);
      third.destroy();
      open.pop()!.end('QUIT\r\n');
      await new Promise((r) => setTimeout(r, 200));
      const info = await sendRaw(mail(`From: zoe@example.test\nSubject: After the rush\nMessage-ID: ${id()}\nContent-Type: text/plain`, 'Hi.\r\n'), capped.smtpPort);
      expect(info.response).toMatch(/^250 /);
    } finally {
      for (const s of open) s.destroy();
    }
  });
});
