import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.ts';

let server: TestServer;
let ws: Awaited<ReturnType<TestServer['workspace']>>;

const send = (batch: unknown[]) => server.call('POST', '/v1/batch', { basicKey: ws.writeKey, body: { batch } });
const find = async (query: string) => (await server.call('GET', `/api/v1/customers?${query}`, { key: ws.secretKey })).body.data;
const journeyOf = async (id: string) => (await server.call('GET', `/api/v1/customers/${id}/journey`, { key: ws.secretKey })).body.data as { name: string; kind: string }[];

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.workspace('identity');
});
afterAll(() => server?.close());

describe('identity resolution', () => {
  it('identify attaches the earlier anonymous history to the known customer', async () => {
    await send([
      { type: 'page', anonymousId: 'anon-1', properties: { path: '/' }, timestamp: '2026-01-01T10:00:00Z' },
      { type: 'track', anonymousId: 'anon-1', event: 'Product Viewed', timestamp: '2026-01-01T10:01:00Z' },
    ]);
    await server.settle();
    const anonymous = await find('q=anon-1');
    expect(anonymous).toHaveLength(1);
    await send([{ type: 'identify', anonymousId: 'anon-1', userId: 'user-1', traits: { email: 'Maya@Example.com', firstName: 'Maya', lastName: 'Ortiz' }, timestamp: '2026-01-01T10:02:00Z' }]);
    await send([{ type: 'track', userId: 'user-1', event: 'Order Completed', timestamp: '2026-01-02T09:00:00Z' }]);
    await server.settle();
    const [maya] = await find('email=maya@example.com');
    expect(maya.id).toBe(anonymous[0].id);
    expect(maya.name).toBe('Maya Ortiz');
    expect(maya.identities).toEqual(
      expect.arrayContaining([
        { kind: 'anonymous_id', value: 'anon-1' },
        { kind: 'user_id', value: 'user-1' },
        { kind: 'email', value: 'maya@example.com' },
      ]),
    );
    expect((await journeyOf(maya.id)).map((e) => e.name)).toEqual(['/', 'Product Viewed', 'Order Completed']);
  });

  it('identify merges a separate anonymous profile that already has history', async () => {
    await send([{ type: 'track', userId: 'user-2', event: 'Signed Up', timestamp: '2026-01-01T08:00:00Z' }]);
    await send([{ type: 'page', anonymousId: 'phone-browser', properties: { path: '/help/returns' }, timestamp: '2026-01-03T08:00:00Z' }]);
    await server.settle();
    const [anonymous] = await find('q=phone-browser');
    await send([{ type: 'identify', anonymousId: 'phone-browser', userId: 'user-2', timestamp: '2026-01-03T08:05:00Z' }]);
    await server.settle();
    const [known] = await find('userId=user-2');
    expect((await journeyOf(known.id)).map((e) => e.name)).toEqual(['Signed Up', '/help/returns']);
    // The merged-away id still resolves, to the surviving profile.
    const old = await server.call('GET', `/api/v1/customers/${anonymous.id}`, { key: ws.secretKey });
    expect(old.status).toBe(200);
    expect(old.body.id).toBe(known.id);
  });

  it('a shared device does not merge two known customers', async () => {
    await send([
      { type: 'identify', anonymousId: 'family-ipad', userId: 'parent', traits: { name: 'Parent' } },
      { type: 'identify', anonymousId: 'family-ipad', userId: 'teen', traits: { name: 'Teen' } },
      { type: 'track', anonymousId: 'family-ipad', userId: 'teen', event: 'Product Viewed' },
    ]);
    await server.settle();
    const [parent] = await find('userId=parent');
    const [teen] = await find('userId=teen');
    expect(parent.id).not.toBe(teen.id);
    expect((await journeyOf(teen.id)).map((e) => e.name)).toEqual(['Product Viewed']);
  });

  it('alias joins a previous id to the user id', async () => {
    await send([{ type: 'track', anonymousId: 'old-cookie', event: 'Product Viewed', timestamp: '2026-02-01T10:00:00Z' }]);
    await send([{ type: 'track', userId: 'crm-77', event: 'Order Completed', timestamp: '2026-02-02T10:00:00Z' }]);
    await server.settle();
    await send([{ type: 'alias', previousId: 'old-cookie', userId: 'crm-77' }]);
    await server.settle();
    const [c] = await find('userId=crm-77');
    expect((await journeyOf(c.id)).map((e) => e.name)).toEqual(['Product Viewed', 'Order Completed']);
    expect((await find('q=old-cookie'))[0].id).toBe(c.id);
  });

  it('handles identify and later events for one new user inside a single batch', async () => {
    await send([
      { type: 'page', anonymousId: 'same-batch', properties: { path: '/' } },
      { type: 'identify', anonymousId: 'same-batch', userId: 'sb-user', traits: { email: 'sb@example.test' } },
      { type: 'track', userId: 'sb-user', event: 'Order Completed' },
    ]);
    await server.settle();
    const found = await find('email=sb@example.test');
    expect(found).toHaveLength(1);
    expect(await journeyOf(found[0].id)).toHaveLength(2);
  });
});

describe('explicit merge through the API', () => {
  it('moves identities, traits and journey; refuses self-merge and unknown ids', async () => {
    await send([
      { type: 'identify', userId: 'dup-a', traits: { email: 'a@dup.test', plan: 'gold' } },
      { type: 'track', userId: 'dup-a', event: 'Order Completed' },
      { type: 'identify', userId: 'dup-b', traits: { phone: '+44 20 7946 0000', city: 'Leeds' } },
      { type: 'track', userId: 'dup-b', event: 'Product Reviewed' },
    ]);
    await server.settle();
    const [a] = await find('userId=dup-a');
    const [b] = await find('userId=dup-b');
    const agent = await ws.userCookie('agent');
    expect((await server.call('POST', `/api/v1/customers/${a.id}/merge`, { cookie: agent, body: { customerId: a.id } })).status).toBe(400);
    expect((await server.call('POST', `/api/v1/customers/${a.id}/merge`, { cookie: agent, body: { customerId: '00000000-0000-4000-8000-000000000000' } })).status).toBe(404);
    const analyst = await ws.userCookie('analyst');
    expect((await server.call('POST', `/api/v1/customers/${a.id}/merge`, { cookie: analyst, body: { customerId: b.id } })).status).toBe(403);
    expect((await journeyOf(a.id)).length).toBe(1);

    const merged = await server.call('POST', `/api/v1/customers/${a.id}/merge`, { cookie: agent, body: { customerId: b.id } });
    expect(merged.status).toBe(200);
    expect(merged.body.traits).toMatchObject({ plan: 'gold', city: 'Leeds' });
    expect(merged.body.identities.map((i: { value: string }) => i.value)).toEqual(expect.arrayContaining(['dup-a', 'dup-b', 'a@dup.test', '+442079460000']));
    expect((await journeyOf(a.id)).map((e) => e.name).sort()).toEqual(['Order Completed', 'Product Reviewed']);
    expect((await find(`phone=${encodeURIComponent('+44 20 7946 0000')}`))[0].id).toBe(a.id);
    // Later events of either user id land on the merged profile.
    await send([{ type: 'track', userId: 'dup-b', event: 'Reward Redeemed' }]);
    await server.settle();
    expect((await journeyOf(a.id)).length).toBe(3);
  });
});

describe('search', () => {
  it('finds by name prefix, pages with a cursor, and rejects a forged cursor', async () => {
    await send(Array.from({ length: 5 }, (_, i) => ({ type: 'identify', userId: `page-${i}`, traits: { name: `Pagina ${i}` }, timestamp: `2026-03-0${i + 1}T00:00:00Z` })));
    await server.settle();
    const first = await server.call('GET', '/api/v1/customers?q=pagina&limit=2', { key: ws.secretKey });
    expect(first.body.data.map((c: { name: string }) => c.name)).toEqual(['Pagina 4', 'Pagina 3']);
    const second = await server.call('GET', `/api/v1/customers?q=pagina&limit=2&cursor=${first.body.nextCursor}`, { key: ws.secretKey });
    expect(second.body.data.map((c: { name: string }) => c.name)).toEqual(['Pagina 2', 'Pagina 1']);
    const third = await server.call('GET', `/api/v1/customers?q=pagina&limit=2&cursor=${second.body.nextCursor}`, { key: ws.secretKey });
    expect(third.body.data.map((c: { name: string }) => c.name)).toEqual(['Pagina 0']);
    expect(third.body.nextCursor).toBeNull();
    const forged = await server.call('GET', '/api/v1/customers?cursor=bm9wZQ', { key: ws.secretKey });
    expect(forged.status).toBe(400);
    expect(forged.body.error.message).toMatch(/cursor/);
  });
});
