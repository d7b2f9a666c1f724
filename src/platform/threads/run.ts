/**
 * Runs a CPU-heavy pure function (fitting a model, clustering) in a worker thread,
 * so the server's event loop keeps answering requests while it computes. Plain data
 * goes in and comes out (structured clone): the caller keeps the database, the job
 * and its durability; the thread only computes.
 */
import { Worker } from 'node:worker_threads';

/** The computation threw (its message) or its thread died; the caller says what failed. */
export class ThreadError extends Error {}

// JavaScript that registers tsx, then loads the TypeScript module (see worker.mjs).
const entry = new URL('./worker.mjs', import.meta.url);

/**
 * Calls `module`'s export `name` with `args` in a new worker thread and resolves with
 * what it returns. A thread per call: the computations take seconds, starting one
 * takes a fraction of that, and its memory is all given back when it ends.
 */
export function runInThread<R>(module: URL, name: string, args: unknown[]): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    let answered = false;
    const worker = new Worker(entry, { workerData: { module: module.href, name, args } });
    worker.once('message', (result: R) => {
      answered = true;
      resolve(result);
    });
    // A thread may throw anything; a value that is not an Error is its own message.
    worker.once('error', (err: unknown) => reject(new ThreadError(err instanceof Error ? err.message : String(err))));
    worker.once('exit', (code) => {
      if (!answered) reject(new ThreadError(`its worker thread stopped before finishing (exit code ${code})`));
    });
  });
}
