import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../platform/db/query.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';

let server: TestServer;
let ws: Awaited<ReturnType<TestServer['workspace']>>;
let agent: string;

const inboundCall = { direction: 'inbound', durationSeconds: 260, outcome: 'follow-up' };

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.workspace('calls');
  agent = await ws.userCookie('agent');
});
afterAll(() => server?.close());

describe('logging phone calls', () => {
  it('400 for a call with a bad direction, negative duration or unknown outcome; nothing stored', async () => {
    for (const call of [{ ...inboundCall, direction: 'sideways' }, { ...inboundCall, durationSeconds: -1 }, { ...inboundCall, outcome: 'maybe' }]) {
      const res = await server.call('POST', '/api/v1/tickets', {
        cookie: agent,
        body: { customer: { phone: '+351 912 000 111' }, subject: 'Call', channel: 'phone', message: { body: 'notes', call } },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/call/);
    }
    const [{ n }] = await queryRows<{ n: number }>(server.tp.database.db, sql`select count(*)::int as n from tickets where workspace_id = ${ws.id}`);
    expect(n).toBe(0);
  });

  it('opens a phone ticket from a call, keeps direction, duration and outcome, and puts the call on the journey', async () => {
    const res = await server.call('POST', '/api/v1/tickets', {
      cookie: agent,
      body: { customer: { phone: '+351 912 000 111', name: 'Rui' }, subject: 'Order arrived damaged', channel: 'phone', message: { body: 'Wants a replacement', author: 'customer', call: inboundCall } },
    });
    expect(res.status).toBe(201);
    const ticket = await server.call('GET', `/api/v1/tickets/${res.body.id}`, { cookie: agent });
    expect(ticket.body.channel).toBe('phone');
    expect(ticket.body.messages[0]).toMatchObject({ channel: 'phone', body: 'Wants a replacement', call: { direction: 'inbound', durationSeconds: 260, outcome: 'follow-up' } });
    const journey = await server.call('GET', `/api/v1/customers/${res.body.customer.id}/journey`, { key: ws.secretKey });
    const call = journey.body.data.find((e: { kind: string }) => e.kind === 'message');
    expect(call.name).toBe(`Call from customer on #${res.body.number} (4 min, follow-up)`);
    expect(call.details.call).toEqual(inboundCall);
  });

  it('logs a call-back on an email ticket as a phone message and sends no email for it', async () => {
    const created = await server.call('POST', '/api/v1/tickets', {
      cookie: agent,
      body: { customer: { email: 'marta@example.com' }, subject: 'Refund?', channel: 'email', message: { body: 'Where is my refund?' } },
    });
    const res = await server.call('POST', `/api/v1/tickets/${created.body.id}/messages`, {
      cookie: agent,
      body: { body: 'Called back: refund was sent Monday', call: { direction: 'outbound', durationSeconds: 95, outcome: 'resolved' } },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ channel: 'phone', author: 'agent', delivery: null, call: { direction: 'outbound', outcome: 'resolved' } });
    const ticket = await server.call('GET', `/api/v1/tickets/${created.body.id}`, { cookie: agent });
    expect(ticket.body.firstResponseAt).not.toBeNull();
    const mails = await queryRows<{ n: number }>(server.tp.database.db, sql`select count(*)::int as n from jobs where kind = 'mail.send' and workspace_id = ${ws.id}`);
    expect(mails[0]!.n).toBe(0);
  });
});
