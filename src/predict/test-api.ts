import { expect } from 'vitest';
import { eventually, type TestServer } from '../../test/harness.ts';

// What the prediction tests do through the API: send a workspace's events, then
// refresh its figures and wait for the job to finish.

type Ws = Awaited<ReturnType<TestServer['workspace']>>;

export async function sendBatches(server: TestServer, ws: Ws, events: unknown[], size = 500): Promise<void> {
  for (let i = 0; i < events.length; i += size) {
    const res = await server.call('POST', '/v1/batch', { basicKey: ws.writeKey, body: { batch: events.slice(i, i + size) } });
    expect(res.status).toBe(200);
  }
}

/** Asks for a refresh and runs jobs until the need-for-help model, stored last by the refresh, says it was refreshed after the request. */
export async function refreshFigures(server: TestServer, ws: Ws): Promise<void> {
  const requested = new Date().toISOString();
  expect((await server.call('POST', '/api/v1/predictions/refresh', { key: ws.secretKey })).status).toBe(202);
  await eventually(async () => {
    await server.tp.jobs.runDue();
    const model = await server.call('GET', '/api/v1/predictions/need-help/model', { key: ws.secretKey });
    expect(model.body?.refreshedAt >= requested).toBe(true);
  }, 30_000);
}
