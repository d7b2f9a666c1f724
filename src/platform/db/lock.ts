import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { flockSync } from 'fs-ext';

// PGlite is one Postgres backend inside this process. Two processes opening the
// same directory silently lose each other's commits, so the first opener holds an
// flock(2) on a file in it and every later opener is refused with a clear message.
// The kernel drops the lock when its holder's process ends, however it ends, so a
// lock is never stale and no process has to judge whether another one is alive:
// a pid says nothing in another PID namespace (a second container on the same volume),
// and two processes clearing a stale lock file at once both won it.

export interface LockHolder {
  pid: number;
  host: string;
}

export class DataDirLockedError extends Error {
  constructor(
    public readonly dataDir: string,
    /** What the holder wrote in the lock file, for people to read; unknown for the instant before it writes it. */
    public readonly holder: LockHolder | undefined,
  ) {
    super(
      `The data directory ${dataDir} is in use by another Touchpoint process${holder ? ` (pid ${holder.pid} on ${holder.host})` : ''}. ` +
        'Only one process can open the embedded database: stop that process first, ' +
        'use the running server\'s API instead, or set DATABASE_URL to use a PostgreSQL server.',
    );
    this.name = 'DataDirLockedError';
  }
}

function readHolder(fd: number): LockHolder | undefined {
  const buffer = Buffer.alloc(512);
  const text = buffer.subarray(0, fs.readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
  const m = /^(\d+) (\S+)/.exec(text);
  return m ? { pid: Number(m[1]), host: m[2]! } : undefined;
}

/** Takes the lock or throws DataDirLockedError; returns the function that releases it. */
export function lockDataDir(dataDir: string): () => void {
  // The file stays: unlinking it would let a later opener lock a new file while an
  // earlier one still holds the old, unlinked one.
  const fd = fs.openSync(path.join(dataDir, 'touchpoint.lock'), 'a+', 0o600);
  try {
    flockSync(fd, 'exnb');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const holder = code === 'EAGAIN' || code === 'EWOULDBLOCK' ? readHolder(fd) : undefined;
    fs.closeSync(fd);
    if (code === 'EAGAIN' || code === 'EWOULDBLOCK') throw new DataDirLockedError(dataDir, holder);
    throw err;
  }
  // Who holds it, for the message of those refused (the host tells containers apart).
  fs.ftruncateSync(fd, 0);
  fs.writeSync(fd, `${process.pid} ${os.hostname()}\n`);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    fs.closeSync(fd);
  };
}
