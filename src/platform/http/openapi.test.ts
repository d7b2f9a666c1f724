import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/harness.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe('the HTTP surface', () => {
  it('publishes an OpenAPI 3 document covering the management and ingestion APIs', async () => {
    const res = await server.call('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    const paths = Object.keys(res.body.paths);
    for (const p of ['/api/v1/customers', '/api/v1/customers/{id}', '/api/v1/customers/{id}/journey', '/api/v1/touchpoints', '/api/v1/keys', '/v1/batch', '/v1/identify']) {
      expect(paths).toContain(p);
    }
    const journey = res.body.paths['/api/v1/customers/{id}/journey'].get;
    expect(journey.responses['200']).toBeDefined();
    expect(JSON.stringify(journey.parameters)).toContain('cursor');
  });

  it('answers unknown API routes with the JSON error shape', async () => {
    const res = await server.call('GET', '/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: expect.stringContaining('/api/v1/nothing-here') } });
  });

  it('never answers 500 for malformed JSON on the management API', async () => {
    const cookie = await server.login();
    const res = await server.call('POST', '/api/v1/keys', { cookie, rawBody: '{"type":' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
  });
});

describe('the web app', () => {
  it.runIf(fs.existsSync(path.resolve(import.meta.dirname, '../../../web/dist/index.html')))('serves the app at / and at client-side routes', async () => {
    for (const url of ['/', '/inbox', '/customers/abc']) {
      const res = await fetch(`${server.url}${url}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
    }
  });
});
