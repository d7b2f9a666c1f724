import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/harness.ts';
import { customerRoutes } from '../../customers/routes.ts';
import { appendEvents } from '../../journeys/store.ts';
import { ensureWorkspaceWithCatalog } from '../../workspaces/bootstrap.ts';
import { actorResolver } from '../../workspaces/credentials.ts';
import { createApiKey } from '../../workspaces/store.ts';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/client.ts';
import { createJobQueue } from '../jobs/queue.ts';
import { createHub } from '../realtime/hub.ts';
import { actorOf } from './access.ts';
import { buildApp, type DomainRoutes } from './app.ts';

// What the server logs when a request fails, read from the log stream itself (a real
// app on a real database, over HTTP): the error and the ids to find what happened,
// never the customer's data the request or the failed query carried.

const secrets = ['jane.secret@example.test', 'Platinum Secret Plan', 'Jane Secretname'];
let database: Database;
let app: FastifyInstance;
let url: string;
let workspaceId: string;
let secretKey: string;
const lines: string[] = [];

/** A handler with a bug, as real ones have: it stores the visitor's event under a workspace id that does not exist. */
const buggyRoute: DomainRoutes = async (api, { ctx }) => {
  api.post('/test/remember', { onRequest: ctx.guard('customers:write'), schema: { hide: true } }, async (req) => {
    actorOf(req);
    const { userId, traits } = req.body as { userId: string; traits: Record<string, unknown> };
    const now = new Date();
    await appendEvents(ctx.db, [
      { workspaceId: crypto.randomUUID(), kind: 'identify', name: null, pagePath: null, messageId: 'bug-1', userId, anonymousId: null, previousId: null, at: now, receivedAt: now, properties: {}, traits, context: null, source: 'api' },
    ]);
    return { ok: true };
  });
};

beforeAll(async () => {
  database = await openTestDatabase();
  const { db } = database;
  workspaceId = (await ensureWorkspaceWithCatalog(db, 'logs', 'Logs')).id;
  secretKey = (await createApiKey(db, workspaceId, 'secret', 'test')).key;
  const config = loadConfig({ TOUCHPOINT_DATA_DIR: 'memory://', TOUCHPOINT_LOG_LEVEL: 'info' });
  app = await buildApp({
    ctx: { db, config, jobs: createJobQueue(db), hub: createHub(), resolveActor: actorResolver(db) },
    api: [customerRoutes, buggyRoute],
    root: [],
    logStream: { write: (line) => void lines.push(line) },
  });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const call = (method: string, path: string, body?: unknown) =>
  fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${secretKey}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });

describe('the log of a failed request', () => {
  it('has the error, the route, the request id and the workspace id, and none of the emails or traits', async () => {
    const res = await call('POST', '/api/v1/test/remember', { userId: 'u-1', traits: { email: secrets[0], plan: secrets[1], name: secrets[2] } });
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('secret');
    const line = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'unhandled error');
    expect(line).toMatchObject({
      level: 50,
      reqId: expect.any(String),
      route: 'POST /api/v1/test/remember',
      workspaceId,
      err: {
        type: 'DrizzleQueryError',
        message: expect.stringMatching(/^Failed query: with inserted as \(\s+insert into journey_events/),
        stack: expect.stringMatching(/^\s+at /),
        cause: { code: '23503', constraint: 'journey_events_workspace_id_workspaces_id_fk' },
      },
    });
    // The same request id on its other lines ties the failure to its method and path.
    expect(lines.map((l) => JSON.parse(l)).filter((l) => l.reqId === line.reqId).map((l) => l.msg)).toEqual(['incoming request', 'unhandled error', 'request completed']);
    for (const secret of secrets) expect(lines.join('\n')).not.toContain(secret);
  });

  it('logs the query names of a request, never their values', async () => {
    lines.length = 0;
    expect((await call('GET', `/api/v1/customers?email=${encodeURIComponent(secrets[0]!)}&limit=5`)).status).toBe(200);
    const incoming = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'incoming request');
    expect(incoming.req).toMatchObject({ method: 'GET', url: '/api/v1/customers?email=…&limit=…' });
    expect(lines.join('\n')).not.toContain('jane.secret');
  });
});
