import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../platform/db/query.ts';
import { openTestDatabase, startTestServer, type TestServer } from '../../test/harness.ts';
import { bootstrap } from './bootstrap.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe('login and sessions', () => {
  it('refuses a wrong password and an unknown email with the same answer', async () => {
    const wrong = await server.call('POST', '/api/v1/auth/login', { body: { email: server.admin.email, password: 'nope' } });
    const unknown = await server.call('POST', '/api/v1/auth/login', { body: { email: 'ghost@example.test', password: 'nope' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('answers 400 naming the field for a malformed login', async () => {
    const res = await server.call('POST', '/api/v1/auth/login', { body: { email: 'not-an-email' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toMatch(/email/);
  });

  it('sets an HTTP-only session cookie that identifies the user until logout', async () => {
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: server.admin.email.toUpperCase(), password: server.admin.password }),
    });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(';')[0]!;
    const me = await server.call('GET', '/api/v1/me', { cookie });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(server.admin.email);
    expect(me.body.workspace.slug).toBe('default');
    expect(me.body.workspace.role).toBe('admin');
    expect((await server.call('POST', '/api/v1/auth/logout', { cookie })).status).toBe(204);
    expect((await server.call('GET', '/api/v1/me', { cookie })).status).toBe(401);
  });

  it('stores passwords hashed with scrypt, never in clear', async () => {
    const rows = await queryRows<{ password_hash: string }>(server.tp.database.db, sql`select password_hash from users`);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.password_hash).toMatch(/^scrypt\$/);
      expect(r.password_hash).not.toContain(server.admin.password);
    }
  });
});

describe('the first admin', () => {
  it('is not created with a weak TOUCHPOINT_ADMIN_PASSWORD: start-up says why, and nothing is stored', async () => {
    const database = await openTestDatabase();
    try {
      await expect(bootstrap(database.db, { email: 'first@example.test', password: 'Password2024' })).rejects.toThrow(
        'TOUCHPOINT_ADMIN_PASSWORD is a common password with digits or symbols added',
      );
      expect(await queryRows(database.db, sql`select 1 from users`)).toHaveLength(0);
      expect((await bootstrap(database.db, { email: 'first@example.test', password: 'a strong first password' })).firstAdmin?.email).toBe('first@example.test');
    } finally {
      await database.close();
    }
  });
});

describe('API keys', () => {
  it('401 without credentials, 403 for a write key, 403 for an analyst', async () => {
    expect((await server.call('GET', '/api/v1/keys')).status).toBe(401);
    const ws = await server.workspace('default');
    const asWrite = await server.call('GET', '/api/v1/keys', { key: ws.writeKey });
    expect(asWrite.status).toBe(403);
    expect(asWrite.body.error.message).toMatch(/write key/i);
    const analyst = await ws.userCookie('analyst');
    expect((await server.call('POST', '/api/v1/keys', { cookie: analyst, body: { type: 'secret' } })).status).toBe(403);
  });

  it('creates a key shown once, stores only its hash, and revokes it', async () => {
    const cookie = await server.login();
    const created = await server.call('POST', '/api/v1/keys', { cookie, body: { type: 'secret', name: 'CRM sync' } });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect(key).toMatch(/^tp_secret_/);
    const list = await server.call('GET', '/api/v1/keys', { cookie });
    const listed = list.body.data.find((k: { id: string }) => k.id === created.body.id);
    expect(listed.name).toBe('CRM sync');
    expect(JSON.stringify(list.body)).not.toContain(key);
    const stored = await queryRows<{ key_hash: string }>(server.tp.database.db, sql`select key_hash from api_keys`);
    expect(stored.some((r) => r.key_hash === key || r.key_hash.includes(key.slice(10)))).toBe(false);

    expect((await server.call('GET', '/api/v1/customers', { key })).status).toBe(200);
    expect((await server.call('DELETE', `/api/v1/keys/${created.body.id}`, { cookie })).status).toBe(204);
    expect((await server.call('GET', '/api/v1/customers', { key })).status).toBe(401);
    expect((await server.call('DELETE', `/api/v1/keys/${created.body.id}`, { cookie })).status).toBe(404);
  });

  it('a secret key provisions write keys, but neither creates nor revokes secret keys: a leaked one cannot outlive its revocation', async () => {
    const ws = await server.workspace('default');
    const listed = async () => (await server.call('GET', '/api/v1/keys', { key: ws.secretKey })).body.data as { id: string; type: string }[];
    const keys = async () => (await listed()).map((k) => k.id).sort();
    const before = await keys();

    const minted = await server.call('POST', '/api/v1/keys', { key: ws.secretKey, body: { type: 'secret', name: 'successor' } });
    expect(minted.status).toBe(403);
    expect(minted.body.error.message).toMatch(/secret key cannot create or revoke secret keys/i);
    const aSecretKey = (await listed()).find((k) => k.type === 'secret')!;
    const revoked = await server.call('DELETE', `/api/v1/keys/${aSecretKey.id}`, { key: ws.secretKey });
    expect(revoked.status).toBe(403);
    expect(await keys()).toEqual(before);

    const site = await server.call('POST', '/api/v1/keys', { key: ws.secretKey, body: { type: 'write', name: 'New site' } });
    expect(site.status).toBe(201);
    expect(site.body.key).toMatch(/^tp_write_/);
    expect((await server.call('DELETE', `/api/v1/keys/${site.body.id}`, { key: ws.secretKey })).status).toBe(204);
    expect(await keys()).toEqual(before);
  });

  it('rejects an unknown key type with 400 and creates nothing', async () => {
    const cookie = await server.login();
    const before = (await server.call('GET', '/api/v1/keys', { cookie })).body.data.length;
    const res = await server.call('POST', '/api/v1/keys', { cookie, body: { type: 'root' } });
    expect(res.status).toBe(400);
    expect((await server.call('GET', '/api/v1/keys', { cookie })).body.data.length).toBe(before);
  });
});

describe('people', () => {
  it('lets an admin add an agent with a generated one-time password, and refuses a duplicate', async () => {
    const cookie = await server.login();
    const res = await server.call('POST', '/api/v1/users', { cookie, body: { email: 'agent1@example.test', name: 'Agent One', role: 'agent' } });
    expect(res.status).toBe(201);
    expect(res.body.password).toHaveLength(16);
    const agentCookie = await server.login('agent1@example.test', res.body.password);
    expect((await server.call('GET', '/api/v1/customers', { cookie: agentCookie })).status).toBe(200);
    expect((await server.call('POST', '/api/v1/users', { cookie: agentCookie, body: { email: 'x@example.test', name: 'X', role: 'admin' } })).status).toBe(403);
    const again = await server.call('POST', '/api/v1/users', { cookie, body: { email: 'agent1@example.test', name: 'Agent One', role: 'agent' } });
    expect(again.status).toBe(409);
  });
});
