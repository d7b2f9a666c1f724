import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../platform/db/query.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';

// POST /v1/m, where analytics.js (analytics-next) sends counters about itself:
// accepted with CORS headers like every /v1 route, and nothing is stored.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

/** What analytics-next 1.84 sends (RemoteMetrics.send): text/plain, no write key. */
const series = {
  series: [
    { type: 'Counter', metric: 'analytics_js.invoke', value: 1, tags: { page: '', library: 'analytics.js', library_version: 'next-1.84.3' } },
    { type: 'Counter', metric: 'analytics_js.integration.invoke.error', value: 1, tags: { method: 'track', integration_name: 'Segment.io', type: 'classic', library: 'analytics.js', library_version: 'next-1.84.3' } },
  ],
};

const post = (body: string) => fetch(`${server.url}/v1/m`, { method: 'POST', headers: { origin: 'https://shop.example', 'content-type': 'text/plain' }, body });

async function storedRows(): Promise<number> {
  const rows = await queryRows<{ n: number }>(server.tp.database.db, sql`select (select count(*) from journey_events)::int + (select count(*) from customers)::int as n`);
  return rows[0]!.n;
}

describe("analytics.js's telemetry", () => {
  it('answers 200 with CORS headers and stores nothing', async () => {
    const before = await storedRows();
    const res = await post(JSON.stringify(series));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ success: true });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(res.headers.get('access-control-allow-credentials')).toBe('false');
    expect(await storedRows()).toBe(before);
  });

  it('refuses a body that is not a series of counters with a 400 naming the field, and a huge one with 413', async () => {
    const missing = await post(JSON.stringify({ metrics: [] }));
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.message).toMatch(/series/);
    const badCounter = await post(JSON.stringify({ series: [{ type: 'Counter', value: 1 }] }));
    expect(badCounter.status).toBe(400);
    expect((await badCounter.json()).error.message).toMatch(/series\.0\.metric/);
    const huge = await post(JSON.stringify({ series: [{ type: 'Counter', metric: 'x', value: 1, tags: { big: 'x'.repeat(70_000) } }] }));
    expect(huge.status).toBe(413);
    expect(huge.headers.get('access-control-allow-origin')).toBe('https://shop.example');
  });
});
