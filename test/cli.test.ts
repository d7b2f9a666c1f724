import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/platform/db/client.ts';
import { queryRows } from '../src/platform/db/query.ts';
import { sha256, verifyPassword } from '../src/platform/auth/secrets.ts';
import { startServer, touchpointBin } from './child-server.ts';
import { engine, eventually, freshPostgresDatabase } from './harness.ts';

// The CLI as a user runs it: a real child process on a real database.

const run = promisify(execFile);

/** A place the CLI works on: a data directory, or a throw-away PostgreSQL database. */
interface Installation {
  dir: string;
  env: NodeJS.ProcessEnv;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function freshInstallation(): Promise<Installation> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-cli-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = { ...process.env, TOUCHPOINT_DATA_DIR: path.join(dir, 'data'), TOUCHPOINT_LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.TOUCHPOINT_ADMIN_EMAIL;
  delete env.TOUCHPOINT_ADMIN_PASSWORD;
  if (engine === 'postgres') {
    const pgdb = await freshPostgresDatabase();
    env.DATABASE_URL = pgdb.url;
    cleanups.push(pgdb.drop);
  }
  return { dir, env };
}

async function touchpointAt(at: Installation, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [touchpointBin, ...args], { env: at.env, cwd: at.dir });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function withDbAt<T>(at: Installation, fn: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: at.env.DATABASE_URL, dataDir: at.env.TOUCHPOINT_DATA_DIR! });
  try {
    return await fn(database.db);
  } finally {
    await database.close();
  }
}

// Most tests share one installation, as a user's commands do.
let shared: Installation;
let dir: string;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  shared = await freshInstallation();
  ({ dir, env } = shared);
});
const touchpoint = (...args: string[]) => touchpointAt(shared, ...args);
const withDb = <T>(fn: Parameters<typeof withDbAt<T>>[1]) => withDbAt(shared, fn);

describe('touchpoint CLI', () => {
  it('--help lists every command', async () => {
    const { code, stdout } = await touchpoint('--help');
    expect(code).toBe(0);
    for (const command of ['start', 'workspaces', 'users', 'keys', 'import', 'demo']) expect(stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  });

  it('keys create --json prints {"key"} and stores only its hash, creating the default workspace', async () => {
    const { code, stdout } = await touchpoint('keys', 'create', '--type', 'write', '--json');
    expect(code).toBe(0);
    const { key } = JSON.parse(stdout);
    expect(key).toMatch(/^tp_write_[\w-]{20,}$/);
    const rows = await withDb((db) => queryRows<{ key_hash: string; type: string; slug: string }>(db, sql`select k.key_hash, k.type, w.slug from api_keys k join workspaces w on w.id = k.workspace_id`));
    expect(rows).toEqual([{ key_hash: sha256(key), type: 'write', slug: 'default' }]);
  });

  it('refuses a bad --type and an unknown workspace with a clear message', async () => {
    const bad = await touchpoint('keys', 'create', '--type', 'admin', '--json');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/Allowed choices are write, secret/);
    const unknown = await touchpoint('keys', 'create', '--type', 'secret', '--workspace', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No workspace "nope"/);
  });

  it('workspaces create: a new tenant with its admin, its keys and its daily jobs; a taken or malformed slug is refused', async () => {
    const created = await touchpoint('workspaces', 'create', 'acme', '--name', 'Acme Ltd', '--admin', 'Ops@Acme.test', '--json');
    expect(created.code, created.stderr).toBe(0);
    const ws = JSON.parse(created.stdout);
    expect(ws).toMatchObject({ slug: 'acme', name: 'Acme Ltd', admin: { email: 'ops@acme.test', generatedPassword: expect.stringMatching(/^[\w-]{16}$/) } });
    const key = await touchpoint('keys', 'create', '--type', 'secret', '--workspace', 'acme', '--json');
    expect(key.code, key.stderr).toBe(0);
    const stored = await withDb(async (db) => ({
      keys: await queryRows<{ slug: string }>(db, sql`select w.slug from api_keys k join workspaces w on w.id = k.workspace_id where k.key_hash = ${sha256(JSON.parse(key.stdout).key)}`),
      admins: await queryRows<{ email: string; role: string }>(db, sql`select u.email, m.role from memberships m join users u on u.id = m.user_id where m.workspace_id = ${ws.id}`),
      touchpoints: await queryRows<{ n: number }>(db, sql`select count(*)::int as n from touchpoints where workspace_id = ${ws.id}`),
      jobs: await queryRows<{ kind: string }>(db, sql`select kind from jobs where workspace_id = ${ws.id} and done_at is null order by kind`),
    }));
    expect(stored.keys).toEqual([{ slug: 'acme' }]);
    expect(stored.admins).toEqual([{ email: 'ops@acme.test', role: 'admin' }]);
    expect(stored.touchpoints[0]!.n).toBeGreaterThan(0);
    // A running server picks these up without a restart: they are rows in the durable queue.
    expect(stored.jobs.map((j) => j.kind)).toEqual(expect.arrayContaining(['insights.themes', 'outreach.evaluate', 'predict.refresh', 'recommend.refresh', 'service.facts', 'survey.periodic']));

    const countWorkspaces = () => withDb((db) => queryRows<{ n: number }>(db, sql`select count(*)::int as n from workspaces`));
    const before = await countWorkspaces();
    const again = await touchpoint('workspaces', 'create', 'acme');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    const bad = await touchpoint('workspaces', 'create', 'Not A Slug');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/not a slug/);
    expect(await countWorkspaces()).toEqual(before);
  });

  it.runIf(engine === 'pglite')('refuses to open the embedded database while another process holds it', async () => {
    const holder = await openDatabase({ dataDir: env.TOUCHPOINT_DATA_DIR! });
    try {
      const { code, stderr } = await touchpoint('keys', 'create', '--type', 'secret', '--json');
      expect(code).toBe(1);
      expect(stderr).toMatch(new RegExp(`in use by another Touchpoint process \\(pid ${process.pid} on ${os.hostname()}\\)`));
    } finally {
      await holder.close();
    }
  });

  it('imports customers and events with a summary, rejects bad rows by line, and re-runs idempotently', async () => {
    const customers = path.join(dir, 'customers.csv');
    fs.writeFileSync(
      customers,
      'user_id,email,name,city,vip\n' +
        'u-1,ana@example.test,"Ana ""Latte"" Ruiz",Porto,true\n' +
        ',,Nobody,,\n' +
        'u-2,ben@example.test,"Ben, the regular",Lyon,false\n',
    );
    const first = await touchpoint('import', 'customers', customers, '--json');
    expect(first.code).toBe(2);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ read: 3, stored: 2, skipped: 0, rejected: 1 });
    expect(summary.errors).toEqual([{ line: 3, reason: expect.stringMatching(/user_id, an email/) }]);

    const events = path.join(dir, 'events.csv');
    fs.writeFileSync(
      events,
      'timestamp,event,user_id,type,path,revenue\n' +
        '2026-05-01T10:00:00Z,,u-1,page,/products/latte,\n' +
        '2026-05-01T10:05:00Z,Order Completed,u-1,,,12.5\n' +
        'not a date,Order Completed,u-2,,,3\n' +
        '2026-05-02T09:00:00Z,Order Delivered,u-2,,,\n',
    );
    const imported = JSON.parse((await touchpoint('import', 'events', events, '--json')).stdout);
    expect(imported).toMatchObject({ read: 4, stored: 3, rejected: 1 });
    expect(imported.errors[0]).toMatchObject({ line: 4, reason: expect.stringMatching(/timestamp/) });

    const again = JSON.parse((await touchpoint('import', 'events', events, '--json')).stdout);
    expect(again).toMatchObject({ read: 4, stored: 0, skipped: 3, rejected: 1 });
    const human = await touchpoint('import', 'customers', customers);
    expect(human.stdout).toMatch(/3 rows read, 0 stored, 2 already imported, 1 rejected/);
    expect(human.stdout).toMatch(/line 3: /);

    const journey = await withDb((db) =>
      queryRows<{ name: string; revenue: number | null; customer: string; vip: boolean }>(
        db,
        sql`select coalesce(e.name, e.page_path) as name, (e.properties->>'revenue')::float as revenue, c.name as customer, (c.traits->>'vip')::boolean as vip
            from journey_events e join customers c on c.id = e.customer_id
            where e.kind in ('track', 'page') order by e.at`,
      ),
    );
    expect(journey).toEqual([
      { name: '/products/latte', revenue: null, customer: 'Ana "Latte" Ruiz', vip: true },
      { name: 'Order Completed', revenue: 12.5, customer: 'Ana "Latte" Ruiz', vip: true },
      { name: 'Order Delivered', revenue: null, customer: 'Ben, the regular', vip: false },
    ]);
  });

  it('import refuses a missing file clearly', async () => {
    const { code, stderr } = await touchpoint('import', 'events', path.join(dir, 'nope.csv'));
    expect(code).toBe(1);
    expect(stderr).toMatch(/File not found/);
  });

  it('demo fills a workspace once; a second run adds nothing', async () => {
    const first = JSON.parse((await touchpoint('demo', '--customers', '12', '--json')).stdout);
    expect(first.workspace).toBe('demo');
    expect(first.stored).toBeGreaterThan(100);
    expect(first.customers).toBeGreaterThanOrEqual(12);
    const second = JSON.parse((await touchpoint('demo', '--customers', '12', '--json')).stdout);
    expect(second.stored).toBe(0);
    expect(second.customers).toBe(first.customers);
    // Survey answers after deliveries, seeded once.
    expect(first.surveyResponses).toBeGreaterThan(0);
    expect(second.surveyResponses).toBe(0);
    const mapped = await withDb((db) =>
      queryRows<{ mapped: number; total: number }>(db, sql`select count(touchpoint_id)::int as mapped, count(*)::int as total from journey_events where kind in ('track','page')`),
    );
    // The demo speaks the default catalog's language: every event maps to a touchpoint.
    expect(mapped[0]!.mapped).toBeGreaterThan(0.9 * mapped[0]!.total);
  });
});

describe('people from the CLI', () => {
  it('a workspace made with its admin before the first start still leaves the default workspace an admin, who can log in', { timeout: 600_000 }, async () => {
    const fresh = await freshInstallation();
    const created = await touchpointAt(fresh, 'workspaces', 'create', 'acme', '--admin', 'ops@acme.test', '--json');
    expect(created.code, created.stderr).toBe(0);
    const server = await startServer({ ...fresh.env, PORT: '0', HOST: '127.0.0.1', TOUCHPOINT_SMTP_PORT: '0' });
    try {
      await eventually(() => expect(server.output()).toMatch(/One-time password \(shown once, never again\): \S+/));
      expect(server.output()).toMatch(/The default workspace's admin: log in as admin@touchpoint\.local/);
      const password = /One-time password \(shown once, never again\): (\S+)/.exec(server.output())![1]!;
      const login = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@touchpoint.local', password, workspace: 'default' }),
      });
      expect(login.status).toBe(200);
      expect(((await login.json()) as { workspace: { slug: string } }).workspace.slug).toBe('default');
    } finally {
      await server.stop();
    }
    const admins = await withDbAt(fresh, (db) =>
      queryRows<{ slug: string; email: string }>(db, sql`select w.slug, u.email from memberships m join users u on u.id = m.user_id join workspaces w on w.id = m.workspace_id where m.role = 'admin' order by w.slug`),
    );
    expect(admins).toEqual([
      { slug: 'acme', email: 'ops@acme.test' },
      { slug: 'default', email: 'admin@touchpoint.local' },
    ]);
  });

  it('users add: a new person gets a one-time password, an existing one a role and no new password; bad input changes nothing', { timeout: 600_000 }, async () => {
    const fresh = await freshInstallation();
    const added = await touchpointAt(fresh, 'users', 'add', 'Lead@Example.test', '--role', 'admin', '--json');
    expect(added.code, added.stderr).toBe(0);
    const lead = JSON.parse(added.stdout);
    expect(lead).toEqual({ email: 'lead@example.test', workspace: 'default', role: 'admin', generatedPassword: expect.stringMatching(/^[\w-]{16}$/) });
    expect((await touchpointAt(fresh, 'workspaces', 'create', 'acme')).code).toBe(0);
    const again = await touchpointAt(fresh, 'users', 'add', 'lead@example.test', '--role', 'analyst', '--workspace', 'acme');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/lead@example\.test is analyst of "acme" \(their password is unchanged\)/);

    const people = () =>
      withDbAt(fresh, (db) =>
        queryRows<{ email: string; hash: string; slug: string; role: string }>(
          db,
          sql`select u.email, u.password_hash as hash, w.slug, m.role from users u join memberships m on m.user_id = u.id join workspaces w on w.id = m.workspace_id order by w.slug`,
        ),
      );
    const stored = await people();
    expect(stored.map(({ hash: _, ...rest }) => rest)).toEqual([
      { email: 'lead@example.test', slug: 'acme', role: 'analyst' },
      { email: 'lead@example.test', slug: 'default', role: 'admin' },
    ]);
    expect(await verifyPassword(lead.generatedPassword, stored[0]!.hash)).toBe(true);

    const badEmail = await touchpointAt(fresh, 'users', 'add', 'not-an-email', '--role', 'admin');
    expect(badEmail.code).toBe(1);
    expect(badEmail.stderr).toMatch(/<email>: "not-an-email" is not an email address/);
    const badRole = await touchpointAt(fresh, 'users', 'add', 'x@example.test', '--role', 'owner');
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toMatch(/Allowed choices are admin, agent, analyst/);
    const noWorkspace = await touchpointAt(fresh, 'users', 'add', 'x@example.test', '--role', 'agent', '--workspace', 'nope');
    expect(noWorkspace.code).toBe(1);
    expect(noWorkspace.stderr).toMatch(/No workspace "nope"/);
    expect(await people()).toEqual(stored);
  });
});
