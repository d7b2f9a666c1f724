import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../platform/db/query.ts';
import { startTestServer, type TestServer } from '../../test/harness.ts';

// Surveys in the website widget over real HTTP: the visitor API with a write key,
// a survey shown once and not again, sampling, and workspaces kept apart.

let server: TestServer;
let ws: Awaited<ReturnType<TestServer['workspace']>>;
let other: Awaited<ReturnType<TestServer['workspace']>>;
let analyst: string;
let deliveryId: string;

const count = async (table: 'survey_sends' | 'survey_responses' | 'customers', workspaceId = ws.id) =>
  (await queryRows<{ n: number }>(server.tp.database.db, sql`select count(*)::int as n from ${sql.raw(table)} where workspace_id = ${workspaceId}`))[0]!.n;

const survey = (extra: Record<string, unknown> = {}) => ({
  name: 'After the order',
  questions: [
    { id: 'nps', type: 'nps', text: 'How likely are you to recommend us?' },
    { id: 'comment', type: 'text', text: 'What is the main reason for your score?' },
  ],
  triggers: [{ type: 'page', pathPrefix: '/order/thanks', delaySeconds: 5 }],
  ...extra,
});

async function createSurvey(body: Record<string, unknown>, cookie = analyst) {
  const res = await server.call('POST', '/api/v1/surveys', { cookie, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string };
}

const due = (writeKey: string | undefined, anonymousId: string, path: string, extra = '') =>
  server.call('GET', `/widget/v1/surveys/due?anonymousId=${encodeURIComponent(anonymousId)}&path=${encodeURIComponent(path)}${writeKey ? `&writeKey=${writeKey}` : ''}${extra}`);
const display = (writeKey: string, surveyId: string, body: Record<string, unknown>) => server.call('POST', `/widget/v1/surveys/${surveyId}/displays`, { body: { writeKey, ...body } });
const answer = (writeKey: string, token: string, answers: Record<string, unknown>, complete = false) =>
  server.call('POST', '/widget/v1/surveys/answers', { body: { writeKey, token, answers, complete } });

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.workspace('widget-cx');
  other = await server.workspace('widget-other');
  analyst = await ws.userCookie('analyst');
  const touchpoints = await server.call('GET', '/api/v1/touchpoints', { key: ws.secretKey });
  deliveryId = touchpoints.body.data.find((t: { name: string }) => t.name === 'Delivery').id;
});
afterAll(async () => {
  await server?.close();
});

describe('widget surveys: keys and bad input first', () => {
  it('validates the page trigger with the others', async () => {
    for (const [trigger, field] of [
      [{ type: 'page', pathPrefix: 'order/thanks' }, 'pathPrefix'],
      [{ type: 'page', pathPrefix: '/order?x=1' }, 'pathPrefix'],
      [{ type: 'page', pathPrefix: '/order', delaySeconds: 9999 }, 'delaySeconds'],
      [{ type: 'page', pathPrefix: '/order', delayMinutes: 5 }, 'delayMinutes'],
    ] as const) {
      const res = await server.call('POST', '/api/v1/surveys', { cookie: analyst, body: survey({ triggers: [trigger] }) });
      expect(res.status, JSON.stringify(trigger)).toBe(400);
      expect(JSON.stringify(res.body.error)).toContain(field);
    }
    expect((await server.call('GET', '/api/v1/surveys', { cookie: analyst })).body.data).toEqual([]);
  });

  it('401 without a write key, 403 with a secret key, 400 for bad visits and answers; nothing stored', async () => {
    const { id } = await createSurvey(survey({ name: 'Keys' }));
    expect((await due(undefined, 'a1', '/order/thanks')).status).toBe(401);
    expect((await due('tp_write_nope', 'a1', '/order/thanks')).status).toBe(401);
    expect((await due(ws.secretKey, 'a1', '/order/thanks')).status).toBe(403);
    expect((await display(ws.secretKey, id, { anonymousId: 'a1', path: '/order/thanks' })).status).toBe(403);
    expect((await server.call('POST', `/widget/v1/surveys/${id}/displays`, { body: { anonymousId: 'a1', path: '/order/thanks' } })).status).toBe(401);
    expect((await answer(ws.secretKey, 'x.y', { nps: 9 })).status).toBe(403);

    expect((await due(ws.writeKey, '', '/order/thanks')).status).toBe(400);
    expect((await due(ws.writeKey, 'a1', 'order/thanks')).status).toBe(400);
    expect((await display(ws.writeKey, id, { anonymousId: 'a1', path: '/account' })).body.error.message).toContain('no survey of this workspace asks on /account');
    expect((await display(ws.writeKey, 'not-a-uuid', { anonymousId: 'a1', path: '/order/thanks' })).status).toBe(400);
    const forged = await answer(ws.writeKey, 'eyJzIjoieCJ9.AAAA', { nps: 9 });
    expect([forged.status, forged.body.error.message]).toEqual([400, 'token: not a survey display of this widget']);

    // A real display, then answers the survey does not allow.
    const shown = await display(ws.writeKey, id, { anonymousId: 'a1', path: '/order/thanks' });
    expect(shown.status).toBe(201);
    for (const [bad, message] of [
      [{ nps: 11 }, 'answers.nps: a whole number from 0 to 10'],
      [{ nope: 1 }, 'answers.nope: the survey has no such question'],
      [{}, 'answers: give at least one answer'],
    ] as const) {
      const res = await answer(ws.writeKey, shown.body.token, bad);
      expect([res.status, res.body.error.message]).toEqual([400, message]);
    }
    expect(await count('survey_responses')).toBe(0);
    expect(await count('survey_sends')).toBe(1);
    await server.call('PATCH', `/api/v1/surveys/${id}`, { cookie: analyst, body: { status: 'paused' } });
  });
});

describe('widget surveys: asking', () => {
  it('shows a due survey once, keeps the first score and then the comment, on the journey and in the report', async () => {
    const { id } = await createSurvey(survey({ touchpointId: deliveryId, languages: ['en', 'fr'], questions: [
      { id: 'nps', type: 'nps', text: { en: 'How likely are you to recommend us?', fr: 'Nous recommanderiez-vous ?' } },
      { id: 'comment', type: 'text', text: 'Why?' },
    ] }));
    const first = await due(ws.writeKey, 'anon-ana', '/order/thanks/123', '&language=fr-FR');
    expect(first.status).toBe(200);
    expect(first.body.survey).toEqual({
      surveyId: id,
      delaySeconds: 5,
      language: 'fr',
      title: 'After the order',
      question: { id: 'nps', type: 'nps', text: 'Nous recommanderiez-vous ?', min: 0, max: 10, ends: ['Not at all likely', 'Extremely likely'] },
      comment: { id: 'comment', text: 'Why?' },
    });
    expect((await due(ws.writeKey, 'anon-ana', '/account')).body.survey).toBeNull();
    // Asking writes nothing: an anonymous visitor is not a customer until the card shows.
    expect(await count('customers')).toBe(1);

    const shown = await display(ws.writeKey, id, { anonymousId: 'anon-ana', path: '/order/thanks/123', language: 'fr-FR' });
    expect(shown.status).toBe(201);
    // Shown (answered or closed): not again within the recontact period, by this survey or another.
    await createSurvey(survey({ name: 'Another on the same page' }));
    expect((await due(ws.writeKey, 'anon-ana', '/order/thanks/123')).body.survey).toBeNull();
    expect((await display(ws.writeKey, id, { anonymousId: 'anon-ana', path: '/order/thanks/123' })).status).toBe(409);

    const scored = await answer(ws.writeKey, shown.body.token, { nps: 9 });
    expect(scored.status).toBe(200);
    expect(scored.body.completed).toBe(false);
    const responses = await server.call('GET', `/api/v1/responses?surveyId=${id}`, { cookie: analyst });
    expect(responses.body.data).toEqual([expect.objectContaining({ channel: 'widget', language: 'fr', touchpointId: deliveryId, answers: { nps: 9 }, completed: false })]);
    const customerId = responses.body.data[0].customerId;
    expect(customerId).toEqual(expect.any(String));

    const finished = await answer(ws.writeKey, shown.body.token, { comment: '<b>Fast</b> and friendly' }, true);
    expect(finished.body).toEqual({ responseId: scored.body.responseId, completed: true });
    const again = await answer(ws.writeKey, shown.body.token, { comment: 'more' }, true);
    expect(again.status).toBe(409);

    const journey = await server.call('GET', `/api/v1/customers/${customerId}/journey?kind=survey_response`, { key: ws.secretKey });
    expect(journey.body.data).toEqual([expect.objectContaining({ name: 'NPS 9 on After the order' })]);
    const today = new Date().toISOString().slice(0, 10);
    const report = await server.call('GET', `/api/v1/reports/feedback?surveyId=${id}&from=${today}T00:00:00Z&to=${today}T23:59:59Z&groupBy=channel`, { cookie: analyst });
    expect(report.status).toBe(200);
    expect(report.body.groups).toEqual([expect.objectContaining({ key: 'widget', nps: expect.objectContaining({ n: 1, promoters: 1 }) })]);
    expect(report.body.funnel).toMatchObject({ sent: 1, opened: 1, started: 1, completed: 1 });
    const sends = await server.call('GET', `/api/v1/surveys/${id}/sends`, { cookie: analyst });
    expect(sends.body.data).toEqual([expect.objectContaining({ channel: 'widget', trigger: 'page:/order/thanks', status: 'sent' })]);
  });

  it('resolves an identified visitor by userId', async () => {
    const { id } = await createSurvey(survey({ name: 'Identified', triggers: [{ type: 'page', pathPrefix: '/checkout/done' }] }));
    const shown = await display(ws.writeKey, id, { anonymousId: 'anon-ben', userId: 'user-ben', path: '/checkout/done' });
    expect(shown.status).toBe(201);
    await answer(ws.writeKey, shown.body.token, { nps: 4 }, true);
    const customer = await server.call('POST', '/api/v1/surveys/' + id + '/sends', { cookie: analyst, body: { customer: { userId: 'user-ben' } } });
    const [response] = (await server.call('GET', `/api/v1/responses?surveyId=${id}`, { cookie: analyst })).body.data;
    expect(response.customerId).toBe(customer.body.customerId);
    // Known by userId on another device: already asked.
    expect((await due(ws.writeKey, 'anon-ben-phone', '/checkout/done', '&userId=user-ben')).body.survey).toBeNull();
  });

  it('a 0% sample shows nothing and records nothing', async () => {
    const { id } = await createSurvey(survey({ name: 'Never', samplePercent: 0, triggers: [{ type: 'page', pathPrefix: '/never' }] }));
    const before = await count('survey_sends');
    for (let i = 0; i < 20; i++) expect((await due(ws.writeKey, `anon-${i}`, '/never')).body.survey).toBeNull();
    expect((await display(ws.writeKey, id, { anonymousId: 'anon-0', path: '/never' })).status).toBe(409);
    expect(await count('survey_sends')).toBe(before);
  });

  it('a write key never sees or answers another workspace’s survey', async () => {
    const { id } = await createSurvey(survey({ name: 'Tenant A', triggers: [{ type: 'page', pathPrefix: '/tenant' }] }));
    expect((await due(ws.writeKey, 'anon-t', '/tenant')).body.survey).toMatchObject({ surveyId: id });
    expect((await due(other.writeKey, 'anon-t', '/tenant')).body.survey).toBeNull();
    expect((await display(other.writeKey, id, { anonymousId: 'anon-t', path: '/tenant' })).status).toBe(400);
    const shown = await display(ws.writeKey, id, { anonymousId: 'anon-t', path: '/tenant' });
    const stolen = await answer(other.writeKey, shown.body.token, { nps: 0 });
    expect(stolen.status).toBe(400);
    expect(await count('survey_sends', other.id)).toBe(0);
    expect(await count('survey_responses', other.id)).toBe(0);
    expect(await count('customers', other.id)).toBe(0);
  });
});
