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
import { lockDataDir } from './lock.ts';

/** The one database type every domain uses; a transaction is also a Db. */
export type Db = PgDatabase<PgQueryResultHKT>;

export interface Database {
  db: Db;
  engine: 'pglite' | 'postgres';
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
    return { db, engine: 'postgres', close: () => pool.end() };
  }
  const inMemory = options.dataDir.startsWith('memory://');
  const release = inMemory ? () => {} : lockDataDir(options.dataDir);
  try {
    const client = yieldBeforeEachCall(await PGlite.create(inMemory ? undefined : path.join(options.dataDir, 'pgdata')));
    const db = drizzlePglite(client) as unknown as Db;
    await migratePglite(drizzlePglite(client), { migrationsFolder });
    return {
      db,
      engine: 'pglite',
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
