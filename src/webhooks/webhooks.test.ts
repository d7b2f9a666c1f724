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
  // The receiver is on this machine: an operator's allow list lets webhooks reach it.
  server = await startTestServer({ TOUCHPOINT_WEBHOOK_ALLOW: '127.0.0.1' });
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

describe('internal addresses, without an allow list', () => {
  let bare: TestServer;
  let team: Awaited<ReturnType<TestServer['workspace']>>;
  beforeAll(async () => {
    bare = await startTestServer();
    team = await bare.workspace('hooks-bare');
  });
  afterAll(() => bare?.close());

  const stored = async () => (await queryRows<{ url: string }>(bare.tp.database.db, sql`select url from webhook_endpoints where workspace_id = ${team.id} order by created_at`)).map((r) => r.url);
  const port = () => new URL(receiverUrl).port;

  it('refuses loopback, link-local, metadata and private URLs, and names resolving to them, at creation and change: 400 naming url', async () => {
    const internal = [
      receiverUrl,
      'http://[::1]:22/',
      'http://169.254.169.254/latest/meta-data/iam/',
      'http://10.1.2.3/hooks',
      `http://localhost:${port()}/hooks`,
      'http://[::ffff:127.0.0.1]/hooks',
      'http://0.0.0.0:5432/',
    ];
    for (const url of internal) {
      const res = await bare.call('POST', '/api/v1/webhooks', { key: team.secretKey, body: { url, events: ['response.completed'] } });
      expect(res.status, url).toBe(400);
      expect(res.body.error.message, url).toMatch(/^url: .*(loopback|link-local|private|unspecified).*TOUCHPOINT_WEBHOOK_ALLOW/);
    }
    expect(await stored()).toEqual([]);

    // A public address is taken; changing it to an internal one is not.
    const created = await bare.call('POST', '/api/v1/webhooks', { key: team.secretKey, body: { url: 'https://93.184.215.14/hooks', events: ['response.completed'] } });
    expect(created.status).toBe(201);
    const changed = await bare.call('PATCH', `/api/v1/webhooks/${created.body.id}`, { key: team.secretKey, body: { url: 'http://169.254.169.254/latest/' } });
    expect(changed.status).toBe(400);
    expect(changed.body.error.message).toMatch(/^url: 169\.254\.169\.254 is a link-local address/);
    expect(await stored()).toEqual(['https://93.184.215.14/hooks']);
    expect((await bare.call('DELETE', `/api/v1/webhooks/${created.body.id}`, { key: team.secretKey })).status).toBe(204);
  });

  it('checks again at delivery: an endpoint that now points inside is not reached, and its delivery fails at once', async () => {
    // As if created while an operator allowed it, or its name resolves elsewhere since.
    const made = [];
    for (let i = 0; i < 2; i++) made.push((await bare.call('POST', '/api/v1/webhooks', { key: team.secretKey, body: { url: `https://93.184.215.${i + 20}/hooks`, events: ['response.completed'] } })).body.id);
    await bare.tp.database.db.execute(sql`update webhook_endpoints set url = ${receiverUrl} where id = ${made[0]}`);
    await bare.tp.database.db.execute(sql`update webhook_endpoints set url = ${`http://localhost:${port()}/hooks`} where id = ${made[1]}`);

    const before = received.length;
    const survey = await bare.call('POST', '/api/v1/surveys', { key: team.secretKey, body: { name: 'NPS', questions: [{ id: 'nps', type: 'nps', text: 'Recommend us?' }] } });
    const response = await bare.call('POST', `/api/v1/surveys/${survey.body.id}/responses`, { key: team.secretKey, body: { customer: { email: 'lee@example.com' }, answers: { nps: 9 } } });
    expect(response.status).toBe(201);
    await bare.drainJobs();

    const deliveries = async (id: string) => (await bare.call('GET', `/api/v1/webhooks/${id}/deliveries`, { key: team.secretKey })).body.data;
    expect(await deliveries(made[0])).toMatchObject([{ status: 'failed', attempts: 1, lastStatusCode: null, lastError: expect.stringMatching(/^127\.0\.0\.1 is a loopback address/) }]);
    expect(await deliveries(made[1])).toMatchObject([{ status: 'failed', attempts: 1, lastStatusCode: null, lastError: expect.stringMatching(/^localhost resolves to 127\.0\.0\.1, a loopback address/) }]);
    expect(received.length).toBe(before);
  });
});
