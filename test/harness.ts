import crypto from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/platform/db/query.ts';
import { openDatabase, type Database } from '../src/platform/db/client.ts';
import { loadConfig, type Config } from '../src/platform/config.ts';
import { createTouchpoint, type Touchpoint } from '../src/server.ts';
import { ensureWorkspaceWithCatalog } from '../src/workspaces/bootstrap.ts';
import { addMember, createApiKey, createUser, findWorkspaceBySlug } from '../src/workspaces/store.ts';
import type { Role } from '../src/platform/auth/policies.ts';

// Tests run against the real server over real HTTP, on PGlite in memory, or on a
// fresh database of the PostgreSQL server named by DATABASE_URL (CI runs both). They
// need PostgreSQL only when DATABASE_URL is set, and then fail if it cannot be reached.

export const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';

/** A throw-away database on the PostgreSQL server of DATABASE_URL; dropped by the returned function. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = new URL(process.env.DATABASE_URL!);
  const name = `tp_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect().catch((err: Error) => {
    base.password = base.password && '***';
    throw new Error(
      `Cannot reach the PostgreSQL server of DATABASE_URL (${base}): ${err.message}. ` +
        'Unset DATABASE_URL to run the tests on the embedded PGlite, or start PostgreSQL (apt-get install postgresql; .ci/run shows how CI starts one on 127.0.0.1).',
    );
  });
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base.toString() });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** A database of the engine under test (PGlite in memory, or a throw-away PostgreSQL database), migrated; close() also drops it. */
export async function openTestDatabase(): Promise<Database> {
  if (engine !== 'postgres') return openDatabase({ dataDir: 'memory://' });
  const fresh = await freshPostgresDatabase();
  const database = await openDatabase({ databaseUrl: fresh.url, dataDir: '' });
  return {
    ...database,
    close: async () => {
      await database.close();
      await fresh.drop();
    },
  };
}

// Response bodies are loosely typed on purpose: the tests assert their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface Caller {
  cookie?: string;
  key?: string;
  basicKey?: string;
}

export interface TestServer {
  url: string;
  /** The inbound SMTP listener's port on 127.0.0.1. */
  smtpPort: number;
  tp: Touchpoint;
  config: Config;
  admin: { email: string; password: string };
  /** Calls the API over HTTP; JSON in, JSON out. */
  call<T = any>(method: string, path: string, options?: Caller & { body?: unknown; rawBody?: string | Buffer; contentType?: string }): Promise<ApiResponse<T>>;
  login(email?: string, password?: string): Promise<string>;
  /** A workspace with a secret key, a write key and optionally people of each role. */
  workspace(slug: string): Promise<{ id: string; secretKey: string; writeKey: string; userCookie(role: Role): Promise<string> }>;
  /** Waits until every received event is processed into journeys. */
  settle(): Promise<void>;
  /**
   * Runs due jobs here until none is left unfinished; the server's own worker may hold
   * some (runDue skips locked jobs), so it also waits for those. Throws after 30 s.
   */
  drainJobs(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const pgdb = engine === 'postgres' ? await freshPostgresDatabase() : undefined;
  const admin = { email: 'admin@example.test', password: 'correct horse battery' };
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    TOUCHPOINT_DATA_DIR: 'memory://',
    TOUCHPOINT_ADMIN_EMAIL: admin.email,
    TOUCHPOINT_ADMIN_PASSWORD: admin.password,
    TOUCHPOINT_LOG_LEVEL: 'silent',
    ...(pgdb ? { DATABASE_URL: pgdb.url } : {}),
    ...env,
  });
  const tp = await createTouchpoint(config, { logger: true });
  const address = await tp.listen({ port: 0, host: '127.0.0.1', smtpPort: 0 });

  const call: TestServer['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = {};
    if (options.cookie) headers.cookie = options.cookie;
    if (options.key) headers.authorization = `Bearer ${options.key}`;
    if (options.basicKey) headers.authorization = `Basic ${Buffer.from(`${options.basicKey}:`).toString('base64')}`;
    let body: string | Buffer | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    const payload = typeof body === 'string' || body === undefined ? body : new Uint8Array(body);
    const res = await fetch(`${address}${path}`, { method, headers, body: payload });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as any, headers: res.headers };
  };

  const login = async (email = admin.email, password = admin.password) => {
    const res = await fetch(`${address}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    return res.headers.get('set-cookie')!.split(';')[0]!;
  };

  const workspace: TestServer['workspace'] = async (slug) => {
    const db = tp.database.db;
    const ws = (await findWorkspaceBySlug(db, slug)) ?? (await ensureWorkspaceWithCatalog(db, slug, slug));
    const secretKey = (await createApiKey(db, ws.id, 'secret', 'test')).key;
    const writeKey = (await createApiKey(db, ws.id, 'write', 'test')).key;
    return {
      id: ws.id,
      secretKey,
      writeKey,
      async userCookie(role) {
        const email = `${role}-${crypto.randomBytes(4).toString('hex')}@${slug}.test`;
        const user = await createUser(db, { email, name: `${role} of ${slug}`, password: 'a long password' });
        await addMember(db, ws.id, user.id, role);
        return login(email, 'a long password');
      },
    };
  };

  return {
    url: address,
    smtpPort: tp.smtp!.port,
    tp,
    config,
    admin,
    call,
    login,
    workspace,
    settle: () => tp.processor.drain(),
    async drainJobs() {
      const due = () => queryRows<{ kind: string }>(tp.database.db, sql`select kind from jobs where done_at is null and failed_at is null and run_at <= now()`);
      for (const until = Date.now() + 30_000; ; await new Promise((r) => setTimeout(r, 50))) {
        while ((await tp.jobs.runDue()) > 0);
        const left = await due();
        if (left.length === 0) return;
        if (Date.now() > until) throw new Error(`jobs still due after 30 s: ${left.map((j) => j.kind).join(', ')}`);
      }
    },
    async close() {
      await tp.close();
      await pgdb?.drop();
    },
  };
}

/** Waits until `check` passes (background jobs run on their own clock), or throws its last error. */
export async function eventually(check: () => Promise<void> | void, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
