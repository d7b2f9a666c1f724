import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seal } from '../src/platform/auth/sealed.ts';
import { tokenSigner } from '../src/platform/auth/signed-tokens.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { queryRows } from '../src/platform/db/query.ts';
import { ANSWER_TOKEN } from '../src/feedback/invitations.ts';
import { insertEndpoint } from '../src/webhooks/store.ts';
import { ensureWorkspaceWithCatalog } from '../src/workspaces/bootstrap.ts';
import { createApiKey } from '../src/workspaces/store.ts';
import { startServer } from './child-server.ts';
import { engine, eventually, freshPostgresDatabase, startTestServer, type TestServer } from './harness.ts';

// The installation's secrets (survey-link signing, webhook-secret sealing) are sealed
// with a key that is not in the database. An installation made before that key keeps
// working after the upgrade: its webhooks are signed with the same secrets, its survey
// links still open, and its secrets are sealed at the first start.

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

let receiver: http.Server;
let receiverUrl: string;
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks`;
  cleanups.push(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
});

/** Where an installation keeps its data: a data directory on disk, or a PostgreSQL database. */
async function freshInstallation(): Promise<{ env: Record<string, string>; dataDir?: string }> {
  if (engine === 'postgres') {
    const pgdb = await freshPostgresDatabase();
    cleanups.push(pgdb.drop);
    return { env: { DATABASE_URL: pgdb.url } };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-key-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const dataDir = path.join(dir, 'data');
  return { env: { TOUCHPOINT_DATA_DIR: dataDir }, dataDir };
}

const secretRows = async (env: Record<string, string>) => {
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.TOUCHPOINT_DATA_DIR ?? '' });
  try {
    return await queryRows<{ name: string; value: string }>(database.db, sql`select name, value from instance_secrets order by name`);
  } finally {
    await database.close();
  }
};

const answerLink = (server: TestServer, key: Buffer) => `/f/${tokenSigner(key).sign(ANSWER_TOKEN, { s: crypto.randomUUID() }, new Date(Date.now() + 86_400_000))}/9`;

describe(`the installation key (${engine})`, () => {
  it('an installation from before it keeps its webhook secrets and survey links, and its secrets are sealed at the first start', { timeout: 600_000 }, async () => {
    const { env: place, dataDir } = await freshInstallation();
    // The database as the versions before this one left it: both keys in the clear, a webhook secret sealed with one.
    const linkKey = crypto.randomBytes(32);
    const sealingKey = crypto.randomBytes(32);
    const webhookSecret = `whsec_${crypto.randomBytes(24).toString('base64')}`;
    const old = await openDatabase({ databaseUrl: place.DATABASE_URL, dataDir: place.TOUCHPOINT_DATA_DIR ?? '' });
    await old.db.execute(sql`insert into instance_secrets (name, value) values ('link-signing', ${linkKey.toString('base64url')}), ('secret-sealing', ${sealingKey.toString('base64url')})`);
    const workspace = await ensureWorkspaceWithCatalog(old.db, 'legacy', 'Legacy');
    const { key: apiKey } = await createApiKey(old.db, workspace.id, 'secret', 'test');
    await insertEndpoint(old.db, { workspaceId: workspace.id, url: receiverUrl, events: ['response.completed'], secretSealed: seal(sealingKey, webhookSecret) });
    await old.close();

    // PostgreSQL has no directory of its own for a key file: the key comes from the environment.
    // The receiver listens on loopback, which webhooks may reach only when allowed.
    const env = { ...place, TOUCHPOINT_WEBHOOK_ALLOW: '127.0.0.1', ...(engine === 'postgres' ? { TOUCHPOINT_SECRET_KEY: crypto.randomBytes(32).toString('base64') } : {}) };
    let server = await startTestServer(env);
    const survey = await server.call('POST', '/api/v1/surveys', { key: apiKey, body: { name: 'NPS', questions: [{ id: 'nps', type: 'nps', text: 'Recommend us?' }] } });
    const response = await server.call('POST', `/api/v1/surveys/${survey.body.id}/responses`, { key: apiKey, body: { customer: { email: 'kim@example.com' }, answers: { nps: 9 } } });
    expect(response.status).toBe(201);
    await eventually(() => expect(received).toHaveLength(1), 20_000);
    const event = new Webhook(webhookSecret).verify(received[0]!.body, received[0]!.headers as Record<string, string>);
    expect(event).toMatchObject({ type: 'response.completed', data: { id: response.body.id } });
    // A link signed before the upgrade still opens (its send is unknown here: 404, not the 400 of a forged link).
    expect((await server.call('GET', answerLink(server, linkKey))).status).toBe(404);
    expect((await server.call('GET', answerLink(server, crypto.randomBytes(32)))).status).toBe(400);
    await server.close();

    const sealed = await secretRows(env);
    expect(sealed.map((r) => r.name)).toEqual(['link-signing', 'secret-sealing']);
    for (const { value } of sealed) expect(value).toMatch(/^sealed:[\w-]{40,}$/);
    expect(sealed.map((r) => r.value).join()).not.toContain(linkKey.toString('base64url'));
    expect(sealed.map((r) => r.value).join()).not.toContain(sealingKey.toString('base64url'));
    if (dataDir) expect(fs.statSync(path.join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);

    // Sealed, they open again at the next start, to the same keys.
    server = await startTestServer(env);
    expect((await server.call('GET', answerLink(server, linkKey))).status).toBe(404);
    await server.close();
    if (dataDir) {
      // The key file's text serves as TOUCHPOINT_SECRET_KEY (to move the installation to PostgreSQL, say).
      server = await startTestServer({ ...env, TOUCHPOINT_SECRET_KEY: fs.readFileSync(path.join(dataDir, 'secret.key'), 'utf8').trim() });
      expect((await server.call('GET', answerLink(server, linkKey))).status).toBe(404);
      await server.close();
    }

    // Another key opens nothing: the server refuses to start and changes nothing.
    await expect(startTestServer({ ...env, TOUCHPOINT_SECRET_KEY: crypto.randomBytes(32).toString('base64') })).rejects.toThrow(
      /TOUCHPOINT_SECRET_KEY does not open the secrets in this database: they were sealed with another key/,
    );
    expect(await secretRows(env)).toEqual(sealed);
  });

  it.runIf(engine === 'postgres')('on PostgreSQL without TOUCHPOINT_SECRET_KEY, the server starts and says at start what that leaves open', { timeout: 600_000 }, async () => {
    const { env: place } = await freshInstallation();
    const env: NodeJS.ProcessEnv = { ...process.env, ...place, PORT: '0', HOST: '127.0.0.1', TOUCHPOINT_SMTP_PORT: '0', TOUCHPOINT_LOG_LEVEL: 'warn', TOUCHPOINT_ADMIN_PASSWORD: 'an installation key test password' };
    delete env.TOUCHPOINT_SECRET_KEY;
    const server = await startServer(env);
    await server.stop();
    expect(server.output()).toMatch(/TOUCHPOINT_SECRET_KEY is not set: the keys that sign survey links and seal webhook secrets are kept in the database in the clear/);
    expect((await secretRows(place)).every((r) => !r.value.startsWith('sealed:'))).toBe(true);
  });
});
