import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/harness.ts';

// Themes as drivers over real HTTP: detractors write about late parcels, promoters
// about the beans and the staff. After a themes run, the late-parcel theme is a
// driver feature with a negative direction, seen only by its own workspace.

let server: TestServer;
let ws: Awaited<ReturnType<TestServer['workspace']>>;
let other: Awaited<ReturnType<TestServer['workspace']>>;
const DAY = 86_400_000;

// Shared endings, so that only the topic sets a comment apart.
const TOPICS = { late: 'my parcel arrived {n} days late', beans: 'lovely coffee beans with a great taste', staff: 'the staff on the phone were friendly' };
const ENDINGS = ['', 'Thanks.', 'Honestly.', 'See you.', 'Well.'];
type Topic = keyof typeof TOPICS;
const planted = Array.from({ length: 36 }, (_, i) => ({ email: `c${i}@example.com`, topic: (['late', 'beans', 'staff'] as const)[i % 3] as Topic, i }));
const commentOf = (topic: Topic, i: number) => [TOPICS[topic].replace('{n}', String(2 + (i % 5))), ENDINGS[i % 5]].filter(Boolean).join(' ');
const scoreOf = (topic: Topic, i: number) => (topic === 'late' ? [2, 4, 5, 6][i % 4]! : [9, 10][i % 2]!);

/** Runs every due job (sentiment readings, theme runs) until none is left. */
const drain = () => server.drainJobs();

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.workspace('theme-drivers');
  other = await server.workspace('theme-drivers-other');
  const survey = await server.call('POST', '/api/v1/surveys', {
    key: ws.secretKey,
    body: { name: 'After delivery', questions: [{ id: 'nps', type: 'nps', text: 'Recommend us?' }, { id: 'comment', type: 'text', text: 'Why?' }] },
  });
  for (const c of planted) {
    const body = { customer: { email: c.email }, answers: { nps: scoreOf(c.topic, c.i), comment: commentOf(c.topic, c.i) }, submittedAt: new Date(Date.now() - (1 + (c.i % 20)) * DAY).toISOString() };
    expect((await server.call('POST', `/api/v1/surveys/${survey.body.id}/responses`, { key: ws.secretKey, body })).status).toBe(201);
  }
  await drain(); // sentiment readings first
  expect((await server.call('POST', '/api/v1/insights/themes/refresh', { key: ws.secretKey })).status).toBe(202);
  await drain();
});
afterAll(() => server?.close());

describe('themes as drivers', () => {
  const period = () => `from=${new Date(Date.now() - 40 * DAY).toISOString()}&to=${new Date().toISOString()}`;

  it('lists the late-parcel theme as a negative driver, labelled as a theme', async () => {
    const themes = (await server.call('GET', '/api/v1/insights/themes', { key: ws.secretKey })).body.themes as { id: string; name: string; quotes: { text: string }[] }[];
    const late = themes.find((t) => t.quotes.some((q) => q.text.includes('parcel')))!;
    expect(late).toBeDefined();
    const res = await server.call('GET', `/api/v1/insights/drivers?${period()}`, { key: ws.secretKey });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const driver = res.body.drivers.find((d: { key: string }) => d.key === `theme:${late.id}`);
    expect(driver).toMatchObject({ kind: 'theme', label: `theme: ${late.name}`, enough: true, direction: 'negative' });
    // Most of the twelve late-parcel comments (k-means may leave a couple outside any theme), and only detractors.
    expect(driver.nWith).toBeGreaterThanOrEqual(10);
    expect(driver.nWith + driver.nWithout).toBe(36);
    expect(driver.meanWith).toBe(-100);
    // A theme is not a moment of the journey: no friction figure.
    expect(res.body.friction.some((f: { kind: string }) => f.kind === 'theme')).toBe(false);
  });

  it('another workspace’s drivers know nothing of these themes', async () => {
    const res = await server.call('GET', `/api/v1/insights/drivers?${period()}`, { key: other.secretKey });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('No NPS answers');
  });
});
