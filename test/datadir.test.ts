import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/platform/db/client.ts';
import { lockDataDir } from '../src/platform/db/lock.ts';
import { queryRows } from '../src/platform/db/query.ts';
import { root, serverEnv, startServer, touchpointBin, type ChildServer } from './child-server.ts';
import { engine } from './harness.ts';

// The embedded database's directory under faults: a second server on it (another
// container on the same volume: another PID namespace), processes racing for a lock
// whose holder was killed, and who else on the machine can read it.

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

function freshDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-datadir-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'data');
}

/** Always the embedded database, and its own key file: what these tests are about. */
function pgliteEnv(dataDir: string): NodeJS.ProcessEnv {
  const env = serverEnv(dataDir, { extra: { TOUCHPOINT_ADMIN_PASSWORD: 'a data directory test password' } });
  delete env.TOUCHPOINT_SECRET_KEY;
  return env;
}

const secretKey = (env: NodeJS.ProcessEnv): string => JSON.parse(execFileSync(process.execPath, [touchpointBin, 'keys', 'create', '--type', 'secret', '--json'], { env }).toString()).key;

async function openTicket(server: ChildServer, key: string, n: number): Promise<string | undefined> {
  const res = await fetch(`${server.url}/api/v1/tickets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ customer: { email: `c${n}@example.test` }, subject: `Ticket ${n}`, message: { body: 'Where is my order?' } }),
  });
  return res.status === 201 ? ((await res.json()) as { id: string }).id : undefined;
}

// Root can make a PID namespace as it is; anyone else needs a user namespace of their own too.
const unshare = ['unshare', '--pid', '--fork', '--kill-child', '--mount-proc', ...(process.getuid?.() === 0 ? [] : ['--user', '--map-root-user'])];

function unshareProblem(): string | undefined {
  const probe = spawnSync(unshare[0]!, [...unshare.slice(1), 'true'], { encoding: 'utf8' });
  if (probe.error) return probe.error.message;
  if (probe.status !== 0) return `\`${unshare.join(' ')} true\` exited with ${probe.status}: ${probe.stderr.trim()}`;
  return undefined;
}

/** Every entry under dir (dir too) that is not owner-only: 0700 for a directory, 0600 for a file. */
function looseEntries(dir: string): string[] {
  const loose: string[] = [];
  const visit = (p: string) => {
    const st = fs.lstatSync(p);
    const mode = st.mode & 0o777;
    if (mode !== (st.isDirectory() ? 0o700 : 0o600)) loose.push(`${mode.toString(8)} ${path.relative(dir, p) || '.'}`);
    if (st.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
  };
  visit(dir);
  return loose;
}

function countEntries(dir: string): number {
  return fs.readdirSync(dir, { recursive: true }).length + 1;
}

interface Racer {
  child: ChildProcess;
  /** The next line it prints. */
  next(): Promise<string>;
  kill(): Promise<void>;
}

async function racer(dir: string): Promise<Racer> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const child = spawn(process.execPath, [path.join(root, 'bin/run-ts.js'), path.join(root, 'test/lock-racer.ts'), dir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    const waiter = waiting.shift();
    if (waiter) waiter(line);
    else lines.push(line);
  });
  const next = () => (lines.length ? Promise.resolve(lines.shift()!) : new Promise<string>((resolve) => waiting.push(resolve)));
  const kill = async () => {
    child.kill('SIGKILL');
    await exited;
  };
  cleanups.push(kill);
  expect(await next()).toBe('ready');
  return { child, next, kill };
}

describe.runIf(engine === 'pglite')('the embedded database directory', () => {
  it('a second server in another PID namespace is refused while the first runs: all 100 acknowledged tickets survive a restart', { timeout: 600_000 }, async (ctx) => {
    const problem = unshareProblem();
    if (problem) {
      // CI runs as root, where this works: there it must not pass unseen.
      if (process.env.CI) throw new Error(`cannot start a server in another PID namespace: ${problem}`);
      ctx.skip(`SKIPPED, cannot start a server in another PID namespace here: ${problem}`);
    }
    const dataDir = freshDir();
    const env = pgliteEnv(dataDir);
    const key = secretKey(env);
    const first = await startServer(env);
    cleanups.push(() => first.stop('SIGKILL'));
    // A second container on the same volume: the first server's pid means nothing there.
    const second = await startServer(env, unshare).catch((err: Error) => err);
    if (!(second instanceof Error)) cleanups.push(() => second.stop('SIGKILL'));
    const servers = second instanceof Error ? [first] : [first, second];

    const acknowledged: string[] = [];
    for (let n = 0; n < 100; n++) {
      const id = await openTicket(servers[n % servers.length]!, key, n);
      if (id) acknowledged.push(id);
    }
    for (const server of servers) await server.stop();
    const again = await startServer(env);
    await again.stop();
    const database = await openDatabase({ dataDir });
    const stored = new Set((await queryRows<{ id: string }>(database.db, sql`select id from tickets`)).map((r) => r.id));
    await database.close();

    expect(acknowledged).toHaveLength(100);
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    expect(second).toBeInstanceOf(Error);
    expect(String(second)).toMatch(/exited with 1:[\s\S]*The data directory \S+ is in use by another Touchpoint process \(pid \d+ on /);
  });

  it('processes racing for a lock whose holder was killed with -9: exactly one wins, in each of 20 trials', { timeout: 600_000 }, async () => {
    const dir = freshDir();
    const holder = await racer(dir);
    holder.child.stdin!.write('go\n');
    expect(await holder.next()).toBe('locked');
    await holder.kill();

    // Started ahead (a start takes a while on a busy machine): 6 race, the rest replace the winners.
    const racers = await Promise.all(Array.from({ length: 26 }, () => racer(dir)));
    const spares = racers.splice(6);
    const winnersPerTrial: number[] = [];
    const otherAnswers = new Set<string>();
    for (let trial = 0; trial < 20; trial++) {
      for (const r of racers) r.child.stdin!.write('go\n');
      const answers = await Promise.all(racers.map((r) => r.next()));
      const winners = racers.filter((_, i) => answers[i] === 'locked');
      winnersPerTrial.push(winners.length);
      for (const answer of answers) if (answer !== 'locked' && !/^refused The data directory .* is in use by another Touchpoint process/.test(answer)) otherAnswers.add(answer);
      // The winner dies holding the lock: the next trial races for a stale one.
      for (const winner of winners) {
        await winner.kill();
        racers.splice(racers.indexOf(winner), 1, spares.shift() ?? (await racer(dir)));
      }
    }
    expect(winnersPerTrial).toEqual(Array(20).fill(1));
    expect([...otherAnswers]).toEqual([]);
  });

  it('once its holder is killed with -9, the lock is free at once', { timeout: 600_000 }, async () => {
    const dir = freshDir();
    const holder = await racer(dir);
    holder.child.stdin!.write('go\n');
    expect(await holder.next()).toBe('locked');
    expect(() => lockDataDir(dir)).toThrow(/in use by another Touchpoint process \(pid \d+ on /);
    await holder.kill();
    const release = lockDataDir(dir);
    release();
  });

  it('keeps its directories 0700 and its files 0600: from the first start, repaired when an older version left them open, and for files written later (WAL)', { timeout: 600_000 }, async () => {
    const dataDir = freshDir();
    const env = pgliteEnv(dataDir);
    const key = secretKey(env);
    const server = await startServer(env);
    for (let n = 0; n < 20; n++) expect(await openTicket(server, key, n)).toBeDefined();
    await server.stop();
    expect(countEntries(dataDir)).toBeGreaterThan(900);
    expect(looseEntries(dataDir)).toEqual([]);

    // As the versions before this one left it: every file 0666, every directory 0777.
    const open = (p: string) => {
      fs.chmodSync(p, fs.statSync(p).isDirectory() ? 0o777 : 0o666);
      if (fs.statSync(p).isDirectory()) for (const name of fs.readdirSync(p)) open(path.join(p, name));
    };
    open(dataDir);
    const repaired = await startServer(env);
    for (let n = 20; n < 40; n++) expect(await openTicket(repaired, key, n)).toBeDefined();
    await repaired.stop();
    expect(repaired.output()).toMatch(/removed group and other access from \d{3,} files and directories/);
    expect(looseEntries(dataDir)).toEqual([]);

    // Files PostgreSQL writes later: new tables, several WAL segments (some recycled from old ones).
    const database = await openDatabase({ dataDir });
    await database.db.execute(sql`create table filler as select g, repeat('x', 1000) as pad from generate_series(1, 60000) g`);
    for (let i = 0; i < 3; i++) {
      await database.db.execute(sql`update filler set g = g + 1`);
      await database.db.execute(sql`checkpoint`);
    }
    await database.close();
    const walSegments = fs.readdirSync(path.join(dataDir, 'pgdata/pg_wal')).filter((name) => /^[0-9A-F]{24}$/.test(name));
    expect(walSegments.length).toBeGreaterThan(3);
    expect(looseEntries(dataDir)).toEqual([]);
  });
});
