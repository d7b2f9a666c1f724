import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../platform/db/query.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';

let server: TestServer;
let ws: Awaited<ReturnType<TestServer['workspace']>>;

const history = {
  tickets: [
    {
      externalId: 'zd-1',
      customer: { email: 'old@example.test', name: 'Olga' },
      subject: 'Where is my order?',
      channel: 'email',
      createdAt: '2026-11-23T09:00:00Z',
      messages: [
        { author: 'customer', body: 'Where is it?', at: '2026-11-23T09:00:00Z' },
        { author: 'agent', body: 'On its way', at: '2026-11-23T11:00:00Z' },
      ],
      statusChanges: [{ status: 'solved', at: '2026-11-23T13:00:00Z' }],
    },
    {
      externalId: 'zd-2',
      customer: { email: 'old@example.test' },
      subject: 'Refund',
      channel: 'web',
      createdAt: '2026-11-23T10:00:00Z',
      messages: [
        { author: 'customer', body: 'Refund please', at: '2026-11-23T10:00:00Z' },
        { author: 'agent', body: 'Done', at: '2026-11-23T10:30:00Z' },
        { author: 'customer', body: 'Not received', at: '2026-11-24T09:00:00Z' },
        { author: 'agent', body: 'Sent again', at: '2026-11-24T09:45:00Z' },
      ],
      statusChanges: [
        { status: 'solved', at: '2026-11-23T12:00:00Z' },
        { status: 'open', at: '2026-11-24T09:00:00Z' },
        { status: 'solved', at: '2026-11-24T10:00:00Z' },
      ],
    },
  ],
};

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.workspace('import');
});
afterAll(() => server?.close());

const countTickets = async () => (await queryRows<{ n: number }>(server.tp.database.db, sql`select count(*)::int as n from tickets where workspace_id = ${ws.id}`))[0]!.n;

describe('POST /imports/tickets', () => {
  it('refuses an impossible history as a whole, naming the problem', async () => {
    const bad = structuredClone(history);
    bad.tickets[1]!.statusChanges.push({ status: 'new', at: '2026-11-24T11:00:00Z' });
    const res = await server.call('POST', '/api/v1/imports/tickets', { key: ws.secretKey, body: bad });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/tickets\[1\]\.statusChanges: a solved ticket cannot become new/);
    const early = structuredClone(history);
    early.tickets[0]!.messages[1]!.at = '2026-11-22T00:00:00Z';
    expect((await server.call('POST', '/api/v1/imports/tickets', { key: ws.secretKey, body: early })).status).toBe(400);
    expect(await countTickets()).toBe(0);
  });

  it('imports at the original times, so the service report is exact; a re-run skips', async () => {
    const res = await server.call('POST', '/api/v1/imports/tickets', { key: ws.secretKey, body: history });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ imported: 2, skipped: 0 });
    expect((await server.call('POST', '/api/v1/imports/tickets', { key: ws.secretKey, body: history })).body).toEqual({ imported: 0, skipped: 2 });

    const report = await server.call('GET', '/api/v1/reports/service?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z', { key: ws.secretKey });
    const [all] = report.body.groups;
    expect(all).toMatchObject({ tickets: 2, solved: 2, backlog: 0, reopenRate: 0.5, oneTouchRate: 0.5 });
    // First responses 2 h and 0.5 h; next response 0.75 h; full resolutions 4 h and 24 h.
    expect(all.calendarHours.firstResponse).toEqual({ n: 2, mean: 1.25, median: 1.25, p90: 1.85 });
    expect(all.calendarHours.nextResponse).toEqual({ n: 1, mean: 0.75, median: 0.75, p90: 0.75 });
    expect(all.calendarHours.fullResolution).toEqual({ n: 2, mean: 14, median: 14, p90: 22 });
    expect(all.calendarHours.firstResolution).toEqual({ n: 2, mean: 3, median: 3, p90: 3.8 });
    // Business hours (Mon-Fri 09-17 UTC): ticket 2 resolved Tue 10:00 after 7 h Monday + 1 h Tuesday = 8 h.
    expect(all.businessHours.fullResolution).toEqual({ n: 2, mean: 6, median: 6, p90: 7.6 });

    const [t] = (await server.call('GET', '/api/v1/tickets?customerEmail=old@example.test&status=solved', { key: ws.secretKey })).body.data;
    const detail = (await server.call('GET', `/api/v1/tickets/${t.id}`, { key: ws.secretKey })).body;
    // Imported replies are history: never emailed.
    expect(detail.messages.every((m: { delivery: string | null }) => m.delivery === null)).toBe(true);
    const journey = (await server.call('GET', `/api/v1/customers/${t.customer.id}/journey?kind=ticket`, { key: ws.secretKey })).body.data;
    expect(journey[0].at).toBe('2026-11-23T09:00:00.000Z');
  });
});
