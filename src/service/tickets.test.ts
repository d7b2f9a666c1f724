import { sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../platform/db/query.ts';
import { eventually, startTestServer, type TestServer } from '../../test/harness.ts';

let server: TestServer;
let ws: Awaited<ReturnType<TestServer['workspace']>>;
let agent: string;

const newTicket = (over: Record<string, unknown> = {}) => ({
  customer: { email: 'Ines@Example.com', name: 'Inês Costa' },
  subject: 'My grinder arrived broken',
  message: { body: 'The box was crushed and the grinder does not turn on.' },
  channel: 'web',
  tags: ['Damaged', 'delivery'],
  ...over,
});

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.workspace('desk');
  agent = await ws.userCookie('agent');
});
afterAll(() => server?.close());

describe('tickets API: access and validation first', () => {
  it('401 without credentials, 403 for a write key and for an analyst writing, 400 naming the field', async () => {
    expect((await server.call('POST', '/api/v1/tickets', { body: newTicket() })).status).toBe(401);
    expect((await server.call('POST', '/api/v1/tickets', { key: ws.writeKey, body: newTicket() })).status).toBe(403);
    const analyst = await ws.userCookie('analyst');
    expect((await server.call('POST', '/api/v1/tickets', { cookie: analyst, body: newTicket() })).status).toBe(403);
    expect((await server.call('GET', '/api/v1/tickets', { cookie: analyst })).status).toBe(200);
    const bad = await server.call('POST', '/api/v1/tickets', { cookie: agent, body: newTicket({ customer: {} }) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/customer/);
    const count = await queryRows<{ n: number }>(server.tp.database.db, sql`select count(*)::int as n from tickets where workspace_id = ${ws.id}`);
    expect(count[0]!.n).toBe(0);
  });
});

describe('a ticket on the journey', () => {
  let ticket: { id: string; number: number; customer: { id: string } };

  it('creates the ticket, the customer and their journey entries', async () => {
    const res = await server.call('POST', '/api/v1/tickets', { cookie: agent, body: newTicket() });
    expect(res.status).toBe(201);
    ticket = res.body;
    expect(res.body).toMatchObject({ subject: 'My grinder arrived broken', status: 'new', priority: 'normal', channel: 'web', tags: ['damaged', 'delivery'], customer: { name: 'Inês Costa', email: 'ines@example.com' } });
    expect(res.body.number).toBeGreaterThanOrEqual(1000);
    const journey = await server.call('GET', `/api/v1/customers/${ticket.customer.id}/journey`, { key: ws.secretKey });
    expect(journey.body.data.map((e: { kind: string; stage: string }) => [e.kind, e.stage])).toEqual([
      ['ticket', 'support'],
      ['message', 'support'],
    ]);
    expect(journey.body.data[0].ref).toEqual({ type: 'ticket', id: ticket.id });
  });

  it('an agent reply opens the ticket and sets the first response; a note stays off the journey', async () => {
    const note = await server.call('POST', `/api/v1/tickets/${ticket.id}/messages`, { cookie: agent, body: { body: 'Check the courier photo', public: false } });
    expect(note.status).toBe(201);
    let t = (await server.call('GET', `/api/v1/tickets/${ticket.id}`, { cookie: agent })).body;
    expect(t.status).toBe('new');
    expect(t.firstResponseAt).toBeNull();
    const reply = await server.call('POST', `/api/v1/tickets/${ticket.id}/messages`, { cookie: agent, body: { body: 'Sorry! A new grinder is on its way.' } });
    expect(reply.status).toBe(201);
    t = (await server.call('GET', `/api/v1/tickets/${ticket.id}`, { cookie: agent })).body;
    expect(t.status).toBe('open');
    expect(t.firstResponseAt).not.toBeNull();
    expect(t.messages.map((m: { author: string; public: boolean }) => [m.author, m.public])).toEqual([
      ['customer', true],
      ['agent', false],
      ['agent', true],
    ]);
    expect(t.events.map((e: { type: string }) => e.type)).toEqual(['created', 'message', 'note', 'message', 'status']);
    const journey = await server.call('GET', `/api/v1/customers/${ticket.customer.id}/journey?kind=message`, { key: ws.secretKey });
    expect(journey.body.data).toHaveLength(2);
  });

  it('a reply on a web ticket waits in the outbox when no SMTP_URL is set', async () => {
    await server.tp.jobs.runDue();
    await eventually(async () => {
      const t = (await server.call('GET', `/api/v1/tickets/${ticket.id}`, { cookie: agent })).body;
      expect(t.messages[2].delivery).toBe('outbox');
    });
  });

  it('changes status with history; refuses an impossible move with 409 and changes nothing', async () => {
    const solved = await server.call('PATCH', `/api/v1/tickets/${ticket.id}`, { cookie: agent, body: { status: 'solved', priority: 'high' } });
    expect(solved.status).toBe(200);
    expect(solved.body.solvedAt).not.toBeNull();
    const closed = await server.call('PATCH', `/api/v1/tickets/${ticket.id}`, { cookie: agent, body: { status: 'closed' } });
    expect(closed.body.status).toBe('closed');
    const before = (await server.call('GET', `/api/v1/tickets/${ticket.id}`, { cookie: agent })).body;
    const reopen = await server.call('PATCH', `/api/v1/tickets/${ticket.id}`, { cookie: agent, body: { status: 'open', priority: 'low' } });
    expect(reopen.status).toBe(409);
    expect(reopen.body.error.message).toMatch(/closed ticket cannot become open/);
    const reply = await server.call('POST', `/api/v1/tickets/${ticket.id}/messages`, { cookie: agent, body: { body: 'hello?' } });
    expect(reply.status).toBe(409);
    const after = (await server.call('GET', `/api/v1/tickets/${ticket.id}`, { cookie: agent })).body;
    expect(after).toEqual(before);
    expect(after.events.filter((e: { type: string }) => e.type === 'priority')).toEqual([expect.objectContaining({ from: 'normal', to: 'high', actor: expect.objectContaining({ kind: 'agent' }) })]);
  });

  it('404 for unknown ids and for another workspace, 400 for an assignee who is not a member', async () => {
    const other = await server.workspace('other-desk');
    expect((await server.call('GET', `/api/v1/tickets/${ticket.id}`, { key: other.secretKey })).status).toBe(404);
    expect((await server.call('PATCH', `/api/v1/tickets/${ticket.id}`, { key: other.secretKey, body: { status: 'open' } })).status).toBe(404);
    expect((await server.call('POST', `/api/v1/tickets/${ticket.id}/messages`, { key: other.secretKey, body: { body: 'x' } })).status).toBe(404);
    expect((await server.call('GET', '/api/v1/tickets/nope', { cookie: agent })).status).toBe(404);
    const t2 = await server.call('POST', '/api/v1/tickets', { cookie: agent, body: newTicket({ customer: { email: 'x@example.test' } }) });
    const outsider = (await server.call('GET', '/api/v1/me', { cookie: await other.userCookie('agent') })).body.user.id;
    expect((await server.call('PATCH', `/api/v1/tickets/${t2.body.id}`, { cookie: agent, body: { assigneeId: outsider } })).status).toBe(400);
  });
});

describe('listing', () => {
  it('filters by status, assignee, customer email and tag, with a cursor', async () => {
    const me = (await server.call('GET', '/api/v1/me', { cookie: agent })).body.user.id;
    for (let i = 0; i < 3; i++) {
      await server.call('POST', '/api/v1/tickets', { cookie: agent, body: newTicket({ customer: { email: 'lister@example.test' }, subject: `List ${i}`, tags: i === 0 ? ['vip'] : [], assigneeId: i === 1 ? me : undefined }) });
    }
    const byEmail = await server.call('GET', '/api/v1/tickets?customerEmail=LISTER@example.test&limit=2', { cookie: agent });
    expect(byEmail.body.data.map((t: { subject: string }) => t.subject)).toEqual(['List 2', 'List 1']);
    const rest = await server.call('GET', `/api/v1/tickets?customerEmail=lister@example.test&limit=2&cursor=${byEmail.body.nextCursor}`, { cookie: agent });
    expect(rest.body.data.map((t: { subject: string }) => t.subject)).toEqual(['List 0']);
    expect((await server.call('GET', '/api/v1/tickets?tag=VIP', { cookie: agent })).body.data.map((t: { subject: string }) => t.subject)).toEqual(['List 0']);
    expect((await server.call('GET', '/api/v1/tickets?assignee=me', { cookie: agent })).body.data.map((t: { subject: string }) => t.subject)).toEqual(['List 1']);
    expect((await server.call('GET', '/api/v1/tickets?status=closed', { cookie: agent })).body.data).toHaveLength(1);
    expect((await server.call('GET', '/api/v1/tickets?status=done', { cookie: agent })).status).toBe(400);
    expect((await server.call('GET', '/api/v1/tickets?customerEmail=nobody@example.test', { cookie: agent })).body.data).toEqual([]);
  });
});

describe('SLA policy and ticket clocks', () => {
  it('shows SLA clocks on a ticket, and lets an admin change the policy with validation', async () => {
    const created = await server.call('POST', '/api/v1/tickets', { cookie: agent, body: newTicket({ customer: { email: 'sla@example.test' }, priority: 'urgent' }) });
    const t = (await server.call('GET', `/api/v1/tickets/${created.body.id}`, { cookie: agent })).body;
    expect(t.sla.firstResponse).toMatchObject({ targetMinutes: 60 });
    expect(['active', 'at-risk', 'breached']).toContain(t.sla.firstResponse.status);
    expect(t.sla.nextResponse).toBeNull();

    const policy = (await server.call('GET', '/api/v1/sla-policy', { cookie: agent })).body;
    expect((await server.call('PUT', '/api/v1/sla-policy', { cookie: agent, body: policy })).status).toBe(403);
    const admin = await ws.userCookie('admin');
    const bad = await server.call('PUT', '/api/v1/sla-policy', { cookie: admin, body: { ...policy, calendar: { ...policy.calendar, timeZone: 'Mars/Olympus' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/time zone/);
    const allWeek = Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((d) => [String(d), ['00:00', '24:00']]));
    const next = { ...policy, calendar: { timeZone: 'Europe/Lisbon', hours: allWeek, holidays: [] }, targets: { ...policy.targets, urgent: { firstResponse: 5, nextResponse: 10, resolution: 60 } } };
    expect((await server.call('PUT', '/api/v1/sla-policy', { cookie: admin, body: next })).status).toBe(200);
    const again = (await server.call('GET', `/api/v1/tickets/${created.body.id}`, { cookie: agent })).body;
    expect(again.sla.firstResponse.targetMinutes).toBe(5);
    expect(Date.parse(again.sla.firstResponse.deadline) - Date.parse(again.createdAt)).toBe(5 * 60_000);
  });
});

describe('attachments', () => {
  it('are served under their own ticket only: another ticket’s id in the path answers 404', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.smtpPort, secure: false, ignoreTLS: true });
    for (const who of ['ana', 'bo']) {
      await transport.sendMail({ from: `${who}@attach.test`, to: 'desk@help.test', subject: `Receipt of ${who}`, text: 'attached', attachments: [{ filename: `${who}.txt`, content: `${who}'s receipt` }] });
    }
    transport.close();
    const ticketOf = async (who: string) => {
      const id = (await server.call('GET', `/api/v1/tickets?customerEmail=${who}@attach.test`, { cookie: agent })).body.data[0].id;
      return (await server.call('GET', `/api/v1/tickets/${id}`, { cookie: agent })).body;
    };
    const ana = await ticketOf('ana');
    const bo = await ticketOf('bo');
    const anas = ana.messages[0].attachments[0].id;

    const own = await fetch(`${server.url}/api/v1/tickets/${ana.id}/attachments/${anas}`, { headers: { cookie: agent } });
    expect(own.status).toBe(200);
    expect(await own.text()).toBe("ana's receipt");
    for (const ticketId of [bo.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await server.call('GET', `/api/v1/tickets/${ticketId}/attachments/${anas}`, { cookie: agent });
      expect(res.status, ticketId).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
  });
});
