import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/harness.ts';
import { refreshFigures, sendBatches } from '../test-api.ts';
import { generateCafe } from '../../demo/cafe.ts';
import { seededRandom } from '../../demo/random.ts';

// The need-for-help score through the API, on a shop whose journeys and support
// contacts come from the demo generator (late deliveries, failed payments and
// help-page visits send some customers to support at known rates).

type Ws = Awaited<ReturnType<TestServer['workspace']>>;
let server: TestServer;
let shop: Ws;
let quiet: Ws;

beforeAll(async () => {
  server = await startTestServer();
  [shop, quiet] = [await server.workspace('shop'), await server.workspace('quiet')];
  const { calls, contacts } = generateCafe(seededRandom(11), { customers: 300, anonymousVisitors: 0, days: 150, now: new Date() });
  await sendBatches(server, shop, calls);
  await server.settle();
  const tickets = contacts.map((c, i) => ({
    externalId: `contact-${i}`,
    customer: { userId: c.userId, email: c.email },
    subject: c.subject,
    channel: 'email',
    createdAt: c.at,
    messages: [{ author: 'customer', body: c.body, at: c.at }],
    statusChanges: c.solvedAt ? [{ status: 'solved', at: c.solvedAt }] : [],
  }));
  for (let i = 0; i < tickets.length; i += 200) {
    const res = await server.call('POST', '/api/v1/imports/tickets', { key: shop.secretKey, body: { tickets: tickets.slice(i, i + 200) } });
    expect(res.status).toBe(200);
  }
  // A shop with journeys but no support history yet.
  await sendBatches(server, quiet, calls.filter((c) => c.userId?.endsWith('0')).map((c) => ({ ...c, messageId: `q-${c.messageId}` })));
  await server.settle();
  await refreshFigures(server, shop);
  await refreshFigures(server, quiet);
}, 180_000);
afterAll(() => server?.close());

describe('who will need help', () => {
  it('answers 401 without a key, and null before the first refresh', async () => {
    expect((await server.call('GET', '/api/v1/predictions/need-help')).status).toBe(401);
    const fresh = await server.workspace('fresh');
    expect((await server.call('GET', '/api/v1/predictions/need-help/model', { key: fresh.secretKey })).body).toBeNull();
    expect((await server.call('GET', '/api/v1/predictions/need-help', { key: fresh.secretKey })).body).toEqual({ data: [], nextCursor: null });
  });

  it('learns from the shop’s own contacts and ranks the week after its training moments well (out of time)', async () => {
    const model = (await server.call('GET', '/api/v1/predictions/need-help/model', { key: shop.secretKey })).body;
    expect(model).toMatchObject({ status: 'learned', message: null, horizonDays: 7 });
    expect(model.contacts).toBeGreaterThanOrEqual(20);
    expect(model.auc).toBeGreaterThan(0.6);
    expect(model.weights.in_transit).toBeGreaterThan(0);
  });

  it('lists the customers most likely to write, with reasons in words, highest first, page by page', async () => {
    const first = (await server.call('GET', '/api/v1/predictions/need-help?limit=5', { key: shop.secretKey })).body;
    expect(first.data).toHaveLength(5);
    const chances = first.data.map((r: { needHelp: { probability: number } }) => r.needHelp.probability);
    expect([...chances].sort((a, b) => b - a)).toEqual(chances);
    expect(['high', 'elevated']).toContain(first.data[0].needHelp.level);
    expect(first.data[0].needHelp.reasons.length).toBeGreaterThan(0);
    const next = (await server.call('GET', `/api/v1/predictions/need-help?limit=5&cursor=${first.nextCursor}`, { key: shop.secretKey })).body;
    expect(next.data[0].needHelp.probability).toBeLessThanOrEqual(chances[4]);
    expect(next.data.map((r: { customer: { id: string } }) => r.customer.id)).not.toContain(first.data[4].customer.id);

    const top = first.data[0];
    const p = (await server.call('GET', `/api/v1/customers/${top.customer.id}/predictions`, { key: shop.secretKey })).body;
    expect(p.needHelp).toEqual(top.needHelp);
  });

  it('uses the stated preset weights where there is no support history, and says so', async () => {
    const model = (await server.call('GET', '/api/v1/predictions/need-help/model', { key: quiet.secretKey })).body;
    expect(model.status).toBe('prior');
    expect(model.contacts).toBe(0);
    expect(model.message).toMatch(/needed to learn/);
  });

  it('never shows one workspace’s scores to another', async () => {
    const top = (await server.call('GET', '/api/v1/predictions/need-help?limit=1', { key: shop.secretKey })).body.data[0];
    expect((await server.call('GET', `/api/v1/customers/${top.customer.id}/predictions`, { key: quiet.secretKey })).status).toBe(404);
    const theirs = (await server.call('GET', '/api/v1/predictions/need-help?limit=100', { key: quiet.secretKey })).body.data;
    expect(theirs.map((r: { customer: { id: string } }) => r.customer.id)).not.toContain(top.customer.id);
  });
});
