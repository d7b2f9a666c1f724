import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/query.ts';
import { eventually, startTestServer, type TestServer } from '../../../test/harness.ts';

let server: TestServer;
let ws: Awaited<ReturnType<TestServer['workspace']>>;

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.workspace('sla');
});
afterAll(() => server?.close());

const ticketEvents = async (id: string) => (await server.call('GET', `/api/v1/tickets/${id}`, { key: ws.secretKey })).body;

describe('SLA timers as durable jobs', () => {
  it('escalates a breached ticket once: raises its priority and records the breach', async () => {
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const res = await server.call('POST', '/api/v1/imports/tickets', {
      key: ws.secretKey,
      body: { tickets: [{ externalId: 'late-1', customer: { email: 'late@sla.test' }, subject: 'Nobody answered', channel: 'email', createdAt: threeDaysAgo, messages: [{ author: 'customer', body: 'Hello?', at: threeDaysAgo }] }] },
    });
    expect(res.status).toBe(200);
    const [t] = (await server.call('GET', '/api/v1/tickets?customerEmail=late@sla.test', { key: ws.secretKey })).body.data;
    await server.tp.jobs.runDue();
    await eventually(async () => {
      const detail = await ticketEvents(t.id);
      expect(detail.priority).toBe('high');
      expect(detail.events.filter((e: { type: string }) => e.type === 'sla.breach')).toEqual([expect.objectContaining({ to: expect.objectContaining({ clock: 'firstResponse' }), actor: { kind: 'system', id: 'sla' } })]);
    });
    // Checked again, it does not escalate twice.
    await server.tp.jobs.runDue();
    await server.call('PATCH', `/api/v1/tickets/${t.id}`, { key: ws.secretKey, body: { tags: ['touched'] } });
    await server.tp.jobs.runDue();
    const again = await ticketEvents(t.id);
    expect(again.priority).toBe('high');
    expect(again.events.filter((e: { type: string }) => e.type === 'sla.breach')).toHaveLength(1);
    // The timer for the next clock is a durable row due in the future.
    const [job] = await queryRows<{ run_at: Date }>(server.tp.database.db, sql`select run_at from jobs where dedupe_key = ${'sla:' + t.id} and done_at is null`);
    expect(new Date(job!.run_at).getTime()).toBeGreaterThan(Date.now());
  });

  it('warns before a deadline, and solving the ticket cancels its timer', async () => {
    const admin = await ws.userCookie('admin');
    const policy = (await server.call('GET', '/api/v1/sla-policy', { cookie: admin })).body;
    const allWeek = Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((d) => [String(d), ['00:00', '24:00']]));
    expect((await server.call('PUT', '/api/v1/sla-policy', { cookie: admin, body: { ...policy, calendar: { timeZone: 'UTC', hours: allWeek, holidays: [] }, warnBeforeMinutes: 600 } })).status).toBe(200);
    const created = await server.call('POST', '/api/v1/tickets', { key: ws.secretKey, body: { customer: { email: 'soon@sla.test' }, subject: 'Soon', message: { body: 'x' } } });
    await server.tp.jobs.runDue();
    await eventually(async () => {
      const detail = await ticketEvents(created.body.id);
      expect(detail.sla.firstResponse.status).toBe('at-risk');
      expect(detail.events.map((e: { type: string }) => e.type)).toContain('sla.warning');
    });
    await server.call('PATCH', `/api/v1/tickets/${created.body.id}`, { key: ws.secretKey, body: { status: 'solved' } });
    const pending = await queryRows<{ n: number }>(server.tp.database.db, sql`select count(*)::int as n from jobs where dedupe_key = ${'sla:' + created.body.id} and done_at is null and failed_at is null`);
    expect(pending[0]!.n).toBe(0);
  });
});
