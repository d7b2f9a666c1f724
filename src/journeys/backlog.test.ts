import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine, startTestServer, type TestServer } from '../../test/harness.ts';
import { processPendingEvents } from './processor.ts';

let server: TestServer;
let a: Awaited<ReturnType<TestServer['workspace']>>;
let b: Awaited<ReturnType<TestServer['workspace']>>;

beforeAll(async () => {
  server = await startTestServer();
  a = await server.workspace('backlog-a');
  b = await server.workspace('backlog-b');
  // Nothing is enriched while the processor is stopped, so what was sent stays pending.
  await server.tp.processor.stop();
});
afterAll(() => server?.close());

const track = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'track', anonymousId: `v${i}`, event: 'Backlog Step' }));

describe(`GET /api/v1/journeys/backlog (${engine})`, () => {
  it('401 without credentials, 403 for a write key', async () => {
    expect((await server.call('GET', '/api/v1/journeys/backlog')).status).toBe(401);
    expect((await server.call('GET', '/api/v1/journeys/backlog', { key: a.writeKey })).status).toBe(403);
  });

  it("counts the workspace's acknowledged, not yet enriched events, and only its own", async () => {
    const before = Date.now();
    expect((await server.call('POST', '/v1/batch', { basicKey: a.writeKey, body: { batch: track(3) } })).status).toBe(200);
    expect((await server.call('POST', '/v1/batch', { basicKey: b.writeKey, body: { batch: track(1) } })).status).toBe(200);

    const res = await server.call('GET', '/api/v1/journeys/backlog', { key: a.secretKey });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ pending: 3, capped: false });
    const oldest = Date.parse(res.body.oldestReceivedAt);
    expect(oldest).toBeGreaterThanOrEqual(before - 1000);
    expect(oldest).toBeLessThanOrEqual(Date.now());
    expect(res.body.lagSeconds).toBeGreaterThanOrEqual(0);
    expect((await server.call('GET', '/api/v1/journeys/backlog', { key: b.secretKey })).body.pending).toBe(1);
    // An agent may look too: it is how support sees why a visit is not on a journey yet.
    expect((await server.call('GET', '/api/v1/journeys/backlog', { cookie: await a.userCookie('agent') })).body.pending).toBe(3);
  });

  it('is empty once the processor has worked the events off', async () => {
    while ((await processPendingEvents(server.tp.database.db)) > 0);
    const res = await server.call('GET', '/api/v1/journeys/backlog', { key: a.secretKey });
    expect(res.body).toEqual({ pending: 0, capped: false, oldestReceivedAt: null, lagSeconds: 0 });
  });
});
