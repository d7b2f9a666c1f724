import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestServer, type TestServer } from '../../test/harness.ts';
import { refreshFigures, sendBatches } from './test-api.ts';
import { queryRows } from '../platform/db/query.ts';
import { testCustomers } from './test-customers.ts';

type Ws = Awaited<ReturnType<TestServer['workspace']>>;
let server: TestServer;
let shop: Ws;
let corner: Ws;
let other: Ws;

const customers = testCustomers();
const day = 86_400_000;

function orderEvents(userId: string, orders: { daysAgo: number; amount: number }[], field: 'revenue' | 'total' = 'revenue') {
  const now = Date.now();
  return orders.map((o, k) => ({
    type: 'track',
    userId,
    event: 'Order Completed',
    messageId: `${userId}-order-${k}`,
    properties: { order_id: `${userId}-${k}`, [field]: o.amount, currency: 'EUR' },
    timestamp: new Date(now - o.daysAgo * day - 60_000).toISOString(),
  }));
}

const idOf = async (ws: Ws, userId: string): Promise<string> => (await server.call('GET', `/api/v1/customers?userId=${userId}`, { key: ws.secretKey })).body.data[0].id;
const predictionsOf = async (ws: Ws, userId: string) => (await server.call('GET', `/api/v1/customers/${await idOf(ws, userId)}/predictions`, { key: ws.secretKey })).body;

beforeAll(async () => {
  server = await startTestServer();
  [shop, corner, other] = [await server.workspace('shop'), await server.workspace('corner'), await server.workspace('elsewhere')];
  const orders = customers.flatMap((c) => orderEvents(c.userId, c.orders, c.group === 'occasional' ? 'total' : 'revenue'));
  const original = orders.find((e) => e.properties.order_id === 'frequent-0-0')!;
  await sendBatches(server, shop, [
    ...orders,
    // The same order sent again by a client that retried with a new messageId: still one purchase.
    { ...original, messageId: 'resent-order', timestamp: new Date(Date.parse(original.timestamp) + 300_000).toISOString() },
    { type: 'identify', userId: 'browser-only', traits: { email: 'browser@example.com' } },
  ]);
  const [newcomer] = orderEvents('newcomer', [{ daysAgo: 3, amount: 0 }]);
  await sendBatches(server, corner, [
    ...orderEvents('regular', [{ daysAgo: 40, amount: 12 }, { daysAgo: 10, amount: 8 }]),
    // An amount as text is read; a refund (negative) is not a purchase.
    { ...newcomer, properties: { order_id: 'N-1', revenue: ' 30.00 ' } },
    { ...newcomer, messageId: 'refund', properties: { order_id: 'N-1-refund', revenue: -30 } },
  ]);
  await server.settle();
  await refreshFigures(server, shop);
  await refreshFigures(server, corner);
}, 60_000);
afterAll(() => server?.close());

describe('predictions from the journey’s purchases', () => {
  it('fits the workspace’s models and scores every buyer with finite figures', async () => {
    const model = (await server.call('GET', '/api/v1/predictions/model', { key: shop.secretKey })).body;
    expect(model).toMatchObject({ status: 'fitted', message: null, customers: customers.length, unit: 'day', horizonDays: 90, clvMonths: 12, currency: 'EUR' });
    for (const v of [...Object.values(model.bgnbd), ...Object.values(model.gammaGamma)]) expect(Number.isFinite(v)).toBe(true);

    for (const c of customers) {
      const p = await predictionsOf(shop, c.userId);
      for (const v of [p.purchases, p.totalSpend, p.pAlive, p.expectedPurchases, p.expectedAverageValue, p.clv]) expect(Number.isFinite(v)).toBe(true);
      expect(p.pAlive).toBeGreaterThanOrEqual(0);
      expect(p.pAlive).toBeLessThanOrEqual(1);
    }
  });

  it('a frequent recent buyer is more likely alive than one who stopped long ago; one-time buyers are labelled apart', async () => {
    const frequent = await predictionsOf(shop, 'frequent-1');
    const stopped = await predictionsOf(shop, 'stopped-1');
    expect(frequent.pAlive).toBeGreaterThan(stopped.pAlive);
    expect(frequent.expectedPurchases).toBeGreaterThan(stopped.expectedPurchases);
    expect([frequent.activity, stopped.activity]).toEqual(['active', 'lost']);
    expect((await predictionsOf(shop, 'one-time-0')).activity).toBe('one_time');
  });

  it('counts a repeated order once, and reads total when there is no revenue', async () => {
    const expected = (userId: string) => customers.find((c) => c.userId === userId)!.orders;
    const frequent = await predictionsOf(shop, 'frequent-0');
    expect(frequent.purchases).toBe(expected('frequent-0').length);
    expect(frequent.totalSpend).toBeCloseTo(expected('frequent-0').reduce((s, o) => s + o.amount, 0), 2);
    const occasional = await predictionsOf(shop, 'occasional-0');
    expect(occasional.totalSpend).toBeCloseTo(expected('occasional-0').reduce((s, o) => s + o.amount, 0), 2);
  });

  it('ranks customers by P(alive), lowest first, page by page', async () => {
    const first = (await server.call('GET', '/api/v1/predictions?order=p_alive&limit=5', { key: shop.secretKey })).body;
    expect(first.data).toHaveLength(5);
    expect(first.data.every((r: { customer: { id: string } }) => r.customer.id)).toBe(true);
    const second = (await server.call('GET', `/api/v1/predictions?order=p_alive&limit=5&cursor=${first.nextCursor}`, { key: shop.secretKey })).body;
    const values = [...first.data, ...second.data].map((r: { pAlive: number }) => r.pAlive);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(new Set([...first.data, ...second.data].map((r: { customer: { id: string } }) => r.customer.id)).size).toBe(10);
  });

  it('a customer without purchases has zeros and no guesses', async () => {
    expect(await predictionsOf(shop, 'browser-only')).toMatchObject({ purchases: 0, totalSpend: 0, pAlive: null, clv: null, model: { status: 'fitted' } });
  });

  it('too few customers: a clear model status, purchases and spend anyway, no NaN', async () => {
    const model = (await server.call('GET', '/api/v1/predictions/model', { key: corner.secretKey })).body;
    expect(model).toMatchObject({ status: 'not_fitted', customers: 2, purchases: 3, skippedPurchases: 1, bgnbd: null, gammaGamma: null });
    expect(model.message).toMatch(/Too few customers.*1 purchase event without a usable amount/);
    expect((await predictionsOf(corner, 'newcomer')).totalSpend).toBe(30);
    const regular = await predictionsOf(corner, 'regular');
    expect(regular).toMatchObject({ purchases: 2, totalSpend: 20, frequency: 1, pAlive: null, activity: null, expectedPurchases: null, clv: null });
    expect(regular.model.message).toMatch(/Too few customers/);
  });

  it('another workspace’s customer answers 404, like a malformed id', async () => {
    const id = await idOf(shop, 'frequent-0');
    expect((await server.call('GET', `/api/v1/customers/${id}/predictions`, { key: other.secretKey })).status).toBe(404);
    expect((await server.call('GET', '/api/v1/customers/not-an-id/predictions', { key: shop.secretKey })).status).toBe(404);
    expect((await server.call('GET', '/api/v1/predictions/model', { key: other.secretKey })).body.status).toBe('pending');
  });

  it('a refresh may be asked for by admins and secret keys only', async () => {
    const post = (caller: object) => server.call('POST', '/api/v1/predictions/refresh', caller);
    expect((await post({})).status).toBe(401);
    expect((await post({ basicKey: shop.writeKey })).status).toBe(403);
    expect((await post({ key: shop.writeKey })).status).toBe(403);
    expect((await post({ cookie: await shop.userCookie('agent') })).status).toBe(403);
    expect((await post({ cookie: await shop.userCookie('analyst') })).status).toBe(403);
    expect((await post({ cookie: await shop.userCookie('admin') })).status).toBe(202);
    expect((await server.call('GET', '/api/v1/predictions/model')).status).toBe(401);
  });

  it('is documented in the OpenAPI document under its tag', async () => {
    const { paths } = (await server.call('GET', '/api/v1/openapi.json')).body;
    for (const [path, method] of [['/api/v1/customers/{id}/predictions', 'get'], ['/api/v1/predictions/model', 'get'], ['/api/v1/predictions', 'get'], ['/api/v1/predictions/refresh', 'post']]) {
      expect(paths[path!][method!].tags).toEqual(['predictions']);
    }
  });

  it('each run schedules the next one a day later', async () => {
    await eventually(async () => {
      await server.tp.jobs.runDue();
      const [next] = await queryRows<{ run_at: string | Date }>(
        server.tp.database.db,
        sql`select run_at from jobs where dedupe_key = ${`predict:${corner.id}`} and done_at is null and failed_at is null`,
      );
      expect(new Date(next!.run_at).getTime() - Date.now()).toBeGreaterThan(23 * 3_600_000);
    });
  });
});
