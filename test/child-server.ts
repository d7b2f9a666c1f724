import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { engine, freshPostgresDatabase } from './harness.ts';

// The real server as a child process (`node bin/touchpoint.js start`), for the tests
// that kill it with SIGKILL: on PGlite on disk, or on a throw-away PostgreSQL database.

export const root = path.resolve(import.meta.dirname, '..');

export interface ServerData {
  env: NodeJS.ProcessEnv;
  dataDir: string;
  /** The PostgreSQL database when the engine under test is PostgreSQL. */
  databaseUrl?: string;
}

/** A fresh data directory (and database): `cleanups` removes them, last registered first. */
export async function freshServerData(cleanups: (() => Promise<void>)[], extraEnv: NodeJS.ProcessEnv = {}): Promise<ServerData> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-crash-'));
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const pgdb = engine === 'postgres' ? await freshPostgresDatabase() : undefined;
  if (pgdb) cleanups.push(pgdb.drop);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    TOUCHPOINT_DATA_DIR: dataDir,
    TOUCHPOINT_LOG_LEVEL: 'warn',
    TOUCHPOINT_SMTP_PORT: '0',
    TOUCHPOINT_ADMIN_PASSWORD: 'crash test password',
    DATABASE_URL: pgdb?.url ?? '',
    ...extraEnv,
  };
  if (!pgdb) delete env.DATABASE_URL;
  return { env, dataDir, databaseUrl: pgdb?.url };
}

export interface ChildServer {
  child: ChildProcess;
  url: string;
  smtpPort: number;
}

/** Starts the server and resolves once it listens for HTTP and SMTP (on a loaded machine that can take a minute). */
export function startServer(env: NodeJS.ProcessEnv): Promise<ChildServer> {
  const child = spawn(process.execPath, [path.join(root, 'bin/touchpoint.js'), 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      // Not left running: it would hold its data directory and ports after the test.
      child.kill('SIGKILL');
      reject(new Error(`server did not start in 2 minutes:\n${out}`));
    }, 120_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const http = out.match(/running on (http:\/\/[\d.]+:\d+)/);
      const smtp = out.match(/\(SMTP\) on port (\d+)/);
      if (http && smtp) {
        clearTimeout(timer);
        resolve({ child, url: http[1]!, smtpPort: Number(smtp[1]) });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
}

/** SIGKILL: the process gets no chance to finish anything. */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}
