import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/query.ts';
import { startTestServer, type TestServer } from '../../../test/harness.ts';

let server: TestServer;
let ws: Awaited<ReturnType<TestServer['workspace']>>;
let other: Awaited<ReturnType<TestServer['workspace']>>;
let admin: string;
let agent: string;
let agentId: string;

const count = async (table: 'macros' | 'automations', workspaceId = ws.id) =>
  (await queryRows<{ n: number }>(server.tp.database.db, sql`select count(*)::int as n from ${sql.identifier(table)} where workspace_id = ${workspaceId}`))[0]!.n;

const openTicket = async (body: string, subject = 'Help', email = 'ines@example.com', name = 'Inês Costa') =>
  (await server.call('POST', '/api/v1/tickets', { key: ws.secretKey, body: { customer: { email, name }, subject, channel: 'email', message: { body } } })).body;

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.workspace('auto');
  other = await server.workspace('auto-other');
  admin = await ws.userCookie('admin');
  agent = await ws.userCookie('agent');
  agentId = (await server.call('GET', '/api/v1/me', { cookie: agent })).body.user.id;
});
afterAll(() => server?.close());

describe('macros and automations: access and validation first', () => {
  const macro = { name: 'Refund sent', reply: 'Hi', actions: [] };

  it('401 without credentials, 403 for an agent or analyst writing them, 400 naming the problem; nothing stored', async () => {
    expect((await server.call('POST', '/api/v1/macros', { body: macro })).status).toBe(401);
    expect((await server.call('POST', '/api/v1/macros', { cookie: agent, body: macro })).status).toBe(403);
    expect((await server.call('POST', '/api/v1/automations', { cookie: await ws.userCookie('analyst'), body: {} })).status).toBe(403);
    const bad = [
      { name: '', reply: 'x' },
      { name: 'Nothing', reply: null, actions: [] },
      { name: 'Bad action', actions: [{ type: 'set-status', value: 'done' }] },
      { name: 'Stranger', actions: [{ type: 'assign', value: '00000000-0000-4000-8000-000000000000' }] },
    ];
    for (const body of bad) {
      const res = await server.call('POST', '/api/v1/macros', { cookie: admin, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message).toBeTruthy();
    }
    const noActions = await server.call('POST', '/api/v1/automations', { cookie: admin, body: { name: 'x', trigger: 'ticket.created', actions: [] } });
    expect(noActions.status).toBe(400);
    expect(await count('macros')).toBe(0);
    expect(await count('automations')).toBe(0);
  });

  it('409 for a second macro of the same name; 404 for ids of another workspace', async () => {
    expect((await server.call('POST', '/api/v1/macros', { cookie: admin, body: macro })).status).toBe(201);
    const again = await server.call('POST', '/api/v1/macros', { cookie: admin, body: macro });
    expect(again.status).toBe(409);
    expect(await count('macros')).toBe(1);
    const theirs = await server.call('POST', '/api/v1/macros', { key: other.secretKey, body: { name: 'Theirs', reply: 'x' } });
    expect((await server.call('PATCH', `/api/v1/macros/${theirs.body.id}`, { cookie: admin, body: { name: 'Mine now' } })).status).toBe(404);
    const [mine] = (await server.call('GET', '/api/v1/macros', { cookie: admin })).body.data;
    const renamed = await server.call('PATCH', `/api/v1/macros/${mine.id}`, { cookie: admin, body: { name: 'Refund is sent' } });
    expect(renamed.body).toMatchObject({ name: 'Refund is sent', reply: 'Hi', replyPublic: true, actions: [] });
    expect((await server.call('DELETE', `/api/v1/macros/${theirs.body.id}`, { cookie: admin })).status).toBe(404);
    const ticket = await openTicket('hello');
    expect((await server.call('POST', `/api/v1/tickets/${ticket.id}/macros/${theirs.body.id}`, { cookie: agent, body: {} })).status).toBe(404);
    expect((await server.call('GET', `/api/v1/macros`, { key: other.secretKey })).body.data.map((m: { name: string }) => m.name)).toEqual(['Theirs']);
  });
});

describe('macros', () => {
  it('previews the reply with placeholders filled, then applies changes and the edited reply as the agent', async () => {
    const created = await server.call('POST', '/api/v1/macros', {
      cookie: admin,
      body: {
        name: 'Refund on its way',
        reply: 'Hi {{customer.first_name}}, the refund for #{{ticket.number}} is on its way.',
        actions: [{ type: 'set-status', value: 'pending' }, { type: 'add-tags', value: ['Refund'] }],
      },
    });
    expect(created.status).toBe(201);
    const ticket = await openTicket('Where is my refund?');
    const preview = await server.call('GET', `/api/v1/tickets/${ticket.id}/macros/${created.body.id}`, { cookie: agent });
    expect(preview.body).toEqual({ reply: `Hi Inês, the refund for #${ticket.number} is on its way.`, replyPublic: true, changes: { status: 'pending', tags: ['refund'] } });

    const applied = await server.call('POST', `/api/v1/tickets/${ticket.id}/macros/${created.body.id}`, { cookie: agent, body: { reply: 'Hi Inês, refunded today.' } });
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ status: 'pending', tags: ['refund'] });
    const full = await server.call('GET', `/api/v1/tickets/${ticket.id}`, { cookie: agent });
    expect(full.body.messages.at(-1)).toMatchObject({ author: 'agent', authorUserId: agentId, public: true, body: 'Hi Inês, refunded today.', delivery: expect.any(String) });
    expect(full.body.firstResponseAt).not.toBeNull();
    const changes = full.body.events.filter((e: { type: string }) => ['status', 'tags'].includes(e.type));
    expect(changes.every((e: { actor: { kind: string; id: string } }) => e.actor.kind === 'agent' && e.actor.id === agentId)).toBe(true);
  });
});

describe('automations', () => {
  it('on ticket.created: matching conditions change the ticket and send an automatic reply that is not a first response', async () => {
    const res = await server.call('POST', '/api/v1/automations', {
      cookie: admin,
      body: {
        name: 'Refunds are urgent',
        trigger: 'ticket.created',
        conditions: [{ field: 'message', op: 'contains', value: 'refund' }, { field: 'channel', op: 'is', value: 'email' }],
        actions: [{ type: 'set-priority', value: 'high' }, { type: 'add-tags', value: ['refund'] }, { type: 'reply', value: 'Thanks {{customer.first_name}}, we answer refunds within a day.' }],
      },
    });
    expect(res.status).toBe(201);
    const matching = await openTicket('I need a REFUND for order 77', 'Refund', 'rui@example.com', 'Rui Lopes');
    expect(matching).toMatchObject({ priority: 'high', tags: ['refund'] });
    const full = await server.call('GET', `/api/v1/tickets/${matching.id}`, { key: ws.secretKey });
    expect(full.body.messages.map((m: { author: string; body: string }) => [m.author, m.body])).toEqual([
      ['customer', 'I need a REFUND for order 77'],
      ['system', 'Thanks Rui, we answer refunds within a day.'],
    ]);
    // Emailed like an agent's reply (queued, or already in the outbox when the worker was quick).
    expect(['queued', 'outbox']).toContain(full.body.messages[1].delivery);
    expect(full.body.firstResponseAt).toBeNull();
    expect(full.body.events.find((e: { type: string }) => e.type === 'priority').actor).toEqual({ kind: 'system', id: `automation:${res.body.id}` });

    const plain = await openTicket('How do I descale my machine?');
    expect(plain).toMatchObject({ priority: 'normal', tags: [] });
    const off = await server.call('PATCH', `/api/v1/automations/${res.body.id}`, { cookie: admin, body: { enabled: false } });
    // A PATCH changes only what it names.
    expect(off.body).toMatchObject({ enabled: false, conditions: res.body.conditions, actions: res.body.actions, position: res.body.position });
    expect((await openTicket('refund please')).priority).toBe('normal');
  });

  it('on message.created from the customer; an automation never sets off itself or another (no loops)', async () => {
    const tagger = await server.call('POST', '/api/v1/automations', {
      cookie: admin,
      body: { name: 'Mark every change', trigger: 'ticket.updated', actions: [{ type: 'add-tags', value: ['touched'] }] },
    });
    const cancel = await server.call('POST', '/api/v1/automations', {
      cookie: admin,
      body: {
        name: 'Cancellations to the agent',
        trigger: 'message.created',
        conditions: [{ field: 'author', op: 'is', value: 'customer' }, { field: 'message', op: 'contains', value: 'cancel' }],
        actions: [{ type: 'assign', value: agentId }],
      },
    });
    expect([tagger.status, cancel.status]).toEqual([201, 201]);
    const ticket = await openTicket('Question about my subscription');
    const msg = await server.call('POST', `/api/v1/tickets/${ticket.id}/messages`, { key: ws.secretKey, body: { body: 'Please cancel it', author: 'customer' } });
    expect(msg.status).toBe(201);
    let full = await server.call('GET', `/api/v1/tickets/${ticket.id}`, { key: ws.secretKey });
    // The assignment is the automation's change: the "every change" automation does not react to it.
    expect(full.body).toMatchObject({ assigneeId: agentId, tags: [] });

    await server.call('PATCH', `/api/v1/tickets/${ticket.id}`, { cookie: agent, body: { priority: 'low' } });
    full = await server.call('GET', `/api/v1/tickets/${ticket.id}`, { key: ws.secretKey });
    expect(full.body.tags).toEqual(['touched']);
    expect(full.body.events.filter((e: { type: string }) => e.type === 'tags')).toHaveLength(1);
  });

  it("another workspace's automations never touch this workspace's tickets", async () => {
    await server.call('POST', '/api/v1/automations', { key: other.secretKey, body: { name: 'Everything urgent', trigger: 'ticket.created', actions: [{ type: 'set-priority', value: 'urgent' }] } });
    expect((await openTicket('Hello there')).priority).toBe('normal');
  });
});
