import WebSocket from 'ws';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestServer, type TestServer } from '../../test/harness.ts';

// Agents see new tickets and messages without reloading: a real WebSocket client.

let server: TestServer;

function connect(headers: Record<string, string> = {}) {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/live`, { headers });
  const received: { type: string; data: Record<string, unknown> }[] = [];
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  socket.on('message', (raw) => received.push(JSON.parse(raw.toString())));
  return { socket, received, closed };
}

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe('live updates over WebSocket', () => {
  it('closes an unauthenticated socket with 4401 and a write key with 4403', async () => {
    expect(await connect().closed).toBe(4401);
    const ws = await server.workspace('live-a');
    expect(await connect({ authorization: `Bearer ${ws.writeKey}` }).closed).toBe(4403);
  });

  it('refuses a session socket opened from another origin, before the upgrade: 403, nothing sent', async () => {
    const ws = await server.workspace('live-a');
    const cookie = await ws.userCookie('agent');
    const own = new URL(server.url);
    // A page on another port of the same host: the SameSite=Lax cookie is sent along.
    const foreign = `http://${own.hostname}:${Number(own.port) === 1 ? 2 : 1}`;
    const refused = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/live`, { headers: { cookie }, origin: foreign });
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode!));
      socket.on('open', () => reject(new Error('the socket opened')));
      socket.on('error', () => {});
    });
    expect(refused).toBe(403);
    expect(server.tp.hub.listeners(ws.id)).toBe(0);
    // From our own origin, and from a client that is no browser (no Origin), it opens.
    for (const origin of [server.url, undefined]) {
      const agent = connect({ cookie, ...(origin ? { origin } : {}) });
      await eventually(() => expect(agent.received.map((e) => e.type)).toEqual(['hello']));
      agent.socket.close();
      await agent.closed;
    }
  });

  it("pushes new tickets, from the API and from email, only to the ticket's workspace", async () => {
    const a = await server.workspace('live-a');
    const b = await server.workspace('live-b');
    const agentA = connect({ cookie: await a.userCookie('agent') });
    const agentB = connect({ cookie: await b.userCookie('agent') });
    await eventually(() => expect(agentA.received.map((e) => e.type)).toEqual(['hello']));
    await eventually(() => expect(agentB.received.map((e) => e.type)).toEqual(['hello']));

    const created = await server.call('POST', '/api/v1/tickets', { key: a.secretKey, body: { customer: { email: 'c@live.test' }, subject: 'Live!', message: { body: 'hi' } } });
    await eventually(() => expect(agentA.received.at(-1)).toMatchObject({ type: 'ticket.created', data: { ticketId: created.body.id, subject: 'Live!' } }));

    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.smtpPort, secure: false, ignoreTLS: true });
    await transport.sendMail({ from: 'mail@live.test', to: 'live-a@help.test', subject: 'By email', text: 'hello' });
    transport.close();
    await eventually(() => expect(agentA.received.at(-1)).toMatchObject({ type: 'ticket.created', data: { subject: 'By email' } }));

    await server.call('POST', `/api/v1/tickets/${created.body.id}/messages`, { key: a.secretKey, body: { body: 'on it' } });
    await eventually(() => expect(agentA.received.at(-1)).toMatchObject({ type: 'ticket.message', data: { ticketId: created.body.id, author: 'agent' } }));
    expect(agentB.received.map((e) => e.type)).toEqual(['hello']);
    agentA.socket.close();
    agentB.socket.close();
    await Promise.all([agentA.closed, agentB.closed]);
    expect(server.tp.hub.listeners(a.id)).toBe(0);
  });
});
