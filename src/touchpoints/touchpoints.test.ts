import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.ts';

let server: TestServer;
let ws: Awaited<ReturnType<TestServer['workspace']>>;

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.workspace('catalog');
});
afterAll(() => server?.close());

const journeyNames = async (userId: string) => {
  const id = (await server.call('GET', `/api/v1/customers?userId=${userId}`, { key: ws.secretKey })).body.data[0].id;
  return (await server.call('GET', `/api/v1/customers/${id}/journey`, { key: ws.secretKey })).body.data as { name: string; touchpoint: string | null; stage: string | null }[];
};

describe('the touchpoint catalog', () => {
  it('starts with a default catalog covering every stage', async () => {
    const res = await server.call('GET', '/api/v1/touchpoints', { key: ws.secretKey });
    expect(res.status).toBe(200);
    expect(new Set(res.body.data.map((t: { stage: string }) => t.stage))).toEqual(new Set(['pre-purchase', 'purchase', 'post-purchase', 'support', 'loyalty']));
  });

  it('lists unmapped events, and a new rule maps their history', async () => {
    await server.call('POST', '/v1/batch', {
      basicKey: ws.writeKey,
      body: {
        batch: [
          { type: 'track', userId: 'cat-1', event: 'Table Booked' },
          { type: 'track', userId: 'cat-2', event: 'Table Booked' },
          { type: 'page', userId: 'cat-1', properties: { path: '/menu/breakfast' } },
        ],
      },
    });
    await server.settle();
    const unmapped = await server.call('GET', '/api/v1/touchpoints/unmapped', { key: ws.secretKey });
    expect(unmapped.body.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'track', name: 'Table Booked', count: 2 }),
        expect.objectContaining({ kind: 'page', pagePath: '/menu/breakfast', count: 1 }),
      ]),
    );

    const created = await server.call('POST', '/api/v1/touchpoints', { key: ws.secretKey, body: { name: 'Table booking', stage: 'purchase', channel: 'web' } });
    expect(created.status).toBe(201);
    const rule = await server.call('POST', `/api/v1/touchpoints/${created.body.id}/rules`, { key: ws.secretKey, body: { eventName: 'Table Booked' } });
    expect(rule.status).toBe(201);
    expect(rule.body.remapped).toBe(2);
    const menu = await server.call('POST', '/api/v1/touchpoints', { key: ws.secretKey, body: { name: 'Menu', stage: 'pre-purchase', channel: 'web' } });
    await server.call('POST', `/api/v1/touchpoints/${menu.body.id}/rules`, { key: ws.secretKey, body: { pathPattern: '/menu/*' } });

    expect((await server.call('GET', '/api/v1/touchpoints/unmapped', { key: ws.secretKey })).body.data).toEqual([]);
    expect((await journeyNames('cat-1')).map((e) => e.touchpoint)).toEqual(['Table booking', 'Menu']);

    // Editing the stage shows at once in the journey.
    await server.call('PATCH', `/api/v1/touchpoints/${created.body.id}`, { key: ws.secretKey, body: { stage: 'loyalty' } });
    expect((await journeyNames('cat-2'))[0]!.stage).toBe('loyalty');

    // Deleting the rule makes the events unmapped again.
    const ruleId = rule.body.rules[0].id;
    expect((await server.call('DELETE', `/api/v1/touchpoints/${created.body.id}/rules/${ruleId}`, { key: ws.secretKey })).status).toBe(204);
    expect((await journeyNames('cat-2'))[0]!.touchpoint).toBeNull();
  });

  it('refuses bad input and changes nothing', async () => {
    const before = (await server.call('GET', '/api/v1/touchpoints', { key: ws.secretKey })).body.data;
    const [first] = before;
    expect((await server.call('POST', '/api/v1/touchpoints', { key: ws.secretKey, body: { name: 'X', stage: 'someday', channel: 'web' } })).status).toBe(400);
    expect((await server.call('POST', '/api/v1/touchpoints', { key: ws.secretKey, body: { name: first.name, stage: 'loyalty', channel: 'web' } })).status).toBe(409);
    expect((await server.call('POST', `/api/v1/touchpoints/${first.id}/rules`, { key: ws.secretKey, body: {} })).status).toBe(400);
    expect((await server.call('PATCH', `/api/v1/touchpoints/${first.id}`, { key: ws.secretKey, body: { name: before[1].name } })).status).toBe(409);
    expect((await server.call('PATCH', '/api/v1/touchpoints/00000000-0000-4000-8000-000000000000', { key: ws.secretKey, body: { stage: 'loyalty' } })).status).toBe(404);
    const analyst = await ws.userCookie('agent');
    expect((await server.call('POST', '/api/v1/touchpoints', { cookie: analyst, body: { name: 'Y', stage: 'loyalty', channel: 'web' } })).status).toBe(403);
    expect((await server.call('GET', '/api/v1/touchpoints', { key: ws.secretKey })).body.data).toEqual(before);
  });
});
