import http from 'node:http';
import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../platform/db/query.ts';
import { eventually, startTestServer, type TestServer } from '../../test/harness.ts';

// Webhooks to a real HTTP receiver, verified with the Standard Webhooks reference
// library (not our own code): signed, retried with back-off until taken.

let server: TestServer;
let ws: Awaited<ReturnType<TestServer['workspace']>>;
let receiver: http.Server;
let receiverUrl: string;
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
let failuresLeft = 1;

const endpoints = async () => (await queryRows<{ n: number }>(server.tp.database.db, sql`select count(*)::int as n from webhook_endpoints where workspace_id = ${ws.id}`))[0]!.n;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      // The first delivery fails, as a receiver that is down would.
      res.writeHead(failuresLeft-- > 0 ? 500 : 204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks`;
  server = await startTestServer();
  ws = await server.workspace('hooks');
});
afterAll(async () => {
  await server?.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe('webhook endpoints: access and validation first', () => {
  it('401, 403 for an agent or analyst, 400 for a bad URL or event; nothing stored', async () => {
    const body = { url: receiverUrl, events: ['response.completed'] };
    expect((await server.call('POST', '/api/v1/webhooks', { body })).status).toBe(401);
    expect((await server.call('POST', '/api/v1/webhooks', { cookie: await ws.userCookie('agent'), body })).status).toBe(403);
    expect((await server.call('POST', '/api/v1/webhooks', { cookie: await ws.userCookie('analyst'), body })).status).toBe(403);
    for (const bad of [{ ...body, url: 'ftp://example.com/x' }, { ...body, url: 'not a url' }, { ...body, events: ['ticket.exploded'] }, { ...body, events: [] }]) {
      expect((await server.call('POST', '/api/v1/webhooks', { key: ws.secretKey, body: bad })).status, JSON.stringify(bad)).toBe(400);
    }
    expect(await endpoints()).toBe(0);
  });
});

describe('a completed response, delivered', () => {
  it('signs the event so the Standard Webhooks library verifies it, and retries a failed delivery', async () => {
    const created = await server.call('POST', '/api/v1/webhooks', { key: ws.secretKey, body: { url: receiverUrl, events: ['response.completed', 'loop.ticket_created'] } });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const listed = await server.call('GET', '/api/v1/webhooks', { key: ws.secretKey });
    expect(listed.body.data[0]).not.toHaveProperty('secret');

    const survey = await server.call('POST', '/api/v1/surveys', { key: ws.secretKey, body: { name: 'NPS', questions: [{ id: 'nps', type: 'nps', text: 'Recommend us?' }] } });
    await server.call('POST', '/api/v1/feedback-rules', { key: ws.secretKey, body: { name: 'Detractors', condition: { kind: 'nps', max: 6 }, action: { type: 'ticket' } } });
    const response = await server.call('POST', `/api/v1/surveys/${survey.body.id}/responses`, { key: ws.secretKey, body: { customer: { email: 'kim@example.com' }, answers: { nps: 2 } } });
    expect(response.status).toBe(201);

    // The first attempt got a 500; the queue retries after its back-off.
    await eventually(async () => {
      const deliveries = (await server.call('GET', `/api/v1/webhooks/${created.body.id}/deliveries`, { key: ws.secretKey })).body.data;
      expect(deliveries.find((d: { type: string }) => d.type === 'response.completed')).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 204 });
      expect(deliveries.find((d: { type: string }) => d.type === 'loop.ticket_created')).toMatchObject({ status: 'delivered' });
    }, 20_000);

    const verifier = new Webhook(created.body.secret);
    const completed = received.filter((r) => JSON.parse(r.body).type === 'response.completed');
    expect(completed).toHaveLength(2);
    // Both attempts are the same message: same id, same body, each signed.
    expect(completed[0]!.headers['webhook-id']).toBe(completed[1]!.headers['webhook-id']);
    expect(completed[0]!.body).toBe(completed[1]!.body);
    const event = verifier.verify(completed[1]!.body, completed[1]!.headers as Record<string, string>) as { type: string; data: { id: string; answers: unknown } };
    expect(event).toMatchObject({ type: 'response.completed', data: { id: response.body.id, answers: { nps: 2 }, completed: true, survey: { name: 'NPS' } } });
    const loop = received.find((r) => JSON.parse(r.body).type === 'loop.ticket_created')!;
    expect(verifier.verify(loop.body, loop.headers as Record<string, string>)).toMatchObject({ data: { responseId: response.body.id } });

    // An altered body fails verification.
    expect(() => verifier.verify(completed[1]!.body.replace('"nps":2', '"nps":9'), completed[1]!.headers as Record<string, string>)).toThrow();
  });

  it('another workspace sees none of it', async () => {
    const other = await server.workspace('hooks-other');
    const id = (await server.call('GET', '/api/v1/webhooks', { key: ws.secretKey })).body.data[0].id;
    expect((await server.call('GET', `/api/v1/webhooks/${id}/deliveries`, { key: other.secretKey })).status).toBe(404);
    expect((await server.call('DELETE', `/api/v1/webhooks/${id}`, { key: other.secretKey })).status).toBe(404);
    expect((await server.call('GET', '/api/v1/webhooks', { key: other.secretKey })).body.data).toEqual([]);
  });
});
