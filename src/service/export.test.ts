import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.ts';

let server: TestServer;
let ws: Awaited<ReturnType<TestServer['workspace']>>;
let other: Awaited<ReturnType<TestServer['workspace']>>;

const download = (path: string, key: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${key}` } });

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.workspace('export');
  other = await server.workspace('export-other');
  const open = (email: string, name: string, subject: string) =>
    server.call('POST', '/api/v1/tickets', { key: ws.secretKey, body: { customer: { email, name }, subject, channel: 'email', tags: ['Delivery'], message: { body: 'x' } } });
  await open('ines@example.com', 'Inês Costa', 'Grinder "broken", again\nsecond line');
  const second = await open('rui@example.com', 'Rui', '=SUM(A1:A9)');
  await server.call('PATCH', `/api/v1/tickets/${second.body.id}`, { key: ws.secretKey, body: { status: 'solved' } });
  await server.call('POST', '/api/v1/tickets', { key: other.secretKey, body: { customer: { email: 'x@other.test' }, subject: 'Theirs', message: { body: 'x' } } });
});
afterAll(() => server?.close());

describe('CSV export of tickets', () => {
  it('401 without a key, 403 for a write key, 400 for an unknown status', async () => {
    expect((await fetch(`${server.url}/api/v1/tickets/export`)).status).toBe(401);
    expect((await download('/api/v1/tickets/export', ws.writeKey)).status).toBe(403);
    const bad = await download('/api/v1/tickets/export?status=lost', ws.secretKey);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/lost/);
  });

  it('streams every ticket of the workspace as spreadsheet-ready CSV: BOM, CRLF, quoted fields, accents', async () => {
    const res = await download('/api/v1/tickets/export', ws.secretKey);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="tickets-.*\.csv"/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toBe('number,subject,status,priority,channel,tags,customer_name,customer_email,assignee,team_id,created_at,first_response_at,solved_at,closed_at,updated_at');
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.subject, r.customer_name, r.status, r.tags])).toEqual([
      ['Grinder "broken", again\nsecond line', 'Inês Costa', 'new', 'delivery'],
      // A formula from a customer is shown as text in a spreadsheet, never run.
      ["'=SUM(A1:A9)", 'Rui', 'solved', 'delivery'],
    ]);
    expect(rows[1]!.solved_at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('filters by status and never includes another workspace’s tickets', async () => {
    const solved: { subject: string }[] = parse((await (await download('/api/v1/tickets/export?status=solved', ws.secretKey)).text()).replace(/^\ufeff/, ''), { columns: true });
    expect(solved.map((r: { subject: string }) => r.subject)).toEqual(["'=SUM(A1:A9)"]);
    const theirs: { subject: string }[] = parse((await (await download('/api/v1/tickets/export', other.secretKey)).text()).replace(/^\ufeff/, ''), { columns: true });
    expect(theirs.map((r: { subject: string }) => r.subject)).toEqual(['Theirs']);
  });
});
