import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../platform/db/query.ts';
import { eventually, startTestServer, type TestServer } from '../../test/harness.ts';
import { policyKey } from './facts.ts';
import { serviceFigures, toHistory } from './metrics.ts';
import type { BusinessCalendar } from './sla/calendar.ts';
import { defaultPolicy } from './sla/policy.ts';
import { historiesOf, serviceFigureRows } from './store.ts';

// The report reads per-ticket facts kept on write (facts.ts): these tests change
// tickets through the API and check both the stored facts and what the report says.

let server: TestServer;
type Workspace = Awaited<ReturnType<TestServer['workspace']>>;
let ws: Workspace;

const H = 3_600_000;
// From the imported histories (November 2026) to after the tickets the tests open now.
const PERIOD = `from=2026-11-01T00:00:00Z&to=${new Date(Date.now() + 86_400_000).toISOString()}`;

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.workspace('facts');
});
afterAll(() => server?.close());

const db = () => server.tp.database.db;
const report = async (w: Workspace, groupBy = 'none') => server.call('GET', `/api/v1/reports/service?${PERIOD}&groupBy=${groupBy}`, { key: w.secretKey });
const factsRow = async (ticketId: string) =>
  (await queryRows<{ calendar_key: string; solved: boolean; reopened: boolean; first_response_ms: number | null; first_response_business_ms: number | null; full_resolution_ms: number | null }>(
    db(),
    sql`select * from ticket_facts where ticket_id = ${ticketId}`,
  ))[0];
/** Runs due jobs until the workspace's fill has nothing left (the worker also runs them in the background). */
const fillDone = (w: Workspace) =>
  eventually(async () => {
    await server.tp.jobs.runDue();
    const [left] = await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from jobs where kind = 'service.facts' and workspace_id = ${w.id} and done_at is null and failed_at is null`);
    expect(left!.n).toBe(0);
  }, 30_000);

/** An imported history on Monday 2026-11-23: created 09:00, answered 13:00 (4 h), solved Tuesday 10:00. */
const imported = (externalId: string, channel = 'email') => ({
  externalId,
  customer: { email: `${externalId}@facts.test` },
  subject: externalId,
  channel,
  createdAt: '2026-11-23T09:00:00Z',
  messages: [
    { author: 'customer', body: 'Help', at: '2026-11-23T09:00:00Z' },
    { author: 'agent', body: 'Here', at: '2026-11-23T13:00:00Z' },
  ],
  statusChanges: [{ status: 'solved', at: '2026-11-24T10:00:00Z' }],
});

describe('ticket facts kept on write', () => {
  it('a reply, a solve and a reopen through the API update the facts, and the report shows them', async () => {
    const w = await server.workspace('facts-write');
    const created = await server.call('POST', '/api/v1/tickets', { key: w.secretKey, body: { customer: { email: 'a@facts.test' }, subject: 'Help', channel: 'web', message: { body: 'help' } } });
    const id = created.body.id;
    expect(await factsRow(id)).toMatchObject({ solved: false, first_response_ms: null, calendar_key: policyKey(defaultPolicy('UTC')) });
    expect((await report(w)).body.groups[0]).toMatchObject({ tickets: 1, solved: 0, backlog: 1, calendarHours: { firstResponse: { n: 0 } } });

    await server.call('POST', `/api/v1/tickets/${id}/messages`, { key: w.secretKey, body: { body: 'On it' } });
    expect((await factsRow(id))!.first_response_ms).toBeGreaterThanOrEqual(0);
    expect((await report(w)).body.groups[0].calendarHours.firstResponse.n).toBe(1);

    await server.call('PATCH', `/api/v1/tickets/${id}`, { key: w.secretKey, body: { status: 'solved' } });
    expect(await factsRow(id)).toMatchObject({ solved: true, reopened: false });
    expect((await report(w)).body.groups[0]).toMatchObject({ solved: 1, backlog: 0, reopenRate: 0, oneTouchRate: 1, calendarHours: { fullResolution: { n: 1 } } });

    await server.call('PATCH', `/api/v1/tickets/${id}`, { key: w.secretKey, body: { status: 'open' } });
    expect(await factsRow(id)).toMatchObject({ solved: false, reopened: true, full_resolution_ms: null });
    expect((await report(w)).body.groups[0]).toMatchObject({ solved: 0, backlog: 1, reopenRate: 1, oneTouchRate: null, calendarHours: { firstResolution: { n: 1 }, fullResolution: { n: 0 } } });
  });

  it('groups by the ticket as it is now: a changed priority or tag, a deleted team', async () => {
    const w = await server.workspace('facts-dimensions');
    const admin = await w.userCookie('admin');
    const team = (await server.call('POST', '/api/v1/teams', { cookie: admin, body: { name: 'Billing', routing: 'manual' } })).body;
    const created = await server.call('POST', '/api/v1/tickets', { key: w.secretKey, body: { customer: { email: 'd@facts.test' }, subject: 'Help', teamId: team.id, message: { body: 'help' } } });
    const keys = async (groupBy: string) => (await report(w, groupBy)).body.groups.map((g: { key: string }) => g.key);
    expect(await keys('team')).toEqual([team.id]);
    await server.call('PATCH', `/api/v1/tickets/${created.body.id}`, { key: w.secretKey, body: { priority: 'urgent', tags: ['refund'] } });
    expect(await keys('priority')).toEqual(['urgent']);
    expect(await keys('tag')).toEqual(['refund']);
    expect((await server.call('DELETE', `/api/v1/teams/${team.id}`, { cookie: admin })).status).toBe(204);
    expect(await keys('team')).toEqual(['no team']);
  });

  it('a ticket change that fails leaves the facts as they were', async () => {
    const w = await server.workspace('facts-rollback');
    const admin = await w.userCookie('admin');
    const created = await server.call('POST', '/api/v1/tickets', { key: w.secretKey, body: { customer: { email: 'b@facts.test' }, subject: 'Help', message: { body: 'help' } } });
    const before = await factsRow(created.body.id);
    // An automation that closes a ticket on an agent's reply: an open ticket cannot be closed, so the reply fails with 409 after its facts were written.
    const rule = { name: 'Close on reply', trigger: 'message.created', conditions: [{ field: 'author', op: 'is', value: 'agent' }], actions: [{ type: 'set-status', value: 'closed' }] };
    expect((await server.call('POST', '/api/v1/automations', { cookie: admin, body: rule })).status).toBe(201);
    const reply = await server.call('POST', `/api/v1/tickets/${created.body.id}/messages`, { key: w.secretKey, body: { body: 'On it' } });
    expect(reply.status).toBe(409);
    expect(await factsRow(created.body.id)).toEqual(before);
    expect((await report(w)).body.groups[0].calendarHours.firstResponse.n).toBe(0);
  });

  it('a new SLA calendar recomputes the business hours: at once in the report, then in the stored facts', async () => {
    const w = await server.workspace('facts-calendar');
    expect((await server.call('POST', '/api/v1/imports/tickets', { key: w.secretKey, body: { tickets: [imported('cal-1')] } })).status).toBe(200);
    // Default calendar, Mon-Fri 09:00-17:00 UTC: first response 4 h; resolution Monday 8 h + Tuesday 1 h.
    const before = (await report(w)).body.groups[0];
    expect(before.businessHours.firstResponse.median).toBe(4);
    expect(before.businessHours.fullResolution.median).toBe(9);
    expect(before.calendarHours.fullResolution.median).toBe(25);

    const admin = await w.userCookie('admin');
    const policy = (await server.call('GET', '/api/v1/sla-policy', { cookie: admin })).body;
    const mornings: BusinessCalendar = { timeZone: 'UTC', hours: Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, ['09:00', '11:00']])), holidays: [] };
    expect((await server.call('PUT', '/api/v1/sla-policy', { cookie: admin, body: { ...policy, calendar: mornings } })).status).toBe(200);
    // Mornings only: first response 2 h; resolution 2 h Monday + 1 h Tuesday. Calendar hours do not change.
    const after = (await report(w)).body.groups[0];
    expect(after.businessHours.firstResponse.median).toBe(2);
    expect(after.businessHours.fullResolution.median).toBe(3);
    expect(after.calendarHours).toEqual(before.calendarHours);

    await fillDone(w);
    const [{ id }] = (await server.call('GET', '/api/v1/tickets?customerEmail=cal-1@facts.test', { key: w.secretKey })).body.data;
    expect(await factsRow(id)).toMatchObject({ calendar_key: policyKey({ ...policy, calendar: mornings }), first_response_business_ms: 2 * H, first_response_ms: 4 * H });
    expect((await report(w)).body.groups[0]).toEqual(after);
  });

  it('tickets without facts (from before the table) are computed by the report, then filled in by the job', async () => {
    const w = await server.workspace('facts-backfill');
    await server.call('POST', '/api/v1/imports/tickets', { key: w.secretKey, body: { tickets: [imported('old-1'), imported('old-2', 'chat')] } });
    const expected = (await report(w, 'channel')).body.groups;
    await queryRows(db(), sql`delete from ticket_facts where workspace_id = ${w.id}`);
    expect((await report(w, 'channel')).body.groups).toEqual(expected);
    await fillDone(w);
    const [stored] = await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from ticket_facts where workspace_id = ${w.id}`);
    expect(stored!.n).toBe(2);
    expect((await report(w, 'channel')).body.groups).toEqual(expected);
  });

  it('answers 503 while too many tickets of the period lack facts, and the figures once the job has filled them in', async () => {
    const w = await server.workspace('facts-many');
    // 5,001 tickets written by SQL, as an install from before the table has them.
    await queryRows(
      db(),
      sql`insert into tickets (id, workspace_id, number, customer_id, subject, channel, created_at, updated_at)
          select gen_random_uuid(), ${w.id}, g, gen_random_uuid(), 'old', 'email', '2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z' from generate_series(1, 5001) g`,
    );
    const pending = await report(w);
    expect(pending.status).toBe(503);
    expect(pending.headers.get('retry-after')).toBe('60');
    expect(pending.body.error.code).toBe('figures_pending');
    await fillDone(w);
    expect((await report(w)).body.groups).toEqual([expect.objectContaining({ key: 'all', tickets: 5001, solved: 0, backlog: 5001 })]);
  });

  it('the SQL summary agrees with the definitions in metrics.ts on varied histories', async () => {
    const tickets = [
      imported('v-1'),
      { ...imported('v-2', 'chat'), tags: ['refund', 'late'] },
      {
        ...imported('v-3', 'web'),
        tags: ['refund'],
        messages: [
          { author: 'customer', body: 'a', at: '2026-11-02T08:00:00Z' },
          { author: 'agent', public: false, body: 'note', at: '2026-11-02T08:30:00Z' },
          { author: 'agent', body: 'b', at: '2026-11-02T10:15:00Z' },
          { author: 'customer', body: 'c', at: '2026-11-03T18:00:00Z' },
          { author: 'agent', body: 'd', at: '2026-11-04T09:20:00Z' },
          { author: 'customer', body: 'e', at: '2026-11-09T07:00:00Z' },
          { author: 'agent', body: 'f', at: '2026-11-10T16:59:00Z' },
        ],
        createdAt: '2026-11-02T08:00:00Z',
        statusChanges: [
          { status: 'solved', at: '2026-11-05T12:00:00Z' },
          { status: 'open', at: '2026-11-09T07:00:00Z' },
          { status: 'pending', at: '2026-11-10T17:00:00Z' },
        ],
      },
      { ...imported('v-4', 'phone'), messages: [{ author: 'customer', body: 'x', at: '2026-11-23T09:00:00Z' }], statusChanges: [] },
    ];
    expect((await server.call('POST', '/api/v1/imports/tickets', { key: ws.secretKey, body: { tickets } })).status).toBe(200);
    const rows = await queryRows<{ id: string; tags: string[] }>(db(), sql`select id, tags from tickets where workspace_id = ${ws.id}`);
    const histories = await historiesOf(db(), rows.map((r) => r.id));
    const expected = (ids: string[]) =>
      serviceFigures(
        histories.filter((h) => ids.includes(h.ticket.id)).map((h) => ({ history: toHistory(h), priority: h.ticket.priority })),
        defaultPolicy('UTC'),
        Date.now(),
      );
    expect((await report(ws)).body.groups).toEqual([{ key: 'all', ...expected(rows.map((r) => r.id)) }]);
    const byTag = (await report(ws, 'tag')).body.groups;
    expect(byTag.map((g: { key: string }) => g.key)).toEqual(['(no tag)', 'late', 'refund']);
    expect(byTag[2]).toEqual({ key: 'refund', ...expected(rows.filter((r) => r.tags.includes('refund')).map((r) => r.id)) });
    // Weeks are ISO weeks in UTC, named by their Monday.
    expect((await report(ws, 'week')).body.groups.map((g: { key: string; tickets: number }) => [g.key, g.tickets])).toEqual([['2026-11-02', 1], ['2026-11-23', 3]]);
  });

  it('SLA achievement per target: met, breached, paused by pending, still running', async () => {
    const w = await server.workspace('facts-sla');
    // Default policy, normal priority: first response within 8 business hours (Mon-Fri 09:00-17:00 UTC), so by Monday 17:00.
    const created = (externalId: string, rest: object) => ({ ...imported(externalId), messages: [{ author: 'customer', body: 'Help', at: '2026-11-23T09:00:00Z' }], statusChanges: [], ...rest });
    const tickets = [
      created('sla-met', { messages: [{ author: 'customer', body: 'Help', at: '2026-11-23T09:00:00Z' }, { author: 'agent', body: 'Here', at: '2026-11-23T13:00:00Z' }] }),
      // Answered Tuesday 15:00: 14 business hours.
      created('sla-late', { messages: [{ author: 'customer', body: 'Help', at: '2026-11-23T09:00:00Z' }, { author: 'agent', body: 'Sorry', at: '2026-11-24T15:00:00Z' }] }),
      // Pending since Monday 15:00 with 2 business hours left: the clock stands still, so it is not due however long it waits.
      created('sla-paused', { statusChanges: [{ status: 'pending', at: '2026-11-23T15:00:00Z' }] }),
    ];
    expect((await server.call('POST', '/api/v1/imports/tickets', { key: w.secretKey, body: { tickets } })).status).toBe(200);
    // Opened now: its first response is due in the future.
    await server.call('POST', '/api/v1/tickets', { key: w.secretKey, body: { customer: { email: 'now@facts.test' }, subject: 'Now', message: { body: 'help' } } });
    const before = Date.now();
    const answer = (await report(w)).body;
    // Every clock is judged at one instant, which the report gives.
    expect(Date.parse(answer.asOf)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(answer.asOf)).toBeLessThanOrEqual(Date.now());
    const sla = answer.groups[0].slaAchievement;
    expect(sla.firstResponse).toEqual({ met: 1, breached: 1, running: 2, rate: 0.5 });
    // No customer wrote after a reply: the next-response target never applied.
    expect(sla.nextResponse).toEqual({ met: 0, breached: 0, running: 0, rate: null });
    // Resolution within 48 business hours: the two answered tickets, open since November, are past it; the paused one and the new one run.
    expect(sla.resolution).toEqual({ met: 0, breached: 2, running: 2, rate: 0 });
    const stored = await queryRows<{ first_response_sla: string; first_response_sla_due_at: Date | null }>(
      db(),
      sql`select first_response_sla, first_response_sla_due_at from ticket_facts where workspace_id = ${w.id} order by created_at, first_response_sla`,
    );
    expect(stored.map((r) => [r.first_response_sla, r.first_response_sla_due_at === null])).toEqual([['breached', true], ['met', true], ['running', true], ['running', false]]);
    // Judged a year later, the new ticket's running clock has breached; the paused one (no due time) still runs.
    const [later] = await serviceFigureRows(db(), w.id, { from: new Date('2026-11-01T00:00:00Z'), to: new Date(Date.now() + 60_000) }, 'none', stored.length ? (await queryRows<{ calendar_key: string }>(db(), sql`select calendar_key from ticket_facts where workspace_id = ${w.id} limit 1`))[0]!.calendar_key : '', [], new Date(Date.now() + 365 * 86_400_000));
    expect(later!.sla.firstResponse).toEqual({ met: 1, breached: 2, running: 1 });
  });
});
