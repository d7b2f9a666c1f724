import crypto from 'node:crypto';
import WebSocket from 'ws';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../platform/db/query.ts';
import { eventually, startTestServer, type TestServer } from '../../test/harness.ts';

// Ending a person's access: deactivate, remove, change role, sign out everywhere,
// change password, session lifetime. Each ends the sessions it should, at once,
// and closes their live sockets (a real WebSocket client).

let server: TestServer;
let adminCookie: string;
beforeAll(async () => {
  server = await startTestServer({ TOUCHPOINT_RATE_LIMIT_LOGIN: '1000' });
  adminCookie = await server.login();
});
afterAll(() => server?.close());

interface Person {
  id: string;
  email: string;
  password: string;
  cookie: string;
}

/** A new member of the default workspace, added by its admin and logged in. */
async function person(role: 'admin' | 'agent' | 'analyst', cookie = adminCookie): Promise<Person> {
  const email = `${role}-${crypto.randomBytes(4).toString('hex')}@example.test`;
  const res = await server.call('POST', '/api/v1/users', { cookie, body: { email, name: `The ${role}`, role } });
  expect(res.status).toBe(201);
  return { id: res.body.id, email, password: res.body.password, cookie: await server.login(email, res.body.password) };
}

function live(headers: Record<string, string>) {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/live`, { headers });
  const received: { type: string }[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  socket.on('message', (raw) => received.push(JSON.parse(raw.toString())));
  const hello = eventually(() => expect(received.map((e) => e.type)).toContain('hello'));
  return { socket, closed, hello };
}

/** Resolves to 'open' if the socket is still open after a moment. */
async function stillOpen(s: ReturnType<typeof live>): Promise<string> {
  return Promise.race([s.closed.then((c) => `closed ${c.code}`), new Promise<string>((r) => setTimeout(() => r('open'), 300))]);
}

const members = async (query = '') => (await server.call('GET', `/api/v1/users${query}`, { cookie: adminCookie })).body.data as { id: string; role: string; status: string; name: string }[];

describe('deactivating a member', () => {
  it('ends their sessions and live socket at once, refuses their login, keeps them listed; reactivating lets them back', async () => {
    const agent = await person('agent');
    const socket = live({ cookie: agent.cookie });
    await socket.hello;

    const res = await server.call('PATCH', `/api/v1/users/${agent.id}`, { cookie: adminCookie, body: { status: 'deactivated' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: agent.id, status: 'deactivated', role: 'agent' });
    expect(await socket.closed).toEqual({ code: 4401, reason: 'member deactivated' });
    expect((await server.call('GET', '/api/v1/me', { cookie: agent.cookie })).status).toBe(401);
    const login = await server.call('POST', '/api/v1/auth/login', { body: { email: agent.email, password: agent.password } });
    expect(login.status).toBe(401);
    expect(login.body.error.message).toMatch(/not an active member/);
    expect((await members()).find((m) => m.id === agent.id)).toMatchObject({ status: 'deactivated', name: 'The agent' });
    // A deactivated agent is assigned nothing.
    const ticket = await server.call('POST', '/api/v1/tickets', { cookie: adminCookie, body: { customer: { email: 'c@example.test' }, subject: 'Hi', message: { body: 'hi' }, assigneeId: agent.id } });
    expect(ticket.status).toBe(400);

    expect((await server.call('PATCH', `/api/v1/users/${agent.id}`, { cookie: adminCookie, body: { status: 'active' } })).body.status).toBe('active');
    expect((await server.call('GET', '/api/v1/me', { cookie: await server.login(agent.email, agent.password) })).status).toBe(200);
  });
});

describe('removing a member', () => {
  it('ends their sessions and socket; they leave the list but keep their name for history; they can be added again', async () => {
    const agent = await person('agent');
    const ticket = await server.call('POST', '/api/v1/tickets', { cookie: adminCookie, body: { customer: { email: 'r@example.test' }, subject: 'Help', message: { body: 'hello' } } });
    expect((await server.call('POST', `/api/v1/tickets/${ticket.body.id}/messages`, { cookie: agent.cookie, body: { body: 'On it' } })).status).toBe(201);
    const socket = live({ cookie: agent.cookie });
    await socket.hello;

    expect((await server.call('DELETE', `/api/v1/users/${agent.id}`, { cookie: adminCookie })).status).toBe(204);
    expect(await socket.closed).toEqual({ code: 4401, reason: 'member removed' });
    expect((await server.call('GET', '/api/v1/me', { cookie: agent.cookie })).status).toBe(401);
    expect((await server.call('POST', '/api/v1/auth/login', { body: { email: agent.email, password: agent.password } })).status).toBe(401);
    expect((await members()).some((m) => m.id === agent.id)).toBe(false);
    expect((await members('?include=removed')).find((m) => m.id === agent.id)).toMatchObject({ status: 'removed', name: 'The agent' });
    const detail = await server.call('GET', `/api/v1/tickets/${ticket.body.id}`, { cookie: adminCookie });
    expect(detail.body.messages.map((m: { authorUserId: string | null }) => m.authorUserId)).toContain(agent.id);
    // Removed twice: gone already.
    expect((await server.call('DELETE', `/api/v1/users/${agent.id}`, { cookie: adminCookie })).status).toBe(404);
    expect((await server.call('PATCH', `/api/v1/users/${agent.id}`, { cookie: adminCookie, body: { role: 'admin' } })).status).toBe(404);

    const again = await server.call('POST', '/api/v1/users', { cookie: adminCookie, body: { email: agent.email, name: 'The agent', role: 'analyst' } });
    expect(again.status).toBe(201);
    expect(again.body.password).toBeUndefined();
    expect((await members()).find((m) => m.id === agent.id)).toMatchObject({ status: 'active', role: 'analyst' });
    await server.login(agent.email, agent.password);
  });
});

describe('changing a role', () => {
  it('closes the live socket and the new role applies to the same session at once', async () => {
    const agent = await person('agent');
    const socket = live({ cookie: agent.cookie });
    await socket.hello;
    const res = await server.call('PATCH', `/api/v1/users/${agent.id}`, { cookie: adminCookie, body: { role: 'analyst' } });
    expect(res.status).toBe(200);
    expect(res.body.role).toBe('analyst');
    expect(await socket.closed).toEqual({ code: 4401, reason: 'role changed' });
    const me = await server.call('GET', '/api/v1/me', { cookie: agent.cookie });
    expect(me.body.workspace.role).toBe('analyst');
    const write = await server.call('POST', '/api/v1/tickets', { cookie: agent.cookie, body: { customer: { email: 'x@example.test' }, subject: 'X', message: { body: 'x' } } });
    expect(write.status).toBe(403);
    const again = live({ cookie: agent.cookie });
    await again.hello;
    again.socket.close();
  });

  it('answers 400 naming the field for a bad role or status, and changes nothing', async () => {
    const agent = await person('agent');
    for (const body of [{ role: 'owner' }, { status: 'removed' }, {}]) {
      const res = await server.call('PATCH', `/api/v1/users/${agent.id}`, { cookie: adminCookie, body });
      expect(res.status).toBe(400);
    }
    expect((await server.call('PATCH', `/api/v1/users/${agent.id}`, { cookie: adminCookie, body: { role: 'owner' } })).body.error.message).toMatch(/role/);
    expect((await members()).find((m) => m.id === agent.id)).toMatchObject({ role: 'agent', status: 'active' });
  });

  it('only an admin manages people', async () => {
    const agent = await person('agent');
    const other = await person('agent');
    expect((await server.call('PATCH', `/api/v1/users/${other.id}`, { cookie: agent.cookie, body: { role: 'admin' } })).status).toBe(403);
    expect((await server.call('DELETE', `/api/v1/users/${other.id}`, { cookie: agent.cookie })).status).toBe(403);
  });
});

describe('the last admin', () => {
  it('cannot be demoted, deactivated or removed; with a second admin they can', async () => {
    const ws = await server.workspace(`solo-${crypto.randomBytes(3).toString('hex')}`);
    const soloCookie = await ws.userCookie('admin');
    const solo = (await server.call('GET', '/api/v1/me', { cookie: soloCookie })).body.user.id;
    for (const [method, body] of [
      ['PATCH', { role: 'agent' }],
      ['PATCH', { status: 'deactivated' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await server.call(method, `/api/v1/users/${solo}`, { cookie: soloCookie, body });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/last admin/);
    }
    const list = (await server.call('GET', '/api/v1/users', { cookie: soloCookie })).body.data;
    expect(list).toMatchObject([{ id: solo, role: 'admin', status: 'active' }]);
    const second = await person('admin', soloCookie);
    expect((await server.call('PATCH', `/api/v1/users/${solo}`, { cookie: second.cookie, body: { role: 'agent' } })).status).toBe(200);
    // Now `second` is the last one.
    expect((await server.call('DELETE', `/api/v1/users/${second.id}`, { cookie: second.cookie })).status).toBe(409);
  });
});

describe("another workspace's people", () => {
  it('answer 404 like ids that do not exist', async () => {
    const b = await server.workspace(`other-${crypto.randomBytes(3).toString('hex')}`);
    const bAdmin = await b.userCookie('admin');
    const agentOfDefault = await person('agent');
    const missing = crypto.randomUUID();
    for (const id of [agentOfDefault.id, missing, 'not-a-uuid']) {
      const patch = await server.call('PATCH', `/api/v1/users/${id}`, { cookie: bAdmin, body: { status: 'deactivated' } });
      const del = await server.call('DELETE', `/api/v1/users/${id}`, { cookie: bAdmin });
      expect([patch.status, del.status]).toEqual([404, 404]);
      expect(patch.body).toEqual({ error: { code: 'not_found', message: 'Member not found' } });
    }
    expect((await server.call('GET', '/api/v1/me', { cookie: agentOfDefault.cookie })).status).toBe(200);
  });
});

describe('sessions', () => {
  it('logout ends that session and closes its socket, not the same person’s other session', async () => {
    const agent = await person('agent');
    const other = await server.login(agent.email, agent.password);
    const a = live({ cookie: agent.cookie });
    const b = live({ cookie: other });
    await Promise.all([a.hello, b.hello]);
    expect((await server.call('POST', '/api/v1/auth/logout', { cookie: agent.cookie })).status).toBe(204);
    expect(await a.closed).toEqual({ code: 4401, reason: 'logged out' });
    expect(await stillOpen(b)).toBe('open');
    expect((await server.call('GET', '/api/v1/me', { cookie: other })).status).toBe(200);
    b.socket.close();
  });

  it('"sign out everywhere" ends every session of the person, in every workspace, and their sockets', async () => {
    const agent = await person('agent');
    const second = await server.workspace(`elsewhere-${crypto.randomBytes(3).toString('hex')}`);
    const secondAdmin = await second.userCookie('admin');
    expect((await server.call('POST', '/api/v1/users', { cookie: secondAdmin, body: { email: agent.email, name: 'The agent', role: 'agent' } })).status).toBe(201);
    const elsewhere = await server.login(agent.email, agent.password);
    expect((await server.call('POST', '/api/v1/auth/workspace', { cookie: elsewhere, body: { workspaceId: second.id } })).status).toBe(200);
    const colleague = await person('agent');
    const sockets = [live({ cookie: agent.cookie }), live({ cookie: elsewhere })];
    const bystander = live({ cookie: colleague.cookie });
    await Promise.all([...sockets, bystander].map((s) => s.hello));

    const res = await server.call('POST', '/api/v1/auth/logout-everywhere', { cookie: agent.cookie });
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/tp_session=;/);
    for (const s of sockets) expect(await s.closed).toEqual({ code: 4401, reason: 'signed out everywhere' });
    for (const cookie of [agent.cookie, elsewhere]) expect((await server.call('GET', '/api/v1/me', { cookie })).status).toBe(401);
    expect(await stillOpen(bystander)).toBe('open');
    bystander.socket.close();
    expect((await server.call('POST', '/api/v1/auth/logout-everywhere', { key: second.secretKey })).status).toBe(403);
  });

  it('revoking a secret key closes the sockets opened with it', async () => {
    const ws = await server.workspace('default');
    const key = await server.call('POST', '/api/v1/keys', { cookie: adminCookie, body: { type: 'secret', name: 'socket' } });
    const s = live({ authorization: `Bearer ${key.body.key}` });
    await s.hello;
    expect((await server.call('DELETE', `/api/v1/keys/${key.body.id}`, { cookie: adminCookie })).status).toBe(204);
    expect(await s.closed).toEqual({ code: 4401, reason: 'key revoked' });
    expect(ws.id).toBeTruthy();
  });
});

describe('changing one’s password', () => {
  it('refuses a weak new password and a wrong current one, changing nothing', async () => {
    const agent = await person('agent');
    const weak = await server.call('POST', '/api/v1/me/password', { cookie: agent.cookie, body: { currentPassword: agent.password, newPassword: 'short' } });
    expect(weak.status).toBe(400);
    expect(weak.body.error.message).toMatch(/newPassword/);
    const wrong = await server.call('POST', '/api/v1/me/password', { cookie: agent.cookie, body: { currentPassword: 'not my password', newPassword: 'a much better passphrase' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/currentPassword/);
    await server.login(agent.email, agent.password);
    expect((await server.call('GET', '/api/v1/me', { cookie: agent.cookie })).status).toBe(200);
  });

  it('changes it and ends the other sessions and their sockets, keeping this one', async () => {
    const agent = await person('agent');
    const other = await server.login(agent.email, agent.password);
    const here = live({ cookie: agent.cookie });
    const there = live({ cookie: other });
    await Promise.all([here.hello, there.hello]);
    const res = await server.call('POST', '/api/v1/me/password', { cookie: agent.cookie, body: { currentPassword: agent.password, newPassword: 'a much better passphrase' } });
    expect(res.status).toBe(204);
    expect(await there.closed).toEqual({ code: 4401, reason: 'password changed' });
    expect(await stillOpen(here)).toBe('open');
    expect((await server.call('GET', '/api/v1/me', { cookie: other })).status).toBe(401);
    expect((await server.call('GET', '/api/v1/me', { cookie: agent.cookie })).status).toBe(200);
    await expect(server.login(agent.email, agent.password)).rejects.toThrow(/401/);
    await server.login(agent.email, 'a much better passphrase');
    here.socket.close();
  });
});

describe('weak passwords', () => {
  it('are refused when adding a person, naming the field, and nobody is created', async () => {
    for (const password of ['short', 'aaaaaaaaaaaaaaaa', 'abcabcabcabcabc', 'password1234', 'Password2024!', '123456789012', 'weak@example.test']) {
      const res = await server.call('POST', '/api/v1/users', { cookie: adminCookie, body: { email: 'weak@example.test', name: 'Weak', role: 'agent', password } });
      expect(res.status, password).toBe(400);
      expect(res.body.error.message).toMatch(/password/);
    }
    const rows = await queryRows(server.tp.database.db, sql`select 1 from users where email = 'weak@example.test'`);
    expect(rows).toHaveLength(0);
    const strong = await server.call('POST', '/api/v1/users', { cookie: adminCookie, body: { email: 'weak@example.test', name: 'Weak', role: 'agent', password: 'tangerine orbit 47' } });
    expect(strong.status).toBe(201);
  });
});

describe('session lifetime', () => {
  it('an admin sets idle and absolute lifetimes within bounds; analysts cannot', async () => {
    const policy = await server.call('GET', '/api/v1/session-policy', { cookie: adminCookie });
    expect(policy.body).toEqual({ idleHours: 168, maxHours: 720 });
    for (const [body, field] of [
      [{ idleHours: 0, maxHours: 24 }, 'idleHours'],
      [{ idleHours: 1, maxHours: 10_000 }, 'maxHours'],
      [{ idleHours: 48, maxHours: 24 }, 'idleHours'],
      [{ idleHours: 1.5, maxHours: 24 }, 'idleHours'],
    ] as const) {
      const res = await server.call('PUT', '/api/v1/session-policy', { cookie: adminCookie, body });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(field);
    }
    const analyst = await person('analyst');
    expect((await server.call('PUT', '/api/v1/session-policy', { cookie: analyst.cookie, body: { idleHours: 1, maxHours: 1 } })).status).toBe(403);
    expect((await server.call('GET', '/api/v1/session-policy', { cookie: adminCookie })).body).toEqual({ idleHours: 168, maxHours: 720 });
  });

  it('applies to existing sessions at once, and only in its workspace', async () => {
    const ws = await server.workspace(`lifetime-${crypto.randomBytes(3).toString('hex')}`);
    const admin = await ws.userCookie('admin');
    const [old, idle, fresh] = [await ws.userCookie('agent'), await ws.userCookie('agent'), await ws.userCookie('agent')];
    const hash = (cookie: string) => crypto.createHash('sha256').update(cookie.split('=')[1]!).digest('hex');
    await server.tp.database.db.execute(sql`update sessions set created_at = now() - interval '3 hours', last_seen_at = now() where token_hash = ${hash(old)}`);
    await server.tp.database.db.execute(sql`update sessions set last_seen_at = now() - interval '3 hours' where token_hash = ${hash(idle)}`);
    const otherWorkspace = await person('agent');
    await server.tp.database.db.execute(sql`update sessions set created_at = now() - interval '3 hours' where token_hash = ${hash(otherWorkspace.cookie)}`);
    const oldSocket = live({ cookie: old });
    await oldSocket.hello;
    for (const cookie of [old, idle, fresh]) expect((await server.call('GET', '/api/v1/me', { cookie })).status).toBe(200);

    const res = await server.call('PUT', '/api/v1/session-policy', { cookie: admin, body: { idleHours: 2, maxHours: 2 } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ idleHours: 2, maxHours: 2 });
    expect(await oldSocket.closed).toEqual({ code: 4401, reason: 'session expired' });
    expect((await server.call('GET', '/api/v1/me', { cookie: old })).status).toBe(401);
    expect((await server.call('GET', '/api/v1/me', { cookie: fresh })).status).toBe(200);
    expect((await server.call('GET', '/api/v1/me', { cookie: otherWorkspace.cookie })).status).toBe(200);
    // `idle` was seen just now by the check above (before the policy changed): it lives on.
    expect((await server.call('GET', '/api/v1/me', { cookie: idle })).status).toBe(200);
    await server.tp.database.db.execute(sql`update sessions set last_seen_at = now() - interval '3 hours' where token_hash = ${hash(idle)}`);
    expect((await server.call('GET', '/api/v1/me', { cookie: idle })).status).toBe(401);
  });
});

describe('a live socket whose session ends elsewhere (another server process)', () => {
  it('closes within the re-check interval', async () => {
    const other = await startTestServer({ TOUCHPOINT_LIVE_RECHECK_SECONDS: '1' });
    try {
      const cookie = await other.login();
      const socket = new WebSocket(`${other.url.replace('http', 'ws')}/api/v1/live`, { headers: { cookie } });
      const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
      await new Promise((r) => socket.once('message', r));
      // As another process would: the row goes, this process's hub hears nothing.
      await other.tp.database.db.execute(sql`delete from sessions`);
      const started = Date.now();
      expect(await closed).toEqual({ code: 4401, reason: 'session ended' });
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await other.close();
    }
  });
});
