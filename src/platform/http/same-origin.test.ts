import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/query.ts';
import { startTestServer, type TestServer } from '../../../test/harness.ts';

// Cross-site request forgery, over real HTTP: a page of another origin (another port
// of the same host is enough, the cookie is SameSite=Lax) must not make a logged-in
// browser change anything. Keys in Authorization are not what a browser adds on its own.

let server: TestServer;
let admin: string;
let ws: Awaited<ReturnType<TestServer['workspace']>>;
/** Another port of the same host: same site, another origin. */
let foreign: string;

const users = async () => (await queryRows<{ n: number }>(server.tp.database.db, sql`select count(*)::int as n from users`))[0]!.n;
const newAdmin = (email: string) => JSON.stringify({ email, name: 'Mallory', role: 'admin', password: 'a long password' });

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.login();
  ws = await server.workspace('default');
  const own = new URL(server.url);
  foreign = `${own.protocol}//${own.hostname}:${Number(own.port) === 1 ? 2 : 1}`;
});
afterAll(() => server?.close());

describe('cookie-authenticated writes to /api/v1', () => {
  it('refuses another origin, a text/plain body, a missing Origin and Referer: 403 csrf, nothing created', async () => {
    const before = await users();
    const attempts = [
      // The attack of the review: text/plain needs no preflight, and the cookie rides along.
      { origin: foreign, rawBody: newAdmin('m1@evil.test'), contentType: 'text/plain' },
      { origin: foreign, rawBody: newAdmin('m2@evil.test'), contentType: 'application/json' },
      { origin: 'null', rawBody: newAdmin('m3@evil.test'), contentType: 'application/json' },
      // Our own origin, but a body type a form or a no-cors fetch can send.
      { origin: server.url, rawBody: newAdmin('m4@evil.test'), contentType: 'text/plain' },
      { origin: server.url, rawBody: 'email=m5@evil.test', contentType: 'application/x-www-form-urlencoded' },
      // No proof of where it comes from.
      { origin: null, rawBody: newAdmin('m6@evil.test'), contentType: 'application/json' },
    ];
    for (const { origin, rawBody, contentType } of attempts) {
      const res = await server.call('POST', '/api/v1/users', { cookie: admin, origin, rawBody, contentType });
      expect(res.status, `${origin} ${contentType}`).toBe(403);
      expect(res.body.error.code).toBe('csrf');
    }
    // A Referer of another origin when Origin is absent.
    const referred = await fetch(`${server.url}/api/v1/users`, { method: 'POST', headers: { cookie: admin, 'content-type': 'application/json', referer: `${foreign}/page` }, body: newAdmin('m7@evil.test') });
    expect(referred.status).toBe(403);
    expect(await users()).toBe(before);
  });

  it('takes JSON from its own origin, proven by Origin or else by Referer', async () => {
    const before = await users();
    const byOrigin = await server.call('POST', '/api/v1/users', { cookie: admin, body: JSON.parse(newAdmin('ok1@example.test')) });
    expect(byOrigin.status).toBe(201);
    const byReferer = await fetch(`${server.url}/api/v1/users`, {
      method: 'POST',
      headers: { cookie: admin, 'content-type': 'application/json; charset=utf-8', referer: `${server.url}/settings/people` },
      body: newAdmin('ok2@example.test'),
    });
    expect(byReferer.status).toBe(201);
    expect(await users()).toBe(before + 2);
  });

  it('a DELETE without a body needs the same: JSON content type and our origin', async () => {
    const created = await server.call('POST', '/api/v1/keys', { cookie: admin, body: { type: 'write', name: 'site' } });
    expect(created.status).toBe(201);
    const bare = await fetch(`${server.url}/api/v1/keys/${created.body.id}`, { method: 'DELETE', headers: { cookie: admin, origin: server.url } });
    expect(bare.status).toBe(403);
    expect((await server.call('DELETE', `/api/v1/keys/${created.body.id}`, { cookie: admin, origin: foreign })).status).toBe(403);
    const listed = await server.call('GET', '/api/v1/keys', { cookie: admin });
    expect(listed.body.data.map((k: { id: string }) => k.id)).toContain(created.body.id);
    expect((await server.call('DELETE', `/api/v1/keys/${created.body.id}`, { cookie: admin })).status).toBe(204);
  });

  it('refuses a login posted from another origin (login CSRF); a script without Origin logs in', async () => {
    const res = await server.call('POST', '/api/v1/auth/login', { origin: foreign, body: { email: server.admin.email, password: server.admin.password } });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await server.login()).toMatch(/^tp_session=/);
  });

  it('reads are not affected: a GET with the cookie and no Origin answers', async () => {
    expect((await server.call('GET', '/api/v1/me', { cookie: admin, origin: null })).status).toBe(200);
  });
});

describe('what stays open', () => {
  it('a key in Authorization needs no Origin, and a stray Origin does not matter', async () => {
    const before = await users();
    const res = await server.call('POST', '/api/v1/keys', { key: ws.secretKey, body: { type: 'write', name: 'by a server' } });
    expect(res.status).toBe(201);
    const withOrigin = await server.call('POST', '/api/v1/keys', { key: ws.secretKey, origin: foreign, body: { type: 'write', name: 'by a proxy' } });
    expect(withOrigin.status).toBe(201);
    expect(await users()).toBe(before);
  });

  it('ingestion takes text/plain from any origin, cookie or not (it never reads cookies)', async () => {
    const res = await server.call('POST', '/v1/track', { cookie: admin, origin: 'https://shop.example', rawBody: JSON.stringify({ writeKey: ws.writeKey, userId: 'u1', event: 'Viewed' }), contentType: 'text/plain' });
    expect(res.status).toBe(200);
  });
});

describe('our own origin behind a proxy or a public URL', () => {
  it('is TOUCHPOINT_PUBLIC_URL’s origin, or the Host the browser addressed', async () => {
    const behind = await startTestServer({ TOUCHPOINT_PUBLIC_URL: 'https://support.example.test/app' });
    try {
      const cookie = await behind.login();
      const key = (origin: string) => behind.call('POST', '/api/v1/keys', { cookie, origin, body: { type: 'write' } });
      expect((await key('https://support.example.test')).status).toBe(201);
      expect((await key(behind.url)).status).toBe(201);
      expect((await key('http://support.example.test')).status).toBe(403);
      expect((await key('https://support.example.test.evil.test')).status).toBe(403);
    } finally {
      await behind.close();
    }
  });

  it('follows X-Forwarded-Proto and -Host from a trusted proxy only', async () => {
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'desk.example.test', 'content-type': 'application/json' };
    const post = (url: string, cookie: string) =>
      fetch(`${url}/api/v1/keys`, { method: 'POST', headers: { ...forwarded, cookie, origin: 'https://desk.example.test' }, body: JSON.stringify({ type: 'write' }) });
    const proxied = await startTestServer({ TOUCHPOINT_TRUST_PROXY: '1' });
    try {
      expect((await post(proxied.url, await proxied.login())).status).toBe(201);
    } finally {
      await proxied.close();
    }
    // Not trusted: the forwarded headers are the client's word, and the Origin does not match the Host.
    expect((await post(server.url, admin)).status).toBe(403);
  });
});
