import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.ts';

let server: TestServer;
let ws: Awaited<ReturnType<TestServer['workspace']>>;

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.workspace('reports');
  const make = (channel: string, subject: string) =>
    server.call('POST', '/api/v1/tickets', { key: ws.secretKey, body: { customer: { email: `${subject}@r.test` }, subject, channel, message: { body: 'help' } } });
  const a = (await make('web', 'a')).body;
  const b = (await make('web', 'b')).body;
  await make('phone', 'c');
  await server.call('POST', `/api/v1/tickets/${a.id}/messages`, { key: ws.secretKey, body: { body: 'done' } });
  await server.call('PATCH', `/api/v1/tickets/${a.id}`, { key: ws.secretKey, body: { status: 'solved' } });
  await server.call('POST', `/api/v1/tickets/${b.id}/messages`, { key: ws.secretKey, body: { body: 'first' } });
  await server.call('POST', `/api/v1/tickets/${b.id}/messages`, { key: ws.secretKey, body: { body: 'second' } });
  await server.call('PATCH', `/api/v1/tickets/${b.id}`, { key: ws.secretKey, body: { status: 'solved' } });
  await server.call('PATCH', `/api/v1/tickets/${b.id}`, { key: ws.secretKey, body: { status: 'open' } });
});
afterAll(() => server?.close());

describe('GET /reports/service', () => {
  it('401 without credentials, 403 for a write key, 400 for a reversed period', async () => {
    expect((await server.call('GET', '/api/v1/reports/service')).status).toBe(401);
    expect((await server.call('GET', '/api/v1/reports/service', { key: ws.writeKey })).status).toBe(403);
    const bad = await server.call('GET', '/api/v1/reports/service?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', { key: ws.secretKey });
    expect(bad.status).toBe(400);
    expect((await server.call('GET', '/api/v1/reports/service?groupBy=planet', { key: ws.secretKey })).status).toBe(400);
  });

  it('groups tickets and counts solved, backlog, reopens and one-touch resolutions', async () => {
    const res = await server.call('GET', '/api/v1/reports/service?groupBy=channel', { key: ws.secretKey });
    expect(res.status).toBe(200);
    const byKey = Object.fromEntries(res.body.groups.map((g: { key: string }) => [g.key, g]));
    expect(Object.keys(byKey)).toEqual(['phone', 'web']);
    expect(byKey.web).toMatchObject({ tickets: 2, solved: 1, backlog: 1, reopenRate: 0.5, oneTouchRate: 1 });
    expect(byKey.web.calendarHours.firstResponse.n).toBe(2);
    expect(byKey.phone).toMatchObject({ tickets: 1, solved: 0, backlog: 1, reopenRate: null });
    expect(byKey.phone.calendarHours.firstResponse.n).toBe(0);
  });

  it('exports CSV that spreadsheets open', async () => {
    const res = await fetch(`${server.url}/api/v1/reports/service?groupBy=channel&format=csv`, { headers: { authorization: `Bearer ${ws.secretKey}` } });
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="service-report-/);
    const bytes = Buffer.from(await res.arrayBuffer());
    // A UTF-8 byte-order mark, so Excel reads accents right.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, phone, web] = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(header!.split(',').slice(0, 6)).toEqual(['group', 'tickets', 'solved', 'backlog', 'reopen_rate', 'one_touch_rate']);
    expect(header).toContain('first_response_business_median');
    expect(header).toContain('sla_first_response_rate,sla_first_response_met,sla_first_response_breached,sla_first_response_running');
    expect(header).toContain('sla_resolution_rate');
    expect(phone!.startsWith('phone,1,0,1,')).toBe(true);
    expect(web!.startsWith('web,2,1,1,0.5,1,')).toBe(true);
  });
});
