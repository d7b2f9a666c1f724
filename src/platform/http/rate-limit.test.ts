import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/harness.ts';

// Limits count against what a request resolves to (a key, a session), else against
// the client's address, as the nearest trusted proxy saw it: a caller cannot open a
// fresh allowance by writing its key differently, inventing credentials, or naming
// its own address in X-Forwarded-For.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ TOUCHPOINT_RATE_LIMIT_INGEST: '4', TOUCHPOINT_RATE_LIMIT_API: '4' });
});
afterAll(() => server?.close());

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const send = (path: string, headers: Record<string, string>, body?: unknown) =>
  fetch(`${server.url}${path}`, { method: body === undefined ? 'GET' : 'POST', headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });

describe('per-key limits follow the key, however it is written', () => {
  it('a write key with another password, in Bearer or BEARER, or in the body, draws on one allowance', async () => {
    const a = await server.workspace('limit-a');
    const b = await server.workspace('limit-b');
    const event = { userId: 'u', event: 'E' };
    const statuses = [
      (await send('/v1/track', { authorization: basic(a.writeKey, '') }, event)).status,
      (await send('/v1/track', { authorization: basic(a.writeKey, 'ignored') }, event)).status,
      (await send('/v1/track', { authorization: `bearer ${a.writeKey}` }, event)).status,
      (await send('/v1/track', { authorization: `BEARER ${a.writeKey}` }, event)).status,
      (await send('/v1/track', {}, { ...event, writeKey: a.writeKey })).status,
      (await send('/v1/track', { authorization: basic(a.writeKey, 'another') }, event)).status,
    ];
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    // Another key is not slowed down.
    expect((await send('/v1/track', { authorization: basic(b.writeKey, '') }, event)).status).toBe(200);
  });

  it('a secret key on the API likewise', async () => {
    const c = await server.workspace('limit-c');
    const spellings = ['Bearer', 'bearer', 'BEARER', 'Bearer', 'bEaReR'];
    const statuses = [];
    for (const scheme of spellings) statuses.push((await send('/api/v1/keys', { authorization: `${scheme} ${c.secretKey}` })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });
});

describe('what resolves to nothing counts against the address', () => {
  it('made-up keys and sessions share the address’s allowance, and are counted before the guard refuses them', async () => {
    const isolated = await startTestServer({ TOUCHPOINT_RATE_LIMIT_API: '3' });
    try {
      const call = (headers: Record<string, string>) => fetch(`${isolated.url}/api/v1/me`, { headers }).then((r) => r.status);
      const statuses = [
        await call({ authorization: 'Bearer tp_secret_made_up_1' }),
        await call({ authorization: 'Bearer tp_secret_made_up_2' }),
        await call({ cookie: 'tp_session=made-up' }),
        await call({ authorization: 'Bearer tp_secret_made_up_3' }),
        await call({}),
      ];
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      // A real session has its own allowance, from the same address.
      const cookie = await isolated.login();
      expect(await call({ cookie })).toBe(200);
    } finally {
      await isolated.close();
    }
  });
});

/** A reverse proxy as nginx is set up: it appends the address it saw to X-Forwarded-For. */
async function startProxy(target: string): Promise<{ url: string; close: () => Promise<void> }> {
  const proxy = http.createServer((req, res) => {
    const seen = req.socket.remoteAddress!;
    const forwardedFor = req.headers['x-forwarded-for'] ? `${req.headers['x-forwarded-for']}, ${seen}` : seen;
    const upstream = http.request(`${target}${req.url}`, { method: req.method, headers: { ...req.headers, 'x-forwarded-for': forwardedFor } }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(proxy.address() as { port: number }).port}`, close: () => new Promise((resolve) => proxy.close(() => resolve())) };
}

describe('TOUCHPOINT_TRUST_PROXY', () => {
  it('with one hop trusted, a client that writes its own X-Forwarded-For is still counted at the address the proxy saw', async () => {
    const behind = await startTestServer({ TOUCHPOINT_TRUST_PROXY: '1', TOUCHPOINT_RATE_LIMIT_PUBLIC: '3' });
    const proxy = await startProxy(behind.url);
    try {
      const statuses = [];
      // A survey link with a made-up token: a public page, limited per address.
      for (let i = 0; i < 5; i++) statuses.push((await fetch(`${proxy.url}/f/not-a-token`, { headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.${i}` } })).status);
      expect(statuses.slice(0, 3).every((s) => s !== 429)).toBe(true);
      expect(statuses.slice(3)).toEqual([429, 429]);
    } finally {
      await proxy.close();
      await behind.close();
    }
  });
});
