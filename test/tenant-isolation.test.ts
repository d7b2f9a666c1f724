import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';

// One workspace never sees another's data: every record id of workspace A, asked
// for with B's credentials, answers exactly like an id that does not exist.

let server: TestServer;
let a: Awaited<ReturnType<TestServer['workspace']>>;
let b: Awaited<ReturnType<TestServer['workspace']>>;
let customerA: string;
let touchpointA: string;

beforeAll(async () => {
  server = await startTestServer();
  a = await server.workspace('tenant-a');
  b = await server.workspace('tenant-b');
  await server.call('POST', '/v1/batch', {
    basicKey: a.writeKey,
    body: { batch: [{ type: 'identify', userId: 'shared-id', traits: { email: 'same@example.test', name: 'Alice of A' } }, { type: 'track', userId: 'shared-id', event: 'Order Completed' }] },
  });
  await server.call('POST', '/v1/batch', {
    basicKey: b.writeKey,
    body: { batch: [{ type: 'identify', userId: 'shared-id', traits: { email: 'same@example.test', name: 'Bob of B' } }] },
  });
  await server.settle();
  customerA = (await server.call('GET', '/api/v1/customers?userId=shared-id', { key: a.secretKey })).body.data[0].id;
  touchpointA = (await server.call('GET', '/api/v1/touchpoints', { key: a.secretKey })).body.data[0].id;
});
afterAll(() => server?.close());

describe('tenant isolation', () => {
  it('the same userId and email in two workspaces are two customers', async () => {
    const inA = (await server.call('GET', '/api/v1/customers?email=same@example.test', { key: a.secretKey })).body.data;
    const inB = (await server.call('GET', '/api/v1/customers?email=same@example.test', { key: b.secretKey })).body.data;
    expect(inA.map((c: { name: string }) => c.name)).toEqual(['Alice of A']);
    expect(inB.map((c: { name: string }) => c.name)).toEqual(['Bob of B']);
  });

  it("B's secret key and B's users get 404 for A's records, as for ids that do not exist", async () => {
    const bAdmin = await b.userCookie('admin');
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const credentials of [{ key: b.secretKey }, { cookie: bAdmin }]) {
      for (const path of [`/api/v1/customers/${customerA}`, `/api/v1/customers/${customerA}/journey`]) {
        const res = await server.call('GET', path, credentials);
        const none = await server.call('GET', path.replace(customerA, missing), credentials);
        expect(res.status).toBe(404);
        expect(res.body).toEqual(none.body);
      }
      expect((await server.call('PATCH', `/api/v1/customers/${customerA}`, { ...credentials, body: { name: 'Hacked' } })).status).toBe(404);
      expect((await server.call('PATCH', `/api/v1/touchpoints/${touchpointA}`, { ...credentials, body: { name: 'Hacked' } })).status).toBe(404);
      expect((await server.call('POST', `/api/v1/touchpoints/${touchpointA}/rules`, { ...credentials, body: { eventName: 'X' } })).status).toBe(404);
      expect((await server.call('DELETE', `/api/v1/touchpoints/${touchpointA}`, credentials)).status).toBe(404);
      const bCustomer = (await server.call('GET', '/api/v1/customers?userId=shared-id', credentials)).body.data[0].id;
      expect((await server.call('POST', `/api/v1/customers/${bCustomer}/merge`, { ...credentials, body: { customerId: customerA } })).status).toBe(404);
    }
    const stillA = await server.call('GET', `/api/v1/customers/${customerA}`, { key: a.secretKey });
    expect(stillA.body.name).toBe('Alice of A');
    expect((await server.call('GET', `/api/v1/customers/${customerA}/journey`, { key: a.secretKey })).body.data).toHaveLength(1);
  });

  it("lists, search, unmapped events and keys only show the caller's workspace", async () => {
    const listB = (await server.call('GET', '/api/v1/customers?q=alice', { key: b.secretKey })).body.data;
    expect(listB).toEqual([]);
    await server.call('POST', '/v1/track', { basicKey: a.writeKey, body: { userId: 'shared-id', event: 'Secret Thing Of A' } });
    await server.settle();
    const unmappedB = (await server.call('GET', '/api/v1/touchpoints/unmapped', { key: b.secretKey })).body.data;
    expect(JSON.stringify(unmappedB)).not.toContain('Secret Thing Of A');
    const keysB = (await server.call('GET', '/api/v1/keys', { key: b.secretKey })).body.data as { id: string }[];
    const keysA = (await server.call('GET', '/api/v1/keys', { key: a.secretKey })).body.data as { id: string }[];
    expect(keysB.some((k) => keysA.some((ka) => ka.id === k.id))).toBe(false);
    expect((await server.call('DELETE', `/api/v1/keys/${keysA[0]!.id}`, { key: b.secretKey })).status).toBe(404);
  });

  it("a session cannot switch into a workspace its user does not belong to", async () => {
    const bAgent = await b.userCookie('agent');
    const res = await server.call('POST', '/api/v1/auth/workspace', { cookie: bAgent, body: { workspaceId: a.id } });
    expect(res.status).toBe(404);
    expect((await server.call('GET', '/api/v1/me', { cookie: bAgent })).body.workspace.slug).toBe('tenant-b');
  });

  it("a write key sends only into its own workspace and cannot read anything", async () => {
    for (const path of ['/api/v1/customers', `/api/v1/customers/${customerA}`, '/api/v1/touchpoints', '/api/v1/keys', '/api/v1/users']) {
      expect((await server.call('GET', path, { key: a.writeKey })).status).toBe(403);
    }
  });
});
