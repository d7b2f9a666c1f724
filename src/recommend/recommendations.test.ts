import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestServer, type TestServer } from '../../test/harness.ts';

type Ws = Awaited<ReturnType<TestServer['workspace']>>;
let server: TestServer;
let shop: Ws;
let other: Ws;

const NAMES: Record<string, string> = { 'KIT-V60': 'V60 pour-over kit', FILTERS: 'V60 filter papers', 'BEAN-ETH': 'Ethiopia beans', 'BEAN-COL': 'Colombia beans', CAKE: 'Pastry box', COOKIE: 'Cookie tin' };
const day = 86_400_000;

function order(userId: string, orderId: string, skus: string[], daysAgo: number) {
  return {
    type: 'track',
    userId,
    event: 'Order Completed',
    messageId: `msg-${orderId}`,
    properties: { order_id: orderId, revenue: 10 * skus.length, currency: 'EUR', products: skus.map((sku) => ({ sku, name: NAMES[sku], price: 10 })) },
    timestamp: new Date(Date.now() - daysAgo * day).toISOString(),
  };
}

async function send(ws: Ws, batch: unknown[]) {
  expect((await server.call('POST', '/v1/batch', { basicKey: ws.writeKey, body: { batch } })).status).toBe(200);
}

async function refresh(ws: Ws) {
  const requested = new Date().toISOString();
  expect((await server.call('POST', '/api/v1/recommendations/refresh', { key: ws.secretKey })).status).toBe(202);
  await eventually(async () => {
    await server.tp.jobs.runDue();
    const res = await server.call('GET', '/api/v1/products/BEAN-COL/also-bought', { key: ws.secretKey });
    expect(res.body.refreshedAt >= requested).toBe(true);
  });
}

const idOf = async (ws: Ws, userId: string): Promise<string> => (await server.call('GET', `/api/v1/customers?userId=${userId}`, { key: ws.secretKey })).body.data[0].id;

beforeAll(async () => {
  server = await startTestServer();
  [shop, other] = [await server.workspace('roastery'), await server.workspace('elsewhere')];
  await send(shop, [
    // Pour-over people: the kit, then its filters, often Ethiopian beans.
    ...[0, 1, 2, 3, 4, 5].flatMap((i) => [order(`pour-${i}`, `P${i}-1`, ['KIT-V60'], 30), order(`pour-${i}`, `P${i}-2`, i < 4 ? ['FILTERS', 'BEAN-ETH'] : ['FILTERS'], 10)]),
    // Pastry people.
    ...[0, 1, 2, 3, 4].map((i) => order(`cake-${i}`, `C${i}`, ['CAKE', 'COOKIE'], 20)),
    // The most bought product, bought alone.
    ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => order(`beans-${i}`, `B${i}`, ['BEAN-COL'], 15)),
    order('newbie', 'N1', ['KIT-V60'], 2),
    { type: 'identify', userId: 'browser', traits: { email: 'browser@example.test' } },
  ]);
  await send(other, [order('stranger', 'S1', ['SECRET-SKU', 'OTHER-SKU'], 3), order('stranger-2', 'S2', ['SECRET-SKU', 'OTHER-SKU'], 3)]);
  await server.settle();
  await refresh(shop);
}, 60_000);
afterAll(() => server?.close());

describe('customers who bought this also bought', () => {
  it('lists a product’s neighbours with their score and the customers who bought both, best first', async () => {
    const res = await server.call('GET', '/api/v1/products/KIT-V60/also-bought', { key: shop.secretKey });
    expect(res.status).toBe(200);
    expect(res.body.product).toEqual({ sku: 'KIT-V60', name: 'V60 pour-over kit', customers: 7 });
    // FILTERS: 6 of the kit's 7 buyers, 6 buyers in all; BEAN-ETH: 4 of 7, 4 in all.
    expect(res.body.data).toEqual([
      { sku: 'FILTERS', name: 'V60 filter papers', score: Number(((6 / Math.sqrt(42)) * (6 / 11)).toFixed(4)), customersBoth: 6 },
      { sku: 'BEAN-ETH', name: 'Ethiopia beans', score: Number(((4 / Math.sqrt(28)) * (4 / 9)).toFixed(4)), customersBoth: 4 },
    ]);
    const limited = await server.call('GET', '/api/v1/products/KIT-V60/also-bought?limit=1', { key: shop.secretKey });
    expect(limited.body.data.map((n: { sku: string }) => n.sku)).toEqual(['FILTERS']);
  });

  it('a product bought alone has no neighbours; an unknown one answers 404, and so does another workspace’s', async () => {
    expect((await server.call('GET', '/api/v1/products/BEAN-COL/also-bought', { key: shop.secretKey })).body).toMatchObject({ product: { customers: 10 }, data: [] });
    const unknown = await server.call('GET', '/api/v1/products/NO-SUCH/also-bought', { key: shop.secretKey });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toEqual({ code: 'not_found', message: 'Product not found' });
    const foreign = await server.call('GET', '/api/v1/products/SECRET-SKU/also-bought', { key: shop.secretKey });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(unknown.body);
  });

  it('checks the caller and the input first: 401, 403, 400', async () => {
    expect((await server.call('GET', '/api/v1/products/KIT-V60/also-bought')).status).toBe(401);
    expect((await server.call('GET', '/api/v1/products/KIT-V60/also-bought', { key: shop.writeKey })).status).toBe(403);
    const bad = await server.call('GET', '/api/v1/products/KIT-V60/also-bought?limit=0', { key: shop.secretKey });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/limit/);
    expect((await server.call('GET', '/api/v1/products/KIT-V60/also-bought', { cookie: await shop.userCookie('analyst') })).status).toBe(200);
  });
});

describe('recommendations for a customer', () => {
  it('recommends what customers who bought the same bought, because of the product it follows, then popular products, labelled', async () => {
    const res = await server.call('GET', `/api/v1/customers/${await idOf(shop, 'newbie')}/recommendations?limit=4`, { key: shop.secretKey });
    expect(res.status).toBe(200);
    const kit = { sku: 'KIT-V60', name: 'V60 pour-over kit' };
    expect(res.body.data).toEqual([
      { sku: 'FILTERS', name: 'V60 filter papers', reason: 'bought_together', score: expect.any(Number), because: kit, customersBoth: 6 },
      { sku: 'BEAN-ETH', name: 'Ethiopia beans', reason: 'bought_together', score: expect.any(Number), because: kit, customersBoth: 4 },
      { sku: 'BEAN-COL', name: 'Colombia beans', reason: 'popular', score: null, because: null, customersBoth: null },
      { sku: 'CAKE', name: 'Pastry box', reason: 'popular', score: null, because: null, customersBoth: null },
    ]);
    expect(res.body.refreshedAt).toEqual(expect.any(String));
  });

  it('never recommends what the customer bought, and reads their orders now', async () => {
    await send(shop, [order('newbie', 'N2', ['FILTERS'], 1)]);
    await server.settle();
    const res = await server.call('GET', `/api/v1/customers/${await idOf(shop, 'newbie')}/recommendations`, { key: shop.secretKey });
    const skus = res.body.data.map((r: { sku: string }) => r.sku);
    expect(skus[0]).toBe('BEAN-ETH');
    expect(skus).not.toContain('KIT-V60');
    expect(skus).not.toContain('FILTERS');
    // BEAN-ETH through both; then the popular ones not bought: BEAN-COL, CAKE, COOKIE (and nothing else is left).
    expect(res.body.data.map((r: { reason: string }) => r.reason)).toEqual(['bought_together', 'popular', 'popular', 'popular']);
  });

  it('a customer who bought nothing gets the most popular products, labelled as such', async () => {
    const res = await server.call('GET', `/api/v1/customers/${await idOf(shop, 'browser')}/recommendations?limit=2`, { key: shop.secretKey });
    expect(res.body.data.map((r: { sku: string; reason: string }) => [r.sku, r.reason])).toEqual([['BEAN-COL', 'popular'], ['KIT-V60', 'popular']]);
  });

  it('another workspace’s customer answers 404, like a malformed or missing id', async () => {
    const stranger = await idOf(other, 'stranger');
    const foreign = await server.call('GET', `/api/v1/customers/${stranger}/recommendations`, { key: shop.secretKey });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error).toEqual({ code: 'not_found', message: 'Customer not found' });
    expect((await server.call('GET', '/api/v1/customers/not-an-id/recommendations', { key: shop.secretKey })).body).toEqual(foreign.body);
    expect((await server.call('GET', '/api/v1/customers/00000000-0000-4000-8000-000000000000/recommendations', { key: shop.secretKey })).body).toEqual(foreign.body);
    // The other workspace has not been refreshed: its own customer gets nothing yet, and no product of the shop's.
    const own = await server.call('GET', `/api/v1/customers/${stranger}/recommendations`, { key: other.secretKey });
    expect(own.body).toMatchObject({ refreshedAt: null, data: [] });
  });

  it('checks the caller first: 401, 403', async () => {
    const id = await idOf(shop, 'newbie');
    expect((await server.call('GET', `/api/v1/customers/${id}/recommendations`)).status).toBe(401);
    expect((await server.call('GET', `/api/v1/customers/${id}/recommendations`, { basicKey: shop.writeKey })).status).toBe(403);
    expect((await server.call('GET', `/api/v1/customers/${id}/recommendations`, { cookie: await shop.userCookie('agent') })).status).toBe(200);
  });
});

describe('the refresh', () => {
  it('may be asked for by admins and secret keys only', async () => {
    const post = (caller: object) => server.call('POST', '/api/v1/recommendations/refresh', caller);
    expect((await post({})).status).toBe(401);
    expect((await post({ key: shop.writeKey })).status).toBe(403);
    expect((await post({ cookie: await shop.userCookie('agent') })).status).toBe(403);
    expect((await post({ cookie: await shop.userCookie('admin') })).status).toBe(202);
  });

  it('is documented in the OpenAPI document under its tag', async () => {
    const { paths } = (await server.call('GET', '/api/v1/openapi.json')).body;
    for (const [path, method] of [['/api/v1/products/{sku}/also-bought', 'get'], ['/api/v1/customers/{id}/recommendations', 'get'], ['/api/v1/recommendations/refresh', 'post']]) {
      expect(paths[path!][method!].tags).toEqual(['recommendations']);
    }
  });
});
