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

describe('text PostgreSQL cannot store is repaired at the edge', () => {
  const stored = (name: string) =>
    queryRows<{ name: string; properties: Record<string, unknown>; traits: Record<string, unknown> | null }>(
      server.tp.database.db,
      sql`select name, properties, traits from journey_events where workspace_id = ${ws.id} and name like ${name + '%'} order by id`,
    );

  it('stores all 10 events of the official client when one carries a NUL byte, that one repaired', async () => {
    const before = await eventCount();
    const analytics = new Analytics({ writeKey: ws.writeKey, host: server.url, flushAt: 10, flushInterval: 200, maxRetries: 1 });
    const errors: unknown[] = [];
    analytics.on('error', (err) => errors.push(err));
    for (let n = 0; n < 9; n++) analytics.track({ userId: 'nul-user', event: 'Nul Batch', properties: { n } });
    analytics.track({ userId: 'nul-user', event: 'Nul Batch', properties: { n: 9, note: 'pasted\u0000text' }, context: { traits: { 'nick\u0000': 'x\u0000' } } });
    await analytics.closeAndFlush({ timeout: 10_000 });
    expect(errors).toEqual([]);
    expect(await eventCount()).toBe(before + 10);
    const rows = await stored('Nul Batch');
    expect(rows.map((r) => r.properties.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rows[9]!.properties.note).toBe('pastedtext');
  });

  it('stores a page title cut in the middle of an emoji with U+FFFD, as browsers do', async () => {
    const analytics = new Analytics({ writeKey: ws.writeKey, host: server.url, flushAt: 1, maxRetries: 1 });
    const errors: unknown[] = [];
    analytics.on('error', (err) => errors.push(err));
    analytics.page({ anonymousId: 'cut-emoji', name: 'Surrogate Page \ud83d', properties: { title: 'Great \ud83d', path: '/x' } });
    await analytics.closeAndFlush({ timeout: 10_000 });
    expect(errors).toEqual([]);
    const [row] = await stored('Surrogate Page');
    expect(row).toMatchObject({ name: 'Surrogate Page \ufffd', properties: { title: 'Great \ufffd' } });
  });

  it('repairs a text/plain body as sendBeacon sends it, keys included', async () => {
    const rawBody = '{"writeKey":"' + ws.writeKey + '","batch":[{"type":"track","anonymousId":"beacon","event":"Beacon Nul","properties":{"a\\u0000b":"c\\u0000d","e":"\\udc00"}}]}';
    const res = await server.call('POST', '/v1/batch', { rawBody, contentType: 'text/plain;charset=UTF-8' });
    expect(res.status).toBe(200);
    const [row] = await stored('Beacon Nul');
    expect(row!.properties).toEqual({ ab: 'cd', e: '\ufffd' });
  });
});

describe('absurd input is refused with a 400 naming the field, nothing stored', () => {
  const good = { type: 'track', userId: 'u', event: 'Fine' };
  const refused = async (body: { rawBody?: string; body?: unknown }, field: string | RegExp) => {
    const before = await eventCount();
    const res = await server.call('POST', '/v1/batch', { basicKey: ws.writeKey, ...body });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(field);
    expect(await eventCount()).toBe(before);
    return res;
  };

  it('JSON nested 10,000 deep', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const res = await refused({ rawBody: `{"batch":[${JSON.stringify(good).slice(0, -1)},"properties":{"x":${deep}}}]}` }, /^batch\[0\]\.properties\.x(\[0\])+ is nested more than 64 levels deep/);
    expect(res.body.error.code).toBe('nesting_too_deep');
  });

  it('a batch of deep arrays as large as the limit allows, refused before it is parsed', async () => {
    const deep = '['.repeat(250_000) + ']'.repeat(250_000);
    await refused({ rawBody: `{"batch":[{"properties":{"x":${deep}}}]}` }, /^batch\[0\]\.properties\.x/);
  });

  it('sentAt in the year 9999, for the batch or one event', async () => {
    const batch = await refused({ body: { sentAt: '9999-01-01T00:00:00Z', batch: [good, good] } }, /^sentAt: "9999-01-01T00:00:00Z" is/);
    expect(batch.body.error.code).toBe('invalid_timestamp');
    await refused({ body: { batch: [good, good, good, { ...good, sentAt: '9999-01-01T00:00:00Z' }] } }, /^batch\[3\]\.sentAt: /);
  });

  const impossible: [string, Record<string, unknown>, RegExp][] = [
    ['30 February', { timestamp: '2026-02-30T10:00:00Z' }, /^batch\[1\]\.timestamp: "2026-02-30T10:00:00Z" is not a calendar date/],
    ['30 February as originalTimestamp', { originalTimestamp: '2026-02-30' }, /^batch\[1\]\.originalTimestamp: /],
    ['the year 0001', { timestamp: '0001-01-01T00:00:00Z' }, /^batch\[1\]\.timestamp: "0001-01-01T00:00:00Z" is before 1970/],
    ['the year 9999', { timestamp: '9999-12-31T00:00:00Z' }, /^batch\[1\]\.timestamp: /],
    ['a timestamp a month ahead with no sentAt to correct it', { timestamp: new Date(Date.now() + 30 * 86_400_000).toISOString() }, /^batch\[1\]\.timestamp: .* ahead/],
  ];
  for (const [what, fields, message] of impossible) {
    it(`an event dated ${what}`, async () => {
      await refused({ body: { batch: [good, { ...good, ...fields }] } }, message);
    });
  }

  it('still corrects a device clock that runs days ahead, by its sentAt', async () => {
    const ahead = 3 * 86_400_000;
    const res = await server.call('POST', '/v1/batch', {
      basicKey: ws.writeKey,
      body: { sentAt: new Date(Date.now() + ahead).toISOString(), batch: [{ ...good, event: 'Fast Clock', timestamp: new Date(Date.now() + ahead - 60_000).toISOString() }] },
    });
    expect(res.status).toBe(200);
    const rows = await queryRows<{ at: string | Date }>(server.tp.database.db, sql`select at from journey_events where workspace_id = ${ws.id} and name = 'Fast Clock'`);
    expect(Math.abs(new Date(rows[0]!.at).getTime() - (Date.now() - 60_000))).toBeLessThan(30_000);
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
