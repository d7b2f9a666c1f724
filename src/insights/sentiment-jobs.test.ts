import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestServer, type TestServer } from '../../test/harness.ts';

let server: TestServer;
let ws: Awaited<ReturnType<TestServer['workspace']>>;
let other: Awaited<ReturnType<TestServer['workspace']>>;

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.workspace('moods');
  other = await server.workspace('moods-other');
});
afterAll(() => server?.close());

describe('sentiment of customer messages, read on arrival', () => {
  let ticket: { id: string; customer: { id: string } };

  it('a background job reads each customer message: stored, shown on the message and on the journey; agents’ messages are not read', async () => {
    const created = await server.call('POST', '/api/v1/tickets', {
      key: ws.secretKey,
      body: { customer: { email: 'ines@example.com' }, subject: 'Grinder', channel: 'email', message: { body: 'This is terrible. The grinder broke after two days and nobody answers my emails.' } },
    });
    ticket = created.body;
    await server.call('POST', `/api/v1/tickets/${ticket.id}/messages`, { key: ws.secretKey, body: { body: 'Sorry! A new one is on its way.' } });
    await server.call('POST', `/api/v1/tickets/${ticket.id}/messages`, { key: ws.secretKey, body: { body: 'Thank you so much, great service, it arrived today!', author: 'customer' } });
    await eventually(async () => {
      await server.tp.jobs.runDue();
      const full = await server.call('GET', `/api/v1/tickets/${ticket.id}`, { key: ws.secretKey });
      expect(full.body.messages.map((m: { author: string; sentiment: { label: string } | null }) => [m.author, m.sentiment?.label ?? null])).toEqual([
        ['customer', 'negative'],
        ['agent', null],
        ['customer', 'positive'],
      ]);
      expect(full.body.messages[0].sentiment.score).toBeLessThan(0);
    });
    const journey = await server.call('GET', `/api/v1/customers/${ticket.customer.id}/journey`, { key: ws.secretKey });
    const customerMessages = journey.body.data.filter((e: { kind: string; details: { author?: string } }) => e.kind === 'message' && e.details.author === 'customer');
    expect(customerMessages.map((e: { details: { sentiment: string } }) => e.details.sentiment)).toEqual(['negative', 'positive']);
  });

  it('reports counts and mean score per channel; 400 for an unknown grouping; another workspace sees none of it', async () => {
    expect((await server.call('GET', '/api/v1/insights/sentiment')).status).toBe(401);
    expect((await server.call('GET', '/api/v1/insights/sentiment?groupBy=mood', { key: ws.secretKey })).status).toBe(400);
    const report = await server.call('GET', '/api/v1/insights/sentiment?groupBy=source', { key: ws.secretKey });
    expect(report.status).toBe(200);
    expect(report.body.groups).toEqual([{ key: 'email', texts: 2, negative: 1, neutral: 0, positive: 1, meanScore: expect.any(Number) }]);
    const theirs = await server.call('GET', '/api/v1/insights/sentiment', { key: other.secretKey });
    expect(theirs.body.groups).toEqual([]);
  });
});
