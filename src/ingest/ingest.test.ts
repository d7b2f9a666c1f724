import { Analytics } from '@segment/analytics-node';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../platform/db/query.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';

let server: TestServer;
let ws: Awaited<ReturnType<TestServer['workspace']>>;

async function eventCount(): Promise<number> {
  const rows = await queryRows<{ n: number }>(server.tp.database.db, sql`select count(*)::int as n from journey_events where workspace_id = ${ws.id}`);
  return rows[0]!.n;
}

beforeAll(async () => {
  server = await startTestServer({ TOUCHPOINT_RATE_LIMIT_INGEST: '10000' });
  ws = await server.workspace('ingest');
});
afterAll(() => server?.close());

describe('authentication of the tracking API', () => {
  it('401 without a key or with a wrong one, before looking at the body', async () => {
    expect((await server.call('POST', '/v1/track', { body: { userId: 'u', event: 'X' } })).status).toBe(401);
    expect((await server.call('POST', '/v1/track', { basicKey: 'tp_write_nope', body: { userId: 'u', event: 'X' } })).status).toBe(401);
    expect((await server.call('POST', '/v1/batch', { basicKey: 'tp_write_nope', body: { nonsense: true } })).status).toBe(401);
  });

  it('takes the write key as the Basic user, as a Bearer token, or as writeKey in the body', async () => {
    const before = await eventCount();
    expect((await server.call('POST', '/v1/track', { basicKey: ws.writeKey, body: { userId: 'k1', event: 'A' } })).status).toBe(200);
    expect((await server.call('POST', '/v1/track', { key: ws.writeKey, body: { userId: 'k1', event: 'B' } })).status).toBe(200);
    const inBody = await server.call('POST', '/v1/batch', { body: { writeKey: ws.writeKey, batch: [{ type: 'track', userId: 'k1', event: 'C' }] } });
    expect(inBody.status).toBe(200);
    expect(inBody.body).toEqual({ success: true });
    expect(await eventCount()).toBe(before + 3);
  });
});

describe('deduplication and durability', () => {
  it('stores a retried messageId once', async () => {
    const before = await eventCount();
    const event = { type: 'track', userId: 'dup', event: 'Order Completed', messageId: 'retry-me-1' };
    for (let i = 0; i < 3; i++) expect((await server.call('POST', '/v1/batch', { basicKey: ws.writeKey, body: { batch: [event, event] } })).status).toBe(200);
    expect(await eventCount()).toBe(before + 1);
  });

  it('has the event stored when the 200 arrives', async () => {
    const res = await server.call('POST', '/v1/track', { basicKey: ws.writeKey, body: { userId: 'now', event: 'Stored', messageId: 'stored-before-200' } });
    expect(res.status).toBe(200);
    const rows = await queryRows<{ n: number }>(server.tp.database.db, sql`select count(*)::int as n from journey_events where message_id = 'stored-before-200'`);
    expect(rows[0]!.n).toBe(1);
  });
});

describe('bad input gets a clear 4xx and writes nothing', () => {
  const cases: [string, { rawBody?: string | Buffer; body?: unknown }, number, string][] = [
    ['malformed JSON', { rawBody: '{"batch": [' }, 400, 'invalid_json'],
    ['invalid UTF-8', { rawBody: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }, 400, 'invalid_utf8'],
    ['a batch that is not an array', { body: { batch: 'x' } }, 400, 'invalid_request'],
    ['one bad event among good ones', { body: { batch: [{ type: 'track', userId: 'u', event: 'ok' }, { type: 'track', userId: 'u' }] } }, 400, 'invalid_event'],
    ['an invalid timestamp', { body: { batch: [{ type: 'track', userId: 'u', event: 'ok' }, { type: 'track', userId: 'u', event: 'x', timestamp: 'not a date' }] } }, 400, 'invalid_timestamp'],
    ['an unknown type', { body: { batch: [{ type: 'explode', userId: 'u' }] } }, 400, 'invalid_event'],
    ['an event over 32 KB', { body: { batch: [{ type: 'track', userId: 'u', event: 'big', properties: { x: 'y'.repeat(40_000) } }] } }, 413, 'event_too_large'],
    ['a batch over 500 KB', { body: { batch: Array.from({ length: 40 }, () => ({ type: 'track', userId: 'u', event: 'e', properties: { x: 'y'.repeat(15_000) } })) } }, 413, 'payload_too_large'],
  ];
  for (const [what, payload, status, code] of cases) {
    it(`${what} → ${status} ${code}`, async () => {
      const before = await eventCount();
      const res = await server.call('POST', '/v1/batch', { basicKey: ws.writeKey, ...payload });
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.message.length).toBeGreaterThan(10);
      expect(await eventCount()).toBe(before);
    });
  }

  it('an oversized single call → 413', async () => {
    const res = await server.call('POST', '/v1/track', { basicKey: ws.writeKey, body: { userId: 'u', event: 'big', properties: { x: 'y'.repeat(40_000) } } });
    expect(res.status).toBe(413);
  });

  it('stores text with SQL and HTML exactly as given', async () => {
    const nasty = `Robert'); DROP TABLE customers;-- <script>alert(1)</script>`;
    const res = await server.call('POST', '/v1/identify', { basicKey: ws.writeKey, body: { userId: 'bobby', traits: { name: nasty } } });
    expect(res.status).toBe(200);
    await server.settle();
    const found = await server.call('GET', '/api/v1/customers?userId=bobby', { key: ws.secretKey });
    expect(found.body.data[0].name).toBe(nasty);
  });
});

describe('CORS for browsers on customer sites', () => {
  it('answers the preflight', async () => {
    const res = await fetch(`${server.url}/v1/batch`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/authorization/);
  });
});

describe('the unmodified @segment/analytics-node client', () => {
  it('delivers identify, track and page calls that become one journey', async () => {
    const analytics = new Analytics({ writeKey: ws.writeKey, host: server.url, flushAt: 10, flushInterval: 200, maxRetries: 1 });
    const errors: unknown[] = [];
    analytics.on('error', (err) => errors.push(err));
    analytics.page({ anonymousId: 'seg-anon', name: 'Latte', properties: { path: '/products/latte' } });
    analytics.track({ anonymousId: 'seg-anon', event: 'Product Added', properties: { sku: 'LAT-1' } });
    analytics.identify({ anonymousId: 'seg-anon', userId: 'seg-user', traits: { email: 'seg@example.test', name: 'Seg Ment' } });
    analytics.track({ userId: 'seg-user', event: 'Order Completed', properties: { order_id: 'A1', revenue: 9.5 } });
    await analytics.closeAndFlush({ timeout: 10_000 });
    expect(errors).toEqual([]);
    await server.settle();
    const found = await server.call('GET', '/api/v1/customers?email=seg@example.test', { key: ws.secretKey });
    expect(found.body.data).toHaveLength(1);
    const journey = await server.call('GET', `/api/v1/customers/${found.body.data[0].id}/journey`, { key: ws.secretKey });
    expect(journey.body.data.map((e: { touchpoint: string }) => e.touchpoint)).toEqual(['Product page', 'Checkout', 'Purchase']);
    expect(journey.body.data[2].details).toMatchObject({ order_id: 'A1', revenue: 9.5 });
  });
});

describe('rate limits per key', () => {
  it('answers 429 with Retry-After once a key is over its limit, without slowing other keys', async () => {
    const limited = await startTestServer({ TOUCHPOINT_RATE_LIMIT_INGEST: '5' });
    try {
      const a = await limited.workspace('a');
      const b = await limited.workspace('b');
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await limited.call('POST', '/v1/track', { basicKey: a.writeKey, body: { userId: 'u', event: 'E' } })).status);
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      const res = await limited.call('POST', '/v1/track', { basicKey: a.writeKey, body: { userId: 'u', event: 'E' } });
      expect(res.status).toBe(429);
      expect(res.body.error.code).toBe('rate_limited');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await limited.call('POST', '/v1/track', { basicKey: b.writeKey, body: { userId: 'u', event: 'E' } })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('analytics.js short paths', () => {
  it('accepts /v1/t and /v1/b as analytics-next sends them', async () => {
    const before = await eventCount();
    expect((await server.call('POST', '/v1/t', { basicKey: ws.writeKey, body: { anonymousId: 'browser', event: 'Product Viewed' } })).status).toBe(200);
    expect((await server.call('POST', '/v1/b', { body: { writeKey: ws.writeKey, batch: [{ type: 'page', anonymousId: 'browser', properties: { path: '/' } }] } })).status).toBe(200);
    expect(await eventCount()).toBe(before + 2);
  });
});
