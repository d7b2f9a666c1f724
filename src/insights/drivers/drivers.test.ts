import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/harness.ts';

// Drivers end to end: journeys sent through the ingest API, tickets imported with
// their history, NPS answers imported at their times; the planted driver (a
// delayed delivery takes customers from promoters to detractors) must come out.

let server: TestServer;
let ws: Awaited<ReturnType<TestServer['workspace']>>;
let other: Awaited<ReturnType<TestServer['workspace']>>;
let surveyId: string;
let deliveryId: string;
let loyaltyId: string;

const DAY = 86_400_000;
const answeredAt = new Date(Date.now() - 10 * DAY);
const before = (days: number, hours = 0) => new Date(answeredAt.getTime() - days * DAY + hours * 3_600_000).toISOString();
const customers = Array.from({ length: 60 }, (_, i) => ({ userId: `u-${i}`, delayed: i % 3 === 0, rewards: i % 2 === 0, ticket: i % 4 === 1, slowReply: i % 8 === 5 }));
const scoreOf = (c: (typeof customers)[number], i: number) => (c.delayed ? [3, 5, 6, 7, 4, 6, 2][i % 7]! : [9, 10, 8, 9, 10, 7, 9][i % 7]!);
const period = `from=${before(1)}&to=${new Date().toISOString()}`;
const drivers = (query: string, key = ws.secretKey) => server.call('GET', `/api/v1/insights/drivers?${query}`, { key });

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.workspace('drivers');
  other = await server.workspace('drivers-other');
  const touchpoints = (await server.call('GET', '/api/v1/touchpoints', { key: ws.secretKey })).body.data as { id: string; name: string }[];
  deliveryId = touchpoints.find((t) => t.name === 'Delivery')!.id;
  loyaltyId = touchpoints.find((t) => t.name === 'Loyalty programme')!.id;

  const batch = customers.flatMap((c, i) => [
    { type: 'identify', userId: c.userId, traits: { email: `${c.userId}@example.com` }, timestamp: before(30) },
    { type: 'track', userId: c.userId, event: 'Order Delivered', timestamp: before(3) },
    ...(c.delayed ? [{ type: 'track', userId: c.userId, event: 'Delivery Delayed', timestamp: before(5) }] : []),
    ...(c.rewards ? [{ type: 'track', userId: c.userId, event: 'Reward Redeemed', timestamp: before(4) }] : []),
    // Long before the window: must not count.
    ...(i === 1 ? [{ type: 'track', userId: c.userId, event: 'Delivery Delayed', timestamp: before(40) }] : []),
  ]);
  expect((await server.call('POST', '/v1/batch', { basicKey: ws.writeKey, body: { batch } })).status).toBe(200);
  await server.settle();

  const tickets = customers.flatMap((c) =>
    c.ticket
      ? [
          {
            externalId: `t-${c.userId}`,
            customer: { userId: c.userId },
            subject: 'Where is my order?',
            channel: 'email',
            createdAt: before(2),
            messages: [
              { author: 'customer', body: 'Where is my order?', at: before(2) },
              { author: 'agent', body: 'On its way.', at: before(2, c.slowReply ? 30 : 1) },
            ],
            statusChanges: c.slowReply ? [] : [{ status: 'solved', at: before(2, 2) }],
          },
        ]
      : [],
  );
  expect((await server.call('POST', '/api/v1/imports/tickets', { key: ws.secretKey, body: { tickets } })).status).toBe(200);

  const survey = await server.call('POST', '/api/v1/surveys', { key: ws.secretKey, body: { name: 'After delivery', touchpointId: deliveryId, questions: [{ id: 'nps', type: 'nps', text: 'Would you recommend us?' }] } });
  expect(survey.status).toBe(201);
  surveyId = survey.body.id;
  for (const [i, c] of customers.entries()) {
    const res = await server.call('POST', `/api/v1/surveys/${surveyId}/responses`, { key: ws.secretKey, body: { customer: { userId: c.userId }, answers: { nps: scoreOf(c, i) }, submittedAt: answeredAt.toISOString() } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  // An anonymous answer has no journey: counted aside, not analysed.
  expect((await server.call('POST', `/api/v1/surveys/${surveyId}/responses`, { key: ws.secretKey, body: { answers: { nps: 10 }, submittedAt: answeredAt.toISOString() } })).status).toBe(201);
});
afterAll(() => server?.close());

describe('GET /insights/drivers: access and validation first', () => {
  it('401 without credentials, 403 for a write key', async () => {
    expect((await server.call('GET', `/api/v1/insights/drivers?${period}`)).status).toBe(401);
    expect((await drivers(period, ws.writeKey)).status).toBe(403);
  });

  it('400 with a message for a bad period, window or metric, an unknown survey, a survey without the metric, or no answers', async () => {
    for (const [query, message] of [
      [`from=${new Date().toISOString()}&to=${before(1)}`, 'from must be before to'],
      [`${period}&windowDays=0`, 'windowDays'],
      [`${period}&windowDays=400`, 'windowDays'],
      [`${period}&metric=loyalty`, 'metric'],
      [`${period}&surveyId=00000000-0000-4000-8000-000000000000`, 'no survey'],
      [`${period}&surveyId=nope`, 'surveyId'],
      [`${period}&surveyId=${surveyId}&metric=ces`, 'asks no CES question'],
      [`${period}&metric=csat`, 'No CSAT answers'],
      [`from=${before(60)}&to=${before(30)}`, 'No NPS answers'],
    ]) {
      const res = await drivers(query!);
      expect(res.status, query).toBe(400);
      expect(res.body.error.message, query).toContain(message);
    }
  });

  it("another workspace sees neither the answers nor the survey", async () => {
    const res = await drivers(period, other.secretKey);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('No NPS answers');
    expect((await drivers(`${period}&surveyId=${surveyId}`, other.secretKey)).body.error.message).toContain('no survey');
  });
});

describe('GET /insights/drivers: the planted driver', () => {
  const delayKey = () => `event:${deliveryId}:Delivery Delayed`;

  it('ranks the delayed delivery first, negative, its interval excluding 0; the rewards (noise) are unclear', async () => {
    const res = await drivers(`${period}&surveyId=${surveyId}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const body = res.body;
    const scores = customers.map(scoreOf);
    expect(body).toMatchObject({ metric: 'nps', surveyId, windowDays: 30, n: 60, anonymous: 1 });
    const nps = ((scores.filter((s) => s >= 9).length - scores.filter((s) => s <= 6).length) / scores.length) * 100;
    expect(body.baseline).toBeCloseTo(nps, 1);

    const [first] = body.drivers;
    expect(first).toMatchObject({ key: delayKey(), kind: 'event', label: 'Delivery Delayed (Delivery)', enough: true, direction: 'negative', nWith: 20, nWithout: 40 });
    expect(first.interval[1]).toBeLessThan(0);
    expect(first.effect).toBeLessThan(-50);
    expect(first.meanWith).toBeLessThan(first.meanWithout);

    const rewards = body.drivers.find((d: { key: string }) => d.key === `touchpoint:${loyaltyId}`);
    expect(rewards).toMatchObject({ kind: 'touchpoint', label: 'Loyalty programme', nWith: 30, direction: 'unclear' });
    expect(rewards.interval[0]).toBeLessThan(0);
    expect(rewards.interval[1]).toBeGreaterThan(0);
    // Every respondent went through Delivery: nothing to compare with.
    expect(body.drivers.find((d: { key: string }) => d.key === `touchpoint:${deliveryId}`)).toMatchObject({ enough: false, nWithout: 0, importance: null, direction: null });
  });

  it('counts the service facts of tickets opened in the window before each answer', async () => {
    const { body } = await drivers(period);
    const byKey = new Map<string, { nWith: number; enough: boolean }>(body.drivers.map((d: { key: string }) => [d.key, d]));
    const ticketed = customers.filter((c) => c.ticket);
    expect(byKey.get('service:contacted')).toMatchObject({ kind: 'service', nWith: ticketed.length, enough: true });
    expect(byKey.get('service:slow-first-response')).toMatchObject({ nWith: ticketed.filter((c) => c.slowReply).length, enough: false });
    expect(byKey.get('service:unresolved')).toMatchObject({ nWith: ticketed.filter((c) => c.slowReply).length, enough: false });
    expect(byKey.has('service:reopened')).toBe(false);
  });

  it('ranks journey moments by friction: the delay first', async () => {
    const { body } = await drivers(period);
    expect(body.friction[0]).toMatchObject({ key: delayKey(), kind: 'event', reach: 0.333 });
    expect(body.friction[0].impact).toBeGreaterThan(0);
    expect(body.friction[0].interval[0]).toBeGreaterThan(0);
    expect(body.friction.every((f: { kind: string }) => f.kind === 'touchpoint' || f.kind === 'event')).toBe(true);
  });

  it('looks only at the window: with 4 days the delay (5 days before) is gone', async () => {
    const { body } = await drivers(`${period}&windowDays=4`);
    expect(body.windowDays).toBe(4);
    expect(body.drivers.some((d: { key: string }) => d.key === delayKey())).toBe(false);
  });

  it('answers the same figures twice (a seeded bootstrap), and as CSV', async () => {
    const a = await drivers(period);
    expect((await drivers(period)).body).toEqual(a.body);
    const csv = await drivers(`${period}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = String(csv.body).replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^key,kind,label,status,n_with,n_without,mean_with,mean_without,importance,importance_low,importance_high,effect,/);
    expect(lines[1]).toContain('Delivery Delayed (Delivery),ranked,20,40');
    expect(lines).toHaveLength(a.body.drivers.length + 1);
  });
});
