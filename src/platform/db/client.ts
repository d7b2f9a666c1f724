import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { ownerOnlyDataDir } from './data-dir.ts';
import { lockDataDir } from './lock.ts';

/** The one database type every domain uses; a transaction is also a Db. */
export type Db = PgDatabase<PgQueryResultHKT>;

export interface Database {
  db: Db;
  engine: 'pglite' | 'postgres';
  /** What the operator should hear about from opening it, said once (a repaired data directory). */
  notices: string[];
  close(): Promise<void>;
}

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

export interface OpenOptions {
  /** A PostgreSQL connection string; when absent the embedded PGlite is used. */
  databaseUrl?: string;
  /** Where PGlite keeps its files; `memory://` for a throw-away database (tests). */
  dataDir: string;
  poolSize?: number;
}

/** Opens the database and applies pending migrations. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle client that loses its server must not crash the process.
    pool.on('error', () => {});
    const db = drizzlePg(pool) as unknown as Db;
    await migratePg(drizzlePg(pool), { migrationsFolder });
    return { db, engine: 'postgres', notices: [], close: () => pool.end() };
  }
  if (options.dataDir.startsWith('memory://')) return openPglite(undefined, () => {}, []);
  const { dataDir } = options;
  const loosened = ownerOnlyDataDir(dataDir);
  const release = lockDataDir(dataDir);
  const notices = loosened ? [`The data directory ${dataDir} was open to other local users: removed group and other access from ${loosened} files and directories.`] : [];
  return openPglite(dataDir, release, notices);
}

async function openPglite(dataDir: string | undefined, release: () => void, notices: string[]): Promise<Database> {
  try {
    const client = yieldBeforeEachCall(await PGlite.create(dataDir && path.join(dataDir, 'pgdata')));
    // The files of a new database come out 0666 (see data-dir.ts).
    if (dataDir) ownerOnlyDataDir(dataDir);
    const db = drizzlePglite(client) as unknown as Db;
    await migratePglite(drizzlePglite(client), { migrationsFolder });
    return {
      db,
      engine: 'pglite',
      notices,
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

/**
 * PGlite answers in this thread without real I/O, so a chain of awaited queries (a job
 * working through pages, an import) settles as microtasks and the event loop reads no
 * socket until the chain ends: the server would stop answering meanwhile. Each call from
 * outside a transaction first yields one turn of the loop.
 */
function yieldBeforeEachCall(client: PGlite): PGlite {
  const { query, exec, transaction } = client;
  Object.assign(client, {
    query: async (...args: Parameters<PGlite['query']>) => (await nextTurn(), query.apply(client, args)),
    exec: async (...args: Parameters<PGlite['exec']>) => (await nextTurn(), exec.apply(client, args)),
    transaction: async (...args: Parameters<PGlite['transaction']>) => (await nextTurn(), transaction.apply(client, args)),
  });
  return client;
}
