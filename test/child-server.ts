import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { engine, freshPostgresDatabase } from './harness.ts';

// The real server as a user runs it, `touchpoint start` in a child process, for tests
// of what happens to the process itself (kill -9, a second server on the same data):
// on PGlite on disk, or on a throw-away PostgreSQL database.

export const root = path.resolve(import.meta.dirname, '..');
export const touchpointBin = path.join(root, 'bin/touchpoint.js');

export interface ServerData {
  env: NodeJS.ProcessEnv;
  dataDir: string;
  /** The PostgreSQL database when the engine under test is PostgreSQL. */
  databaseUrl?: string;
}

/** A child server's environment: loopback, free ports, quiet logs, on `dataDir` (PGlite) unless a database URL is given. */
export function serverEnv(dataDir: string, options: { databaseUrl?: string; extra?: NodeJS.ProcessEnv } = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    TOUCHPOINT_DATA_DIR: dataDir,
    TOUCHPOINT_LOG_LEVEL: 'warn',
    TOUCHPOINT_SMTP_PORT: '0',
    TOUCHPOINT_ADMIN_PASSWORD: 'crash test password',
    ...options.extra,
  };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else delete env.DATABASE_URL;
  return env;
}

/** A fresh data directory (and database): `cleanups` removes them, last registered first. */
export async function freshServerData(cleanups: (() => Promise<void>)[], extraEnv: NodeJS.ProcessEnv = {}): Promise<ServerData> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-crash-'));
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const pgdb = engine === 'postgres' ? await freshPostgresDatabase() : undefined;
  if (pgdb) cleanups.push(pgdb.drop);
  return { env: serverEnv(dataDir, { databaseUrl: pgdb?.url, extra: extraEnv }), dataDir, databaseUrl: pgdb?.url };
}

export interface ChildServer {
  child: ChildProcess;
  url: string;
  /** The inbound SMTP listener's port. */
  smtpPort: number;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** SIGTERM (a clean shutdown) or SIGKILL (no chance to finish anything), and waits until it is gone. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

/**
 * Starts the server and resolves once it listens for HTTP and SMTP (on a loaded machine
 * that can take a minute); rejects with what it printed if it exits first. `wrapper`
 * runs it under another command (`unshare …`).
 */
export function startServer(env: NodeJS.ProcessEnv, wrapper: string[] = []): Promise<ChildServer> {
  const command = [...wrapper, process.execPath, touchpointBin, 'start'];
  // Its own process group, so a signal reaches the server under a wrapper too (unshare --fork ignores SIGTERM while it waits).
  const child = spawn(command[0]!, command.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signalAll = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err; // already gone
    }
  };
  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) signalAll(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running: it would hold its data directory and ports after the test.
      signalAll('SIGKILL');
      reject(new Error(`server did not start in 5 minutes:\n${out}`));
    }, 300_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const http = out.match(/running on (http:\/\/[\d.]+:\d+)/);
      const smtp = out.match(/\(SMTP\) on port (\d+)/);
      if (http && smtp) {
        clearTimeout(timer);
        resolve({ child, url: http[1]!, smtpPort: Number(smtp[1]), output: () => out, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}
