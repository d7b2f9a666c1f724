import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

// The real server as a user runs it, `touchpoint start` in a child process, for tests
// of what happens to the process itself (kill -9, a second server on the same data).

export const root = path.resolve(import.meta.dirname, '..');
export const touchpointBin = path.join(root, 'bin/touchpoint.js');

export interface ChildServer {
  child: ChildProcess;
  url: string;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** SIGTERM (a clean shutdown) or SIGKILL, and waits until it is gone. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

/**
 * Starts the server and resolves once it listens; rejects with what it printed if it
 * exits first. `wrapper` runs it under another command (`unshare …`).
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
      signalAll('SIGKILL');
      reject(new Error(`server did not start:\n${out}`));
    }, 300_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = out.match(/running on (http:\/\/[\d.]+:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => out, stop });
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
