import http from 'node:http';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/query.ts';
import { startTestServer, type TestServer } from '../../../test/harness.ts';

let server: TestServer;
let ws: Awaited<ReturnType<TestServer['workspace']>>;
let other: Awaited<ReturnType<TestServer['workspace']>>;
let receiver: http.Server;
const received: { type: string; data: { theme: { name: string; lastWeek: number } } }[] = [];
const DAY = 86_400_000;

const themeJobs = async () => (await queryRows<{ n: number }>(server.tp.database.db, sql`select count(*)::int as n from jobs where kind = 'insights.themes' and workspace_id = ${ws.id}`))[0]!.n;
const runs = async () => (await queryRows<{ n: number }>(server.tp.database.db, sql`select count(*)::int as n from theme_runs where workspace_id = ${ws.id}`))[0]!.n;
/** Runs every due job (sentiment readings, theme runs, webhook deliveries) until none is left. */
const drain = () => server.drainJobs();

// Three issues, as customers put them: late parcels (reviews all along), the wrong grind
// (survey comments over the month), double charges (tickets, all this week: a spike). The
// openings and endings are shared by all three, so only the issue itself sets a text apart.
const ISSUES = { late: 'my parcel delivery arrived {n} days late', grind: 'the grind was too coarse for my espresso machine', charge: 'my card was charged twice for one order' };
type Issue = keyof typeof ISSUES;
const OPENINGS = ['', 'Hello,', 'Honestly,', 'Hi team,', 'Again:'];
const ENDINGS = ['', 'Please help.', 'Not happy.', 'What now?', 'Thanks.', 'Third time this year.', 'Sort it out.'];
const say = (issue: Issue, i: number) => [OPENINGS[i % 5], ISSUES[issue].replace('{n}', String(2 + (i % 5))), ENDINGS[(i * 3) % 7]].filter(Boolean).join(' ');
const KEY: Record<Issue, string> = { late: 'parcel delivery', grind: 'too coarse', charge: 'charged twice' };

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  // The webhook receiver is on this machine: allowed as an operator would.
  server = await startTestServer({ TOUCHPOINT_WEBHOOK_ALLOW: '127.0.0.1' });
  ws = await server.workspace('themes');
  other = await server.workspace('themes-other');
});
afterAll(async () => {
  await server?.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe('themes: access and bad input first', () => {
  it('401 without credentials, 403 for a write key and for an agent asking for a run', async () => {
    expect((await server.call('GET', '/api/v1/insights/themes')).status).toBe(401);
    expect((await server.call('GET', '/api/v1/insights/themes', { key: ws.writeKey })).status).toBe(403);
    expect((await server.call('POST', '/api/v1/insights/themes/refresh')).status).toBe(401);
    expect((await server.call('POST', '/api/v1/insights/themes/refresh', { cookie: await ws.userCookie('agent') })).status).toBe(403);
    expect(await themeJobs()).toBe(0);
  });

  it('400 for a bad period, and nothing is queued', async () => {
    for (const q of ['from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'from=2026-01-01T00:00:00Z', 'from=yesterday&to=2026-01-01T00:00:00Z']) {
      const res = await server.call('GET', `/api/v1/insights/themes?${q}`, { key: ws.secretKey });
      expect(res.status, q).toBe(400);
      expect(res.body.error.message).toBeTruthy();
    }
    const res = await server.call('POST', '/api/v1/insights/themes/refresh', { key: ws.secretKey, body: { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('from must be before to');
    expect(await themeJobs()).toBe(0);
    expect((await server.call('GET', '/api/v1/insights/themes/not-an-id', { key: ws.secretKey })).status).toBe(404);
  });

  it('before any run: no run and no themes', async () => {
    expect((await server.call('GET', '/api/v1/insights/themes', { key: ws.secretKey })).body).toEqual({ run: null, themes: [] });
  });
});

describe('themes of a workspace, from its tickets, survey comments and reviews', () => {
  let themes: { id: string; name: string; volume: number; previousVolume: number; spike: { spiked: boolean; lastWeek: number }; quotes: { text: string }[]; sources: { source: string }[]; customers: { count: number }; touchpoints: { name: string }[]; meanSentiment: number }[];
  const themeOf = (issue: Issue) => themes.find((t) => t.quotes.some((q) => q.text.includes(KEY[issue])))!;

  beforeAll(async () => {
    const now = Date.now();
    // Late parcels: a review every 3 days over two months (10 this period, 10 the one before).
    const reviews = Array.from({ length: 20 }, (_, i) => ({ source: 'trustpilot', rating: 2, text: say('late', i), postedAt: new Date(now - (1.5 + 3 * i) * DAY).toISOString() }));
    expect((await server.call('POST', '/api/v1/reviews', { key: ws.secretKey, body: { reviews } })).status).toBe(200);
    const survey = await server.call('POST', '/api/v1/surveys', {
      key: ws.secretKey,
      body: { name: 'After delivery', questions: [{ id: 'nps', type: 'nps', text: 'Recommend us?' }, { id: 'comment', type: 'text', text: 'Why?' }] },
    });
    for (let i = 0; i < 6; i++) {
      const body = { customer: { email: `grind${i}@example.com` }, answers: { nps: 5, comment: say('grind', i) }, submittedAt: new Date(now - (9 + 3 * i) * DAY).toISOString() };
      expect((await server.call('POST', `/api/v1/surveys/${survey.body.id}/responses`, { key: ws.secretKey, body })).status).toBe(201);
    }
    for (let i = 0; i < 6; i++) {
      const created = await server.call('POST', '/api/v1/tickets', { key: ws.secretKey, body: { customer: { email: `charge${i}@example.com` }, subject: 'Payment', channel: 'email', message: { body: say('charge', i) } } });
      // A reply in the thread is not a new occurrence of the theme.
      await server.call('POST', `/api/v1/tickets/${created.body.id}/messages`, { key: ws.secretKey, body: { body: 'Any news? I was charged twice!', author: 'customer' } });
    }
    const hook = await server.call('POST', '/api/v1/webhooks', { key: ws.secretKey, body: { url: `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks`, events: ['theme.spiked'] } });
    expect(hook.status).toBe(201);
    await drain(); // sentiment readings first
    const queued = await server.call('POST', '/api/v1/insights/themes/refresh', { key: ws.secretKey })
    expect(queued).toMatchObject({ status: 202, body: { status: 'queued', from: null, to: null } });
    await drain();
    const res = await server.call('GET', '/api/v1/insights/themes', { key: ws.secretKey });
    expect(res.status).toBe(200);
    expect(res.body.run).toMatchObject({ rolling: true, texts: 22 });
    themes = res.body.themes;
  });

  it('finds each issue as a theme of its own, named by its words, with its volume, trend, sentiment and sources', () => {
    const late = themeOf('late');
    const grind = themeOf('grind');
    const charge = themeOf('charge');
    expect(new Set([late.id, grind.id, charge.id]).size).toBe(3);
    expect(late.name).toMatch(/late|parcel|delivery/);
    expect(grind.name).toMatch(/grind|espresso|coarse/);
    expect(charge.name).toMatch(/charge|twice/);
    // Every text of the period is in one of these three, and only openings of tickets count.
    expect(themes.reduce((s, t) => s + t.volume, 0)).toBe(22);
    expect([late.volume, grind.volume, charge.volume]).toEqual([10, 6, 6]);
    expect(late.previousVolume).toBe(10);
    expect(late.sources).toEqual([{ source: 'trustpilot', count: 10 }]);
    expect(charge.sources).toEqual([{ source: 'email', count: 6 }]);
    expect(charge.customers.count).toBe(6);
    expect(grind.touchpoints).toEqual([]);
    expect(charge.meanSentiment).toBeLessThan(0);
    for (const [issue, t] of [['late', late], ['grind', grind], ['charge', charge]] as const) {
      expect(t.quotes).toHaveLength(3);
      for (const q of t.quotes) expect(q.text).toContain(KEY[issue]);
    }
  });

  it('flags the week’s surge of double charges, not the steady late parcels, and sends theme.spiked once', async () => {
    expect(themeOf('charge').spike).toMatchObject({ spiked: true, lastWeek: 6, fourWeeksBefore: 0 });
    expect(themeOf('late').spike.spiked).toBe(false);
    expect(themeOf('grind').spike.spiked).toBe(false);
    expect(received.map((e) => e.type)).toEqual(['theme.spiked']);
    expect(received[0]!.data.theme).toMatchObject({ name: themeOf('charge').name, lastWeek: 6 });
    // The next daily run sees the same spike going on: no second event.
    await server.call('POST', '/api/v1/insights/themes/refresh', { key: ws.secretKey });
    await drain();
    expect(await runs()).toBe(2);
    expect(received).toHaveLength(1);
  });

  it('shows one theme with its quotes and customers; another workspace sees none of it', async () => {
    const charge = themeOf('charge');
    const one = await server.call('GET', `/api/v1/insights/themes/${charge.id}`, { key: ws.secretKey });
    expect(one.status).toBe(200);
    expect(one.body.customers.list.map((c: { email: string }) => c.email).sort()).toEqual(Array.from({ length: 6 }, (_, i) => `charge${i}@example.com`));
    expect(one.body.quotes.map((q: { text: string }) => q.text)).toEqual(charge.quotes.map((q) => q.text));
    expect((await server.call('GET', `/api/v1/insights/themes/${charge.id}`, { key: other.secretKey })).status).toBe(404);
    await server.call('POST', '/api/v1/insights/themes/refresh', { key: other.secretKey });
    await drain();
    const theirs = await server.call('GET', '/api/v1/insights/themes', { key: other.secretKey });
    expect(theirs.body.run).toMatchObject({ texts: 0 });
    expect(theirs.body.themes).toEqual([]);
  });

  it('computes a period asked for, kept apart from the daily run and announcing nothing', async () => {
    const to = new Date(Date.now() - 30 * DAY);
    const from = new Date(to.getTime() - 30 * DAY);
    const q = { from: from.toISOString(), to: to.toISOString() };
    expect((await server.call('POST', '/api/v1/insights/themes/refresh', { key: ws.secretKey, body: q })).status).toBe(202);
    expect((await server.call('GET', `/api/v1/insights/themes?from=${q.from}&to=${q.to}`, { key: ws.secretKey })).body.run).toBeNull();
    await drain();
    const res = await server.call('GET', `/api/v1/insights/themes?from=${q.from}&to=${q.to}`, { key: ws.secretKey });
    expect(res.body.run).toMatchObject({ rolling: false, from: q.from, to: q.to, texts: 10 });
    expect(received).toHaveLength(1);
  });
});
