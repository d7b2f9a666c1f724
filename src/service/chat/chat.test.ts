import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentStatus } from '../schema.ts';
import { eventually, startTestServer, type TestServer } from '../../../test/harness.ts';

// The live-chat visitor API against the real server: HTTP to start, a real
// WebSocket client as the visitor, the management API and /api/v1/live as the agent.

interface Frame {
  type: string;
  data: Record<string, any>;
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

/** A visitor's socket; frames sent before it opens wait for it. */
function visitor(writeKey: string) {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/widget/v1/chat?writeKey=${encodeURIComponent(writeKey)}`);
  const frames: Frame[] = [];
  socket.on('message', (raw) => frames.push(JSON.parse(raw.toString())));
  socket.on('error', () => {});
  const opened = new Promise((resolve) => socket.on('open', resolve));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  const send = async (frame: unknown) => {
    await opened;
    socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  };
  const next = async (type: string, after = 0) => {
    let found: Frame | undefined;
    await eventually(() => {
      found = frames.slice(after).find((f) => f.type === type);
      expect(found, `a ${type} frame`).toBeDefined();
    });
    return found!;
  };
  return { socket, frames, closed, send, next };
}

/** An agent with the inbox open: a socket on /api/v1/live. */
async function agentOnline(cookie: string) {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/live`, { headers: { cookie } });
  const events: Frame[] = [];
  socket.on('message', (raw) => events.push(JSON.parse(raw.toString())));
  await eventually(() => expect(events.map((e) => e.type)).toContain('hello'));
  return { socket, events };
}

const start = (writeKey: string, body: Record<string, unknown>) =>
  server.call('POST', '/widget/v1/conversations', { body: { writeKey, anonymousId: 'anon-1', message: 'Hello?', ...body } });

const ticketOf = (id: string, key: string) => server.call('GET', `/api/v1/tickets/${id}`, { key });

/** A workspace with an agent online and a visitor joined to a new conversation. */
async function joinedConversation(slug: string) {
  const ws = await server.workspace(slug);
  const agent = await agentOnline(await ws.userCookie('agent'));
  const started = await start(ws.writeKey, {});
  const v = visitor(ws.writeKey);
  await v.send({ type: 'join', token: started.body.token });
  await v.next('hello');
  return { ws, agent, v, ticketId: started.body.conversation.id as string, token: started.body.token as string };
}

describe('the widget script', () => {
  it('is served as JavaScript with cache headers and an ETag', async () => {
    const res = await fetch(`${server.url}/widget.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await res.text()).toContain('attachShadow');
    const again = await fetch(`${server.url}/widget.js`, { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });
});

describe('visitor authentication', () => {
  it('refuses a missing, unknown or secret key over HTTP and WebSocket, with a clear reason', async () => {
    const ws = await server.workspace('chat-auth');
    expect((await server.call('POST', '/widget/v1/conversations', { body: { anonymousId: 'a', message: 'hi' } })).status).toBe(401);
    expect((await start('tp_write_nope', {})).status).toBe(401);
    const secret = await start(ws.secretKey, {});
    expect(secret.status).toBe(403);
    expect(secret.body.error.message).toMatch(/secret key/);
    expect((await server.call('GET', `/widget/v1/availability?writeKey=${ws.secretKey}`)).status).toBe(403);

    expect(await visitor('tp_write_nope').closed).toMatchObject({ code: 4401, reason: 'Unknown or revoked write key.' });
    expect(await visitor(ws.secretKey).closed).toMatchObject({ code: 4403, reason: expect.stringMatching(/secret key/) });
  });

  it("rejects an unknown token, and a token used with another workspace's key", async () => {
    const a = await server.workspace('chat-tok-a');
    const b = await server.workspace('chat-tok-b');
    const agent = await agentOnline(await a.userCookie('agent'));
    const started = await start(a.writeKey, {});
    expect(started.status).toBe(201);

    const stranger = visitor(a.writeKey);
    await stranger.send({ type: 'join', token: 'tp_chat_guessed' });
    expect(await stranger.closed).toMatchObject({ code: 4404 });

    const crossed = visitor(b.writeKey);
    await crossed.send({ type: 'join', token: started.body.token });
    expect(await crossed.closed).toMatchObject({ code: 4404 });

    const silent = visitor(a.writeKey);
    await silent.send({ type: 'message', body: 'no join' });
    expect((await silent.next('error')).data.code).toBe('not_joined');
    silent.socket.close();
    agent.socket.close();
  });
});

describe('a live chat', () => {
  it('starts, carries messages both ways live, hides internal notes and resumes with its token', async () => {
    const ws = await server.workspace('chat-live');
    const agent = await agentOnline(await ws.userCookie('agent'));
    expect((await server.call('GET', `/widget/v1/availability?writeKey=${ws.writeKey}`)).body).toEqual({ agentsOnline: true });

    const started = await start(ws.writeKey, { anonymousId: 'anon-live', name: 'Vera', message: '  Is the shop open on Sunday?  ', pageUrl: 'https://shop.test/opening' });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ token: expect.stringMatching(/^tp_chat_/), conversation: { channel: 'chat', agentsOnline: true } });
    expect(started.body.conversation.messages).toEqual([expect.objectContaining({ author: 'visitor', body: 'Is the shop open on Sunday?' })]);
    const ticketId = started.body.conversation.id;
    await eventually(() => expect(agent.events).toContainEqual(expect.objectContaining({ type: 'ticket.created', data: expect.objectContaining({ ticketId }) })));
    const ticket = await ticketOf(ticketId, ws.secretKey);
    expect(ticket.body).toMatchObject({ channel: 'chat', subject: 'Is the shop open on Sunday?', customer: { name: 'Vera', email: null }, customFields: { pageUrl: 'https://shop.test/opening' } });
    expect(ticket.body.customerIdentities).toEqual([{ kind: 'anonymous_id', value: 'anon-live' }]);

    const v = visitor(ws.writeKey);
    await v.send({ type: 'join', token: started.body.token });
    const hello = await v.next('hello');
    expect(hello.data).toMatchObject({ conversationId: ticketId, agentsOnline: true, messages: [{ author: 'visitor', body: 'Is the shop open on Sunday?' }] });
    await eventually(() => expect(agent.events).toContainEqual({ type: 'chat.presence', data: { ticketId, visitorConnected: true } }));

    await v.send({ type: 'message', body: 'And on holidays?' });
    await eventually(() => expect(agent.events).toContainEqual(expect.objectContaining({ type: 'ticket.message', data: expect.objectContaining({ ticketId, author: 'customer' }) })));
    expect((await v.next('message', 1)).data).toMatchObject({ author: 'visitor', body: 'And on holidays?' });

    const note = await server.call('POST', `/api/v1/tickets/${ticketId}/messages`, { key: ws.secretKey, body: { body: 'She is a regular.', public: false } });
    expect(note.status).toBe(201);
    const reply = await server.call('POST', `/api/v1/tickets/${ticketId}/messages`, { key: ws.secretKey, body: { body: 'Open 10 to 16 on Sundays.' } });
    expect(reply.status).toBe(201);
    // The visitor is connected: the reply is live, not emailed.
    expect(reply.body.delivery).toBeNull();
    await eventually(() => expect(v.frames).toContainEqual({ type: 'message', data: expect.objectContaining({ author: 'agent', body: 'Open 10 to 16 on Sundays.' }) }));
    expect(JSON.stringify(v.frames)).not.toContain('regular');

    await server.call('PATCH', `/api/v1/tickets/${ticketId}`, { key: ws.secretKey, body: { assigneeId: (await server.call('GET', '/api/v1/me', { cookie: await ws.userCookie('agent') })).body.user.id } });
    await v.next('agent.joined');

    v.socket.close();
    await v.closed;
    await eventually(() => expect(agent.events.at(-1)).toEqual({ type: 'chat.presence', data: { ticketId, visitorConnected: false } }));

    // A reload: the same token opens the same conversation and its public history.
    const again = visitor(ws.writeKey);
    await again.send({ type: 'join', token: started.body.token });
    expect((await again.next('hello')).data.messages.map((m: { body: string }) => m.body)).toEqual(['Is the shop open on Sunday?', 'And on holidays?', 'Open 10 to 16 on Sundays.']);
    again.socket.close();
    agent.socket.close();
  });

  it('answers bad frames with error frames, refuses oversize messages without storing them, and limits the rate', async () => {
    const ws = await server.workspace('chat-limits');
    const agent = await agentOnline(await ws.userCookie('agent'));
    const tooLong = await start(ws.writeKey, { message: 'x'.repeat(4001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.code).toBe('message_too_long');
    expect((await server.call('GET', '/api/v1/tickets', { key: ws.secretKey })).body.data).toEqual([]);

    const started = await start(ws.writeKey, {});
    const ticketId = started.body.conversation.id;
    const v = visitor(ws.writeKey);
    await v.send({ type: 'join', token: started.body.token });
    await v.next('hello');

    await v.send('{not json');
    expect((await v.next('error')).data.code).toBe('invalid_json');
    await v.send({ type: 'shout' });
    await eventually(() => expect(v.frames.filter((f) => f.type === 'error').map((f) => f.data.code)).toEqual(['invalid_json', 'invalid_frame']));
    await v.send({ type: 'message', body: 'y'.repeat(4001) });
    await eventually(() => expect(v.frames.at(-1)?.data.code).toBe('message_too_long'));
    expect((await ticketOf(ticketId, ws.secretKey)).body.messages).toHaveLength(1);

    for (let i = 0; i < 12; i++) await v.send({ type: 'message', body: `flood ${i}` });
    // A burst of 8, then one every 2 s: most of the flood is refused, and what is refused is not stored.
    const outcome = () => ({ limited: v.frames.filter((f) => f.data.code === 'rate_limited').length, echoed: v.frames.filter((f) => f.type === 'message').length });
    await eventually(() => expect(outcome().limited + outcome().echoed).toBe(12));
    expect(outcome().limited).toBeGreaterThanOrEqual(3);
    expect((await ticketOf(ticketId, ws.secretKey)).body.messages).toHaveLength(1 + outcome().echoed);
    expect(v.socket.readyState).toBe(WebSocket.OPEN);
    v.socket.close();
    agent.socket.close();
  });

  it('stores a frame with a NUL byte or a lone surrogate repaired, without closing the socket; refuses deep frames with an error frame', async () => {
    const { ws, agent, v, ticketId } = await joinedConversation('chat-unstorable');
    await v.send({ type: 'message', body: 'Pasted\u0000 text \ud83d' });
    expect((await v.next('message')).data).toMatchObject({ author: 'visitor', body: 'Pasted text \ufffd' });
    await v.send(`{"type":"message","body":"x","deep":${'['.repeat(100)}${']'.repeat(100)}}`);
    expect((await v.next('error')).data).toMatchObject({ code: 'invalid_frame', message: expect.stringMatching(/^deep(\[0\])+ is nested more than 64 levels deep/) });
    expect((await ticketOf(ticketId, ws.secretKey)).body.messages.map((m: { body: string }) => m.body)).toEqual(['Hello?', 'Pasted text \ufffd']);
    expect(v.socket.readyState).toBe(WebSocket.OPEN);
    v.socket.close();
    agent.socket.close();
  });

  it('emails the reply when the visitor has left and gave an email', async () => {
    const ws = await server.workspace('chat-left');
    const agent = await agentOnline(await ws.userCookie('agent'));
    const started = await start(ws.writeKey, { anonymousId: 'anon-left', email: 'lea@example.test' });
    const ticketId = started.body.conversation.id;
    expect(started.body.conversation.channel).toBe('chat');
    const reply = await server.call('POST', `/api/v1/tickets/${ticketId}/messages`, { key: ws.secretKey, body: { body: 'Sorry for the wait!' } });
    expect(reply.body.delivery).toBe('queued');
    await eventually(async () => expect((await ticketOf(ticketId, ws.secretKey)).body.messages.at(-1).delivery).toBe('outbox'));
    agent.socket.close();
  });

  it('closes the socket when the ticket is closed', async () => {
    const { ws, agent, v, ticketId, token } = await joinedConversation('chat-closed');
    await server.call('PATCH', `/api/v1/tickets/${ticketId}`, { key: ws.secretKey, body: { status: 'solved' } });
    await server.call('PATCH', `/api/v1/tickets/${ticketId}`, { key: ws.secretKey, body: { status: 'closed' } });
    expect(await v.closed).toMatchObject({ code: 4410 });
    const late = visitor(ws.writeKey);
    await late.send({ type: 'join', token });
    expect(await late.closed).toMatchObject({ code: 4410 });
    agent.socket.close();
  });
});

describe('no agent online', () => {
  it('asks for an email and opens an email ticket whose replies go out by email', async () => {
    const ws = await server.workspace('chat-offline');
    expect((await server.call('GET', `/widget/v1/availability?writeKey=${ws.writeKey}`)).body).toEqual({ agentsOnline: false });
    const noEmail = await start(ws.writeKey, {});
    expect(noEmail.status).toBe(400);
    expect(noEmail.body.error.code).toBe('email_required');
    expect((await server.call('GET', '/api/v1/tickets', { key: ws.secretKey })).body.data).toEqual([]);

    const started = await start(ws.writeKey, { email: 'Omar@Example.test', name: 'Omar' });
    expect(started.status).toBe(201);
    expect(started.body.conversation).toMatchObject({ channel: 'email', agentsOnline: false });
    const ticketId = started.body.conversation.id;
    expect((await ticketOf(ticketId, ws.secretKey)).body).toMatchObject({ channel: 'email', tags: ['chat-offline'], customer: { email: 'omar@example.test' } });

    // Still on the page: the reply shows in the widget and is emailed as promised.
    const v = visitor(ws.writeKey);
    await v.send({ type: 'join', token: started.body.token });
    expect((await v.next('hello')).data.agentsOnline).toBe(false);
    const reply = await server.call('POST', `/api/v1/tickets/${ticketId}/messages`, { key: ws.secretKey, body: { body: 'Back in the morning: yes, we ship to Spain.' } });
    expect(reply.body.delivery).toBe('queued');
    await eventually(() => expect(v.frames).toContainEqual({ type: 'message', data: expect.objectContaining({ author: 'agent' }) }));
    v.socket.close();
  });

  it("counts an agent whose availability is online even without the inbox open", async () => {
    const ws = await server.workspace('chat-status');
    const cookie = await ws.userCookie('agent');
    const me = await server.call('GET', '/api/v1/me', { cookie });
    await server.tp.database.db.insert(agentStatus).values({ workspaceId: ws.id, userId: me.body.user.id, availability: 'online' });
    expect((await server.call('GET', `/widget/v1/availability?writeKey=${ws.writeKey}`)).body).toEqual({ agentsOnline: true });
  });
});

describe('the OpenAPI document', () => {
  it('lists the widget routes', async () => {
    const paths = Object.keys((await server.call('GET', '/api/v1/openapi.json')).body.paths);
    expect(paths).toEqual(expect.arrayContaining(['/widget/v1/conversations', '/widget/v1/availability']));
  });
});
