import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.ts';

let server: TestServer;
let ws: Awaited<ReturnType<TestServer['workspace']>>;
let customerId: string;

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.workspace('journeys');
  // Sent out of order: the journey is ordered by when things happened, not by arrival.
  const times = [5, 1, 4, 2, 3];
  await server.call('POST', '/v1/batch', {
    basicKey: ws.writeKey,
    body: {
      batch: [
        { type: 'identify', userId: 'j1', traits: { name: 'Jo' }, timestamp: '2026-04-01T00:00:00Z' },
        ...times.map((d) => ({ type: 'track', userId: 'j1', event: `Step ${d}`, timestamp: `2026-04-0${d}T12:00:00Z` })),
        { type: 'page', userId: 'j1', properties: { path: '/help/delivery' }, timestamp: '2026-04-06T12:00:00Z' },
      ],
    },
  });
  await server.settle();
  customerId = (await server.call('GET', '/api/v1/customers?userId=j1', { key: ws.secretKey })).body.data[0].id;
});
afterAll(() => server?.close());

describe('GET /customers/{id}/journey', () => {
  it('401 without credentials, 404 for an unknown or malformed id', async () => {
    expect((await server.call('GET', `/api/v1/customers/${customerId}/journey`)).status).toBe(401);
    expect((await server.call('GET', '/api/v1/customers/00000000-0000-4000-8000-000000000000/journey', { key: ws.secretKey })).status).toBe(404);
    expect((await server.call('GET', `/api/v1/customers/not-a-uuid/journey`, { key: ws.secretKey })).status).toBe(404);
  });

  it('lists touchpoints in time order with stage and channel, without profile calls', async () => {
    const res = await server.call('GET', `/api/v1/customers/${customerId}/journey`, { key: ws.secretKey });
    expect(res.status).toBe(200);
    expect(res.body.data.map((e: { name: string }) => e.name)).toEqual(['Step 1', 'Step 2', 'Step 3', 'Step 4', 'Step 5', '/help/delivery']);
    const help = res.body.data[5];
    expect(help).toMatchObject({ kind: 'page', touchpoint: 'Help center', stage: 'support', channel: 'web', details: { path: '/help/delivery' } });
    expect(res.body.data[0]).toMatchObject({ kind: 'track', touchpoint: null, stage: null, channel: null });
    expect(res.body.nextCursor).toBeNull();
  });

  it('pages with a cursor in both directions', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { data: { name: string }[]; nextCursor: string | null } } = await server.call(
        'GET',
        `/api/v1/customers/${customerId}/journey?order=desc&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
        { key: ws.secretKey },
      );
      seen.push(...res.body.data.map((e) => e.name));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['/help/delivery', 'Step 5', 'Step 4', 'Step 3', 'Step 2', 'Step 1']);
  });

  it('filters by kind and refuses a bad limit', async () => {
    const pages = await server.call('GET', `/api/v1/customers/${customerId}/journey?kind=page`, { key: ws.secretKey });
    expect(pages.body.data).toHaveLength(1);
    expect((await server.call('GET', `/api/v1/customers/${customerId}/journey?limit=0`, { key: ws.secretKey })).status).toBe(400);
    expect((await server.call('GET', `/api/v1/customers/${customerId}/journey?limit=abc`, { key: ws.secretKey })).status).toBe(400);
  });
});
