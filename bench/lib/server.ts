import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

// What a benchmark needs around the server under test: the real server as a child
// process (`node bin/touchpoint.js start`), a small HTTP client, throw-away
// PostgreSQL databases, and cleanups that run on exit and on Ctrl-C.
// (bench/ingest.ts has its own copies of these; they are the same code.)

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw.replaceAll('_', '').replaceAll(',', ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

// ---------------------------------------------------------------- cleanup

const cleanups: (() => Promise<void> | void)[] = [];

export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}

/** How many cleanups are registered: hand it to runCleanups to undo only what came after. */
export const cleanupMark = (): number => cleanups.length;

/** Runs the registered cleanups, last registered first, down to `mark` (default: all of them). */
export async function runCleanups(tag: string, mark = 0): Promise<void> {
  while (cleanups.length > mark) {
    try {
      await cleanups.pop()!();
    } catch (err) {
      console.error(`[${tag}] cleanup failed:`, err);
    }
  }
}

/** Ctrl-C and SIGTERM clean up (stop the server, drop the database) before exiting. */
export function cleanUpOnSignals(tag: string): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`[${tag}] ${signal}: cleaning up`);
      void runCleanups(tag).finally(() => process.exit(130));
    });
  }
}

// ---------------------------------------------------------------- HTTP

export interface HttpResponse {
  status: number;
  text: string;
  headers: http.IncomingHttpHeaders;
}

export function httpRequest(
  port: number,
  method: string,
  urlPath: string,
  headers: Record<string, string>,
  body?: Buffer,
  options: { agent?: http.Agent; timeoutMs?: number } = {},
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path: urlPath, agent: options.agent, headers: body ? { ...headers, 'content-length': String(body.length) } : headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
        res.on('error', reject);
      },
    );
    if (options.timeoutMs) req.setTimeout(options.timeoutMs, () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

export const json = (value: unknown) => Buffer.from(JSON.stringify(value));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------- the server under test

export interface Server {
  port: number;
  pid: number;
  /** The last 200 lines it printed. */
  output: string[];
  /** Log lines at warn level or above (the server logs at warn). */
  warnings: { count: number; first: string[] };
  stop(): Promise<void>;
}

/**
 * Starts `node bin/touchpoint.js start` with the given environment (on top of this
 * process's, without its DATABASE_URL / TOUCHPOINT_DATA_DIR) and waits for /healthz.
 */
/**
 * A log line in a few hundred characters: level, message, error type and message
 * (pino appends the cause's message to it; a failed query's message holds the
 * whole SQL and its parameters, so its middle is cut), and the first stack frame.
 */
export function compactLogLine(line: string): string {
  try {
    const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { type?: string; message?: string; stack?: string } };
    const message = entry.err?.message ?? '';
    const cut = message.length > 300 ? `${message.slice(0, 120)} … ${message.slice(-150)}` : message;
    const frame = /\n\s+at ([^\n]+)/.exec(entry.err?.stack ?? '')?.[1] ?? '';
    return [`level ${entry.level}`, entry.msg, entry.err ? `${entry.err.type}: ${cut.replaceAll('\n', ' ')}` : '', frame ? `at ${frame}` : ''].filter(Boolean).join(' | ');
  } catch {
    return line.slice(0, 400);
  }
}

export async function startServer(options: { env: Record<string, string>; nodeArgs?: string[]; logFile?: string }): Promise<Server> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  delete env.TOUCHPOINT_DATA_DIR;
  Object.assign(env, { PORT: String(port), HOST: '127.0.0.1', TOUCHPOINT_LOG_LEVEL: 'warn' }, options.env);
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), path.join(ROOT, 'bin', 'touchpoint.js'), 'start'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const server = { warnings: { count: 0, first: [] as string[] } } as Server;
  const logFile = options.logFile ? fs.createWriteStream(options.logFile, { flags: 'a' }) : undefined;
  // Lines are put together across chunks: a log line with a failed query's SQL and parameters can be megabytes long.
  const partial = { stdout: '', stderr: '' };
  const keep = (stream: 'stdout' | 'stderr', chunk: Buffer) => {
    logFile?.write(chunk);
    const lines = (partial[stream] + chunk.toString('utf8')).split('\n');
    partial[stream] = lines.pop() ?? '';
    if (partial[stream].length > 32 * 1024 * 1024) {
      lines.push(partial[stream].slice(0, 1024 * 1024));
      partial[stream] = '';
    }
    for (const line of lines) {
      if (!line.trim()) continue;
      output.push(line);
      if (output.length > 200) output.shift();
      // Fastify logs JSON lines; anything at warn (40) or above is worth reporting.
      const level = /"level":(\d+)/.exec(line)?.[1];
      if (level && Number(level) >= 40) {
        server.warnings.count++;
        const short = compactLogLine(line);
        if (server.warnings.first.length < 5 && !server.warnings.first.includes(short)) server.warnings.first.push(short);
      }
    }
  };
  child.stdout!.on('data', (chunk: Buffer) => keep('stdout', chunk));
  child.stderr!.on('data', (chunk: Buffer) => keep('stderr', chunk));
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = code ?? (signal ? -1 : 0);
      resolve();
    }),
  );

  const deadline = Date.now() + 180_000;
  for (;;) {
    if (exited !== undefined) throw new Error(`the server exited (${exited}) before answering:\n${output.slice(-30).join('\n')}`);
    try {
      const res = await httpRequest(port, 'GET', '/healthz', {});
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer /healthz within 180 s:\n${output.slice(-30).join('\n')}`);
    }
    await sleep(100);
  }

  let stopped = false;
  Object.assign(server, {
    port,
    pid: child.pid!,
    output,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (exited === undefined) {
        child.kill('SIGTERM');
        const timeout = sleep(60_000).then(() => 'timeout');
        if ((await Promise.race([exit.then(() => 'exited'), timeout])) === 'timeout') {
          child.kill('SIGKILL');
          await exit;
        }
      }
      logFile?.end();
    },
  });
  onCleanup(() => server.stop());
  return server;
}

// ---------------------------------------------------------------- PostgreSQL databases

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A throw-away database on the PostgreSQL server of `baseUrl`, dropped at cleanup unless `keep`. */
export async function freshPostgresDatabase(baseUrl: string, purpose: string, keep = false): Promise<{ url: string; name: string }> {
  const name = `tp_bench_${purpose}_${crypto.randomBytes(4).toString('hex')}`;
  await withClient(baseUrl, (c) => c.query(`create database ${name}`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  if (!keep) onCleanup(() => dropPostgresDatabase(baseUrl, name));
  return { url: url.toString(), name };
}

/** Drops a database made by freshPostgresDatabase (again at cleanup is harmless). */
export async function dropPostgresDatabase(baseUrl: string, name: string): Promise<void> {
  await withClient(baseUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
}

export async function postgresSettings(baseUrl: string): Promise<string> {
  return withClient(baseUrl, async (c) => {
    const { rows } = await c.query<{ v: string; fsync: string; sc: string; sb: string; wm: string; wal: string }>(
      `select current_setting('server_version') as v, current_setting('fsync') as fsync, current_setting('synchronous_commit') as sc,
              current_setting('shared_buffers') as sb, current_setting('work_mem') as wm, current_setting('max_wal_size') as wal`,
    );
    const r = rows[0]!;
    return `PostgreSQL ${r.v} on the same machine (fsync=${r.fsync}, synchronous_commit=${r.sc}, shared_buffers=${r.sb}, work_mem=${r.wm}, max_wal_size=${r.wal})`;
  });
}
