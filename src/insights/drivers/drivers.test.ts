import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/harness.ts';
import { plantDrivers, plantedCustomers, plantedScore } from './test-workspace.ts';

// Drivers end to end over real HTTP, on the planted workspace of test-workspace.ts:
// the delayed delivery must come out first.

let server: TestServer;
let ws: Awaited<ReturnType<TestServer['workspace']>>;
let other: Awaited<ReturnType<TestServer['workspace']>>;
let planted: Awaited<ReturnType<typeof plantDrivers>>;
let period: string;

const drivers = (query: string, key = ws.secretKey) => server.call('GET', `/api/v1/insights/drivers?${query}`, { key });

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.workspace('drivers');
  other = await server.workspace('drivers-other');
  planted = await plantDrivers(server, ws);
  period = `from=${planted.before(1)}&to=${new Date().toISOString()}`;
});
afterAll(() => server?.close());

describe('GET /insights/drivers: access and validation first', () => {
  it('401 without credentials, 403 for a write key', async () => {
    expect((await server.call('GET', `/api/v1/insights/drivers?${period}`)).status).toBe(401);
    expect((await drivers(period, ws.writeKey)).status).toBe(403);
  });

  it('400 with a message for a bad period, window or metric, an unknown survey, a survey without the metric, or no answers', async () => {
    for (const [query, message] of [
      [`from=${new Date().toISOString()}&to=${planted.before(1)}`, 'from must be before to'],
      [`${period}&windowDays=0`, 'windowDays'],
      [`${period}&windowDays=400`, 'windowDays'],
      [`${period}&metric=loyalty`, 'metric'],
      [`${period}&surveyId=00000000-0000-4000-8000-000000000000`, 'no survey'],
      [`${period}&surveyId=nope`, 'surveyId'],
      [`${period}&surveyId=${planted.surveyId}&metric=ces`, 'asks no CES question'],
      [`${period}&metric=csat`, 'No CSAT answers'],
      [`from=${planted.before(60)}&to=${planted.before(30)}`, 'No NPS answers'],
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
    expect((await drivers(`${period}&surveyId=${planted.surveyId}`, other.secretKey)).body.error.message).toContain('no survey');
  });
});

describe('GET /insights/drivers: the planted driver', () => {
  const delayKey = () => `event:${planted.deliveryId}:Delivery Delayed`;

  it('ranks the delayed delivery first, negative, its interval excluding 0; the rewards (noise) are unclear', async () => {
    const res = await drivers(`${period}&surveyId=${planted.surveyId}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const body = res.body;
    const scores = plantedCustomers.map(plantedScore);
    expect(body).toMatchObject({ metric: 'nps', surveyId: planted.surveyId, windowDays: 30, n: 60, anonymous: 1 });
    const nps = ((scores.filter((s) => s >= 9).length - scores.filter((s) => s <= 6).length) / scores.length) * 100;
    expect(body.baseline).toBeCloseTo(nps, 1);

    const [first] = body.drivers;
    expect(first).toMatchObject({ key: delayKey(), kind: 'event', label: 'Delivery Delayed (Delivery)', enough: true, direction: 'negative', nWith: 20, nWithout: 40 });
    expect(first.interval[1]).toBeLessThan(0);
    expect(first.effect).toBeLessThan(-50);
    expect(first.meanWith).toBeLessThan(first.meanWithout);

    const rewards = body.drivers.find((d: { key: string }) => d.key === `touchpoint:${planted.loyaltyId}`);
    expect(rewards).toMatchObject({ kind: 'touchpoint', label: 'Loyalty programme', nWith: 30, direction: 'unclear' });
    expect(rewards.interval[0]).toBeLessThan(0);
    expect(rewards.interval[1]).toBeGreaterThan(0);
    // Every respondent went through Delivery: nothing to compare with.
    expect(body.drivers.find((d: { key: string }) => d.key === `touchpoint:${planted.deliveryId}`)).toMatchObject({ enough: false, nWithout: 0, importance: null, direction: null });
  });

  it('counts the service facts of tickets opened in the window before each answer', async () => {
    const { body } = await drivers(period);
    const byKey = new Map<string, { nWith: number; enough: boolean }>(body.drivers.map((d: { key: string }) => [d.key, d]));
    const ticketed = plantedCustomers.filter((c) => c.ticket);
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
