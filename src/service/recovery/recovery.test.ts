import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/query.ts';
import { startTestServer, type TestServer } from '../../../test/harness.ts';

let server: TestServer;
let ws: Awaited<ReturnType<TestServer['workspace']>>;
let other: Awaited<ReturnType<TestServer['workspace']>>;
let agent: string;
let ticket: { id: string; number: number; customer: { id: string } };

const stored = async () => (await queryRows<{ n: number }>(server.tp.database.db, sql`select count(*)::int as n from ticket_recoveries where workspace_id = ${ws.id}`))[0]!.n;
const open = async (email: string) =>
  (await server.call('POST', '/api/v1/tickets', { key: ws.secretKey, body: { customer: { email }, subject: 'Broken grinder', channel: 'email', message: { body: 'It arrived broken' } } })).body;

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.workspace('recovery');
  other = await server.workspace('recovery-other');
  agent = await ws.userCookie('agent');
  ticket = await open('ines@example.com');
});
afterAll(() => server?.close());

describe('service recovery: access and validation first', () => {
  it('401, 403 for an analyst, 404 for a ticket of another workspace, 400 for a bad kind, currency or amount; nothing stored', async () => {
    const body = { kind: 'refund', cost: 12.5, currency: 'EUR' };
    expect((await server.call('POST', `/api/v1/tickets/${ticket.id}/recoveries`, { body })).status).toBe(401);
    expect((await server.call('POST', `/api/v1/tickets/${ticket.id}/recoveries`, { cookie: await ws.userCookie('analyst'), body })).status).toBe(403);
    expect((await server.call('POST', `/api/v1/tickets/${ticket.id}/recoveries`, { key: other.secretKey, body })).status).toBe(404);
    for (const [bad, field] of [
      [{ ...body, kind: 'hug' }, 'kind'],
      [{ ...body, currency: 'EURO' }, 'currency'],
      [{ ...body, cost: -5 }, 'cost'],
      [{ ...body, cost: 12.345 }, 'cost'],
      [{ ...body, currency: 'JPY', cost: 10.5 }, 'cost'],
    ] as const) {
      const res = await server.call('POST', `/api/v1/tickets/${ticket.id}/recoveries`, { cookie: agent, body: bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.error.message).toMatch(field);
    }
    expect(await stored()).toBe(0);
  });
});

describe('recording what was done to make it right', () => {
  it('keeps kind, exact cost and note on the ticket, in its history and on the customer journey', async () => {
    const res = await server.call('POST', `/api/v1/tickets/${ticket.id}/recoveries`, { cookie: agent, body: { kind: 'replacement', cost: 89.9, currency: 'eur', note: 'New grinder sent by express' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'replacement', cost: 89.9, currency: 'EUR', note: 'New grinder sent by express' });
    const list = await server.call('GET', `/api/v1/tickets/${ticket.id}/recoveries`, { cookie: agent });
    expect(list.body.data).toHaveLength(1);
    const full = await server.call('GET', `/api/v1/tickets/${ticket.id}`, { cookie: agent });
    expect(full.body.events.find((e: { type: string }) => e.type === 'recovery').to).toMatchObject({ kind: 'replacement', cost: 89.9, currency: 'EUR' });
    const journey = await server.call('GET', `/api/v1/customers/${ticket.customer.id}/journey`, { key: ws.secretKey });
    const entry = journey.body.data.find((e: { kind: string }) => e.kind === 'recovery');
    expect(entry).toMatchObject({ name: `Replacement (€89.90) on #${ticket.number}`, stage: 'support' });
  });

  it('a removal is kept in the history; an unknown recovery is 404', async () => {
    const res = await server.call('POST', `/api/v1/tickets/${ticket.id}/recoveries`, { cookie: agent, body: { kind: 'apology' } });
    expect(res.body.cost).toBe(0);
    expect((await server.call('DELETE', `/api/v1/tickets/${ticket.id}/recoveries/${res.body.id}`, { cookie: agent })).status).toBe(204);
    expect((await server.call('DELETE', `/api/v1/tickets/${ticket.id}/recoveries/${res.body.id}`, { cookie: agent })).status).toBe(404);
    const full = await server.call('GET', `/api/v1/tickets/${ticket.id}`, { cookie: agent });
    expect(full.body.events.filter((e: { type: string }) => e.type === 'recovery.removed')).toHaveLength(1);
  });

  it('reports counts and exact totals per kind and currency, as JSON and as CSV', async () => {
    const second = await open('rui@example.com');
    for (const [t, kind, cost, currency] of [
      [second, 'refund', 0.1, 'EUR'],
      [second, 'refund', 0.2, 'EUR'],
      [ticket, 'refund', 1500, 'JPY'],
      [ticket, 'discount', 5, 'EUR'],
    ] as const) {
      expect((await server.call('POST', `/api/v1/tickets/${t.id}/recoveries`, { cookie: agent, body: { kind, cost, currency } })).status).toBe(201);
    }
    const report = await server.call('GET', '/api/v1/reports/recovery?groupBy=kind', { cookie: agent });
    expect(report.status).toBe(200);
    expect(report.body.groups).toEqual([
      { key: 'discount', currency: 'EUR', recoveries: 1, tickets: 1, totalCost: 5, averageCost: 5 },
      { key: 'refund', currency: 'EUR', recoveries: 2, tickets: 1, totalCost: 0.3, averageCost: 0.15 },
      { key: 'refund', currency: 'JPY', recoveries: 1, tickets: 1, totalCost: 1500, averageCost: 1500 },
      { key: 'replacement', currency: 'EUR', recoveries: 1, tickets: 1, totalCost: 89.9, averageCost: 89.9 },
    ]);
    const csv = await fetch(`${server.url}/api/v1/reports/recovery?groupBy=kind&format=csv`, { headers: { authorization: `Bearer ${ws.secretKey}` } });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    // A UTF-8 byte-order mark, so spreadsheets read accents; CRLF line ends.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toBe('key,currency,recoveries,tickets,totalCost,averageCost');
    expect(text).toContain('refund,EUR,2,1,0.3,0.15');
    const theirs = await server.call('GET', '/api/v1/reports/recovery', { key: other.secretKey });
    expect(theirs.body.groups).toEqual([]);
  });
});
