import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/harness.ts';

// CORS of the public APIs (ingestion, widget) over real HTTP, as a browser on a
// customer's site asks: the preflight of every path, the headers Segment's
// libraries send, cookies refused, and errors the page can read.

const ORIGIN = 'https://shop.example';

let server: TestServer;
beforeAll(async () => {
  // Two calls a minute per key: the last test meets the rate limit.
  server = await startTestServer({ TOUCHPOINT_RATE_LIMIT_INGEST: '2' });
});
afterAll(() => server?.close());

const preflight = (path: string, requestHeaders: string) =>
  fetch(`${server.url}${path}`, { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': requestHeaders } });

/** The header's comma-separated names, lower-cased. */
const names = (value: string | null) => new Set((value ?? '').split(',').map((s) => s.trim().toLowerCase()));

describe('CORS of the public APIs', () => {
  it("allows the headers Segment's libraries send, on every /v1 and widget path, never with cookies", async () => {
    // analytics.js: content-type, authorization and x-retry-count; analytics-node adds user-agent.
    const asked = 'authorization,content-type,x-retry-count,user-agent';
    for (const path of ['/v1/t', '/v1/track', '/v1/b', '/v1/batch', '/v1/m', '/v1/not-a-route', '/widget/v1/conversations', '/widget/v1/surveys/due']) {
      const res = await preflight(path, asked);
      expect(res.status, path).toBe(204);
      expect(res.headers.get('access-control-allow-origin'), path).toBe(ORIGIN);
      expect(res.headers.get('access-control-allow-credentials'), path).toBe('false');
      expect(names(res.headers.get('access-control-allow-methods')), path).toContain('post');
      for (const header of asked.split(',')) expect(names(res.headers.get('access-control-allow-headers')), `${path} ${header}`).toContain(header);
    }
  });

  it('answers an unknown path 404 with CORS headers, so the page reads the error', async () => {
    for (const [method, path] of [['POST', '/v1/nope'], ['GET', '/widget/v1/nope']] as const) {
      const res = await fetch(`${server.url}${path}`, { method, headers: { origin: ORIGIN } });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('access-control-allow-origin'), path).toBe(ORIGIN);
      expect(await res.json()).toEqual({ error: { code: 'not_found', message: `No route for ${method} ${path}` } });
    }
    // The rest of the site keeps its own 404 (no CORS).
    const api = await fetch(`${server.url}/api/v1/nope`, { headers: { origin: ORIGIN } });
    expect(api.status).toBe(404);
    expect(api.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers the rate limit with CORS headers and lets the page read Retry-After', async () => {
    const { writeKey } = await server.workspace('cors');
    const send = () =>
      fetch(`${server.url}/v1/t`, {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'text/plain', authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
        body: JSON.stringify({ anonymousId: 'a1', event: 'Menu Viewed' }),
      });
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 3; i++) {
      const res = await send();
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(limited!.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(names(limited!.headers.get('access-control-expose-headers'))).toContain('retry-after');
  });
});
