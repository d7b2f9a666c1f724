import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../platform/db/query.ts';
import { bootstrap } from '../workspaces/bootstrap.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';

// Each conversation goes on the customer's journey with its own channel: a chat
// under "Chat conversation" (channel chat), a call under "Phone call", an email
// under "Support conversation"; and workspaces made before these touchpoints
// existed get them at start.

let server: TestServer;
let ws: Awaited<ReturnType<TestServer['workspace']>>;
let agent: string;

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.workspace('channels');
  agent = await ws.userCookie('agent');
});
afterAll(() => server?.close());

interface Entry {
  kind: string;
  name: string;
  touchpoint: string | null;
  stage: string | null;
  channel: string | null;
  ref: { type: string; id: string } | null;
}

const journeyOf = async (customerId: string): Promise<Entry[]> => (await server.call('GET', `/api/v1/customers/${customerId}/journey`, { key: ws.secretKey })).body.data;
const filed = (entries: Entry[]) => entries.map((e) => [e.kind, e.touchpoint, e.stage, e.channel]);

const openTicket = async (channel: string, email: string) => {
  const res = await server.call('POST', '/api/v1/tickets', { cookie: agent, body: { customer: { email }, subject: `By ${channel}`, channel, message: { body: `Hello by ${channel}` } } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; channel: string; customer: { id: string } };
};

describe('conversations on the journey', () => {
  it('files each ticket and its messages under the touchpoint of its channel', async () => {
    const expected = { email: ['Support conversation', 'email'], api: ['Support conversation', 'email'], chat: ['Chat conversation', 'chat'], phone: ['Phone call', 'phone'], web: ['Contact form', 'web'] };
    for (const [channel, [touchpoint, shown]] of Object.entries(expected)) {
      const ticket = await openTicket(channel, `${channel}@channels.test`);
      expect(ticket.channel).toBe(channel);
      expect(filed(await journeyOf(ticket.customer.id)), channel).toEqual([
        ['ticket', touchpoint, 'support', shown],
        ['message', touchpoint, 'support', shown],
      ]);
    }
  });

  it('files a chat from the widget, its solving and its recovery as chat; a call logged on an email ticket as phone', async () => {
    const me = (await server.call('PUT', '/api/v1/agents/me/status', { cookie: agent, body: { availability: 'online' } })).status;
    expect(me).toBe(200);
    const started = await server.call('POST', '/widget/v1/conversations', { body: { writeKey: ws.writeKey, anonymousId: 'visitor-1', message: 'Is the terrace open?' } });
    expect(started.status).toBe(201);
    expect(started.body.conversation.channel).toBe('chat');
    const ticketId = started.body.conversation.id;
    expect((await server.call('PATCH', `/api/v1/tickets/${ticketId}`, { cookie: agent, body: { status: 'solved' } })).status).toBe(200);
    expect((await server.call('POST', `/api/v1/tickets/${ticketId}/recoveries`, { cookie: agent, body: { kind: 'apology', cost: 0, currency: 'EUR' } })).status).toBe(201);
    const ticket = (await server.call('GET', `/api/v1/tickets/${ticketId}`, { cookie: agent })).body;
    expect(ticket.channel).toBe('chat');
    expect(filed(await journeyOf(ticket.customer.id))).toEqual([
      ['ticket', 'Chat conversation', 'support', 'chat'],
      ['message', 'Chat conversation', 'support', 'chat'],
      ['ticket', 'Chat conversation', 'support', 'chat'],
      ['recovery', 'Chat conversation', 'support', 'chat'],
    ]);

    const email = await openTicket('email', 'caller@channels.test');
    const call = await server.call('POST', `/api/v1/tickets/${email.id}/messages`, {
      cookie: agent,
      body: { body: 'Called back about the order', call: { direction: 'outbound', durationSeconds: 120, outcome: 'resolved' } },
    });
    expect(call.status).toBe(201);
    expect(filed(await journeyOf(email.customer.id))).toEqual([
      ['ticket', 'Support conversation', 'support', 'email'],
      ['message', 'Support conversation', 'support', 'email'],
      ['message', 'Phone call', 'support', 'phone'],
    ]);
  });

  it('gives a workspace made before the channel touchpoints existed its missing ones at start, once, and leaves the rest alone', async () => {
    const old = await server.workspace('made-earlier');
    const db = server.tp.database.db;
    const NEW = ['Chat conversation', 'Phone call', 'Contact form'];
    // As such a workspace is: the earlier catalog, with one touchpoint of its own.
    await db.execute(sql`delete from touchpoints where workspace_id = ${old.id} and name in (${sql.join(NEW.map((n) => sql`${n}`), sql`, `)})`);
    expect((await server.call('POST', '/api/v1/touchpoints', { key: old.secretKey, body: { name: 'Terrace', stage: 'purchase', channel: 'store' } })).status).toBe(201);
    const names = async () => (await queryRows<{ name: string; channel: string }>(db, sql`select name, channel from touchpoints where workspace_id = ${old.id} order by name`)).map((t) => `${t.name}/${t.channel}`);
    const before = await names();
    expect(before).not.toContain('Chat conversation/chat');

    await bootstrap(db, {});
    await bootstrap(db, {});
    expect(await names()).toEqual([...before, 'Chat conversation/chat', 'Contact form/web', 'Phone call/phone'].sort());
    // Every workspace has each exactly once.
    const counts = await queryRows<{ name: string; n: number }>(db, sql`select name, count(*)::int as n from touchpoints where name in (${sql.join(NEW.map((n) => sql`${n}`), sql`, `)}) group by name, workspace_id`);
    expect(counts.every((c) => c.n === 1)).toBe(true);

    const chat = await server.call('POST', '/api/v1/tickets', { key: old.secretKey, body: { customer: { email: 'late@channels.test' }, subject: 'Chat', channel: 'chat', message: { body: 'Hi' } } });
    const journey = (await server.call('GET', `/api/v1/customers/${chat.body.customer.id}/journey`, { key: old.secretKey })).body.data as Entry[];
    expect(filed(journey)[0]).toEqual(['ticket', 'Chat conversation', 'support', 'chat']);
  });
});
