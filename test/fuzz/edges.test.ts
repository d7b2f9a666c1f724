import nodemailer from 'nodemailer';
import { sql } from 'drizzle-orm';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/platform/db/query.ts';
import { engine, eventually, startTestServer, type TestServer } from '../harness.ts';
import { chance, DEEP_JSON, hostile, HOSTILE_STRINGS, pick, seeded, type Random } from './values.ts';

// The two edges that are not HTTP requests: the chat widget's WebSocket frames and
// inbound SMTP. Seeded and bounded in time like the HTTP fuzz (FUZZ_SEED, FUZZ_MS).

const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const BUDGET_MS = Number(process.env.FUZZ_MS ?? 40_000) / 2;

let server: TestServer;
let writeKey: string;
beforeAll(async () => {
  server = await startTestServer({ TOUCHPOINT_RATE_LIMIT_PUBLIC: '1000000' });
  writeKey = (await server.workspace('default')).writeKey;
}, 120_000);
afterAll(() => server?.close());

const count = async (table: string) => (await queryRows<{ n: number }>(server.tp.database.db, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;

function frame(r: Random): string | Buffer {
  const roll = r();
  if (roll < 0.1) return pick(r, ['', '{', 'null', '[]', '"join"', '{"type":', DEEP_JSON, 'x'.repeat(60_000)]);
  if (roll < 0.15) return Buffer.from([0xff, 0xfe, 0x00, 0x7b]);
  if (roll < 0.3) return JSON.stringify({ type: pick(r, ['join', 'message', 'typing', 'unknown', '']), token: hostile(r), body: hostile(r) });
  return JSON.stringify({ type: 'message', body: chance(r, 0.7) ? pick(r, HOSTILE_STRINGS) : `plain ${Math.floor(r() * 1000)}` });
}

describe(`fuzzing the chat widget's frames (${engine}, seed ${SEED})`, () => {
  it('never fails a socket with an internal error, and stores repaired text', async () => {
    const r = seeded(SEED);
    // A visitor may send 8 messages in a burst per conversation, and start 20 conversations a minute.
    const conversations: { token: string; id: string }[] = [];
    const conversation = async () => {
      if (conversations.length >= 15) return pick(r, conversations);
      const started = await server.call('POST', '/widget/v1/conversations', { body: { writeKey, anonymousId: `fuzz-visitor-${conversations.length}`, name: 'Fuzz', email: 'fuzz@example.test', message: 'Hello' } });
      expect(started.status).toBe(201);
      conversations.push({ token: started.body.token, id: started.body.conversation.id });
      return conversations.at(-1)!;
    };
    const closes: { code: number; reason: string; after: string }[] = [];
    let frames = 0;
    const until = Date.now() + BUDGET_MS;
    // The widget may open 120 sockets a minute from one address: stay under it, so every socket is heard.
    let sockets = 0;
    while (Date.now() < until && closes.length < 10 && sockets++ < 100) {
      const socket = new WebSocket(`${server.url.replace('http', 'ws')}/widget/v1/chat?writeKey=${encodeURIComponent(writeKey)}`);
      socket.on('error', () => {});
      let last = '';
      const closed = new Promise<void>((resolve) =>
        socket.on('close', (code, reason) => {
          // 4xxx: a refusal that says why (4429: the visitor's rate); 1000/1005: a normal end; 1009: a frame over the size limit.
          if (code === 1011 || code === 1006 || (code >= 1000 && code < 4000 && ![1000, 1005, 1009].includes(code))) closes.push({ code, reason: reason.toString(), after: last.slice(0, 200) });
          resolve();
        }),
      );
      const opened = await new Promise<boolean>((resolve) => {
        socket.once('open', () => resolve(true));
        socket.once('unexpected-response', (_req, res) => {
          closes.push({ code: res.statusCode ?? 0, reason: 'upgrade refused', after: '' });
          resolve(false);
        });
      });
      if (!opened) break;
      socket.send(JSON.stringify({ type: 'join', token: (await conversation()).token }));
      for (let i = 0; i < 8 && socket.readyState === socket.OPEN; i++) {
        const f = frame(r);
        last = typeof f === 'string' ? f : `<${f.length} bytes>`;
        socket.send(f);
        frames++;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      socket.close(1000);
      await closed;
    }
    console.info(`widget frames (${engine}): ${frames} frames sent`);
    expect(closes).toEqual([]);
    expect(frames).toBeGreaterThan(50);
    // What was stored is text PostgreSQL could keep: no NUL, no lone surrogate.
    const bodies = (await queryRows<{ body: string }>(server.tp.database.db, sql`select body_text as body from ticket_messages where channel = 'chat'`)).map((m) => m.body);
    expect(bodies.length).toBeGreaterThan(conversations.length);
    expect(bodies.filter((b) => b.includes('\u0000') || !b.isWellFormed())).toEqual([]);
  }, BUDGET_MS + 60_000);
});

function mail(r: Random, n: number): string {
  const header = (v: unknown) => (typeof v === 'string' ? v.slice(0, 500) : JSON.stringify(v)?.slice(0, 500) ?? '').replace(/\r?\n/g, ' ');
  const from = chance(r, 0.6) ? `Customer ${n} <c${n}@example.test>` : header(hostile(r));
  const subject = chance(r, 0.5) ? `Question ${n}` : header(hostile(r));
  const body = chance(r, 0.5) ? `Hello, order ${n} is late.` : String(pick(r, HOSTILE_STRINGS)).slice(0, 20_000);
  const roll = r();
  const head = `From: ${from}\r\nTo: support@help.test\r\nSubject: ${subject}\r\nMessage-ID: <fuzz-${SEED}-${n}@example.test>\r\n`;
  if (roll < 0.1) {
    // multipart nested far too deep
    let part = `Content-Type: text/plain\r\n\r\n${body}\r\n`;
    for (let i = 0; i < 300; i++) part = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${part}--b${i}--\r\n`;
    return `${head}MIME-Version: 1.0\r\n${part}`;
  }
  if (roll < 0.2) {
    const parts = Array.from({ length: 1_500 }, (_, i) => `--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="f${i}.bin"\r\n\r\nxx\r\n`).join('');
    return `${head}MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${parts}--b--\r\n`;
  }
  if (roll < 0.3) return `${head}Content-Type: text/html; charset=${pick(r, ['utf-8', 'x-unknown', 'utf-16'])}\r\nContent-Transfer-Encoding: ${pick(r, ['base64', 'quoted-printable', '8bit'])}\r\n\r\n<p>${body}</p>=ZZ===\r\n`;
  return `${head}Content-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`;
}

describe(`fuzzing inbound SMTP (${engine}, seed ${SEED})`, () => {
  it('answers every mail with 250 or a permanent 5xx, never a temporary refusal, and stays up', async () => {
    const r = seeded(SEED + 1);
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.smtpPort, secure: false, ignoreTLS: true });
    const failures: { n: number; code: number | undefined; message: string; mail: string }[] = [];
    const codes = new Map<number | string, number>();
    let accepted = 0;
    let sent = 0;
    const until = Date.now() + BUDGET_MS;
    while (Date.now() < until && failures.length < 10) {
      const raw = mail(r, sent);
      sent++;
      try {
        await transport.sendMail({ envelope: { from: `c${sent}@example.test`, to: ['support@help.test'] }, raw });
        accepted++;
        codes.set(250, (codes.get(250) ?? 0) + 1);
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        codes.set(code ?? 'none', (codes.get(code ?? 'none') ?? 0) + 1);
        if (!code || code < 500) failures.push({ n: sent, code, message: String((err as Error).message).slice(0, 200), mail: raw.slice(0, 300) });
      }
    }
    console.info(`smtp (${engine}): ${sent} mails, replies ${JSON.stringify(Object.fromEntries(codes))}`);
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(20);
    // Every mail answered 250 was filed, once.
    await eventually(async () => expect(await count(`ticket_messages where email_message_id like '%fuzz-${SEED}-%'`)).toBe(accepted));
  }, BUDGET_MS + 60_000);
});
