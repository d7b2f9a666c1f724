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

describe('sentiment of survey comments', () => {
  it('reads the comment of an answer: shown with the response, in its CSV and on the journey; an answer without a comment has none', async () => {
    const created = await server.call('POST', '/api/v1/surveys', {
      key: ws.secretKey,
      body: { name: 'After delivery', questions: [{ id: 'nps', type: 'nps', text: 'Would you recommend us?' }, { id: 'why', type: 'text', text: 'Why?' }] },
    });
    expect(created.status).toBe(201);
    const surveyId: string = created.body.id;
    const answer = (email: string, answers: Record<string, unknown>) =>
      server.call('POST', `/api/v1/surveys/${surveyId}/responses`, { key: ws.secretKey, body: { customer: { email }, answers } });
    const unhappy = await answer('jo@example.com', { nps: 2, why: 'The parcel arrived broken and support never called back. Awful.' });
    const silent = await answer('al@example.com', { nps: 8 });
    expect([unhappy.status, silent.status]).toEqual([201, 201]);

    type Listed = { id: string; sentiment: { label: string; score: number } | null };
    await eventually(async () => {
      await server.tp.jobs.runDue();
      const list = await server.call<{ data: Listed[] }>('GET', `/api/v1/responses?surveyId=${surveyId}`, { key: ws.secretKey });
      const byId = new Map(list.body.data.map((r) => [r.id, r.sentiment]));
      expect(byId.get(unhappy.body.id)).toEqual({ label: 'negative', score: expect.any(Number) });
      expect(byId.get(silent.body.id)).toBeNull();
    });
    const csv = await server.call('GET', `/api/v1/responses?surveyId=${surveyId}&format=csv`, { key: ws.secretKey });
    const [header, ...lines] = String(csv.body).trim().split(/\r\n/);
    expect(header!.split(',').slice(-2)).toEqual(['sentiment', 'sentiment_score']);
    const unhappyLine = lines.find((l) => l.startsWith(unhappy.body.id))!;
    expect(unhappyLine).toMatch(/,negative,-0\.\d{1,3}$/);

    const journey = await server.call('GET', `/api/v1/customers/${unhappy.body.customerId}/journey`, { key: ws.secretKey });
    const entry = journey.body.data.find((e: { kind: string }) => e.kind === 'survey_response');
    expect(entry.details.sentiment).toBe('negative');
    // Another workspace cannot list these answers.
    expect((await server.call('GET', `/api/v1/responses?surveyId=${surveyId}`, { key: other.secretKey })).body.data).toEqual([]);
  });
});
