/**
 * PGlite runs no autovacuum daemon, so nothing gathers the planner's column statistics
 * (null fractions, common values): its estimates stay those of an empty table however
 * the data grows, and a plan that suits 100 rows can be the wrong one at 100,000. That
 * happened to the journey backlog's count: with stale estimates the planner intersected
 * two whole indexes and sorted every pending event (250 ms; 25 ms with fresh statistics).
 * This does what autovacuum's ANALYZE would: every few minutes, it analyses the tables
 * that have no statistics yet or that grew by a fifth since this process last did.
 * PostgreSQL servers have autovacuum and do not run it.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import { queryRows } from './query.ts';

export interface TableSize {
  name: string;
  /** Heap pages now. */
  pages: number;
  /** Whether ANALYZE ever stored statistics for it (they live in the catalog, across restarts). */
  analysed: boolean;
}

/** Growth that makes statistics stale: a fifth more pages, and a few pages at least so tiny tables are left alone. */
export function needsAnalyse(table: TableSize, pagesAtLastAnalyse: number | undefined): boolean {
  if (table.pages === 0) return false;
  if (!table.analysed) return true;
  // Analysed before this process started: take its size now as the reference.
  if (pagesAtLastAnalyse === undefined) return false;
  return table.pages >= pagesAtLastAnalyse * 1.2 + 8;
}

async function tableSizes(db: Db): Promise<TableSize[]> {
  return queryRows<TableSize>(
    db,
    sql`select c.relname as name,
               (pg_relation_size(c.oid) / current_setting('block_size')::int)::int as pages,
               exists (select 1 from pg_statistic s where s.starelid = c.oid) as analysed
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where c.relkind = 'r' and n.nspname = 'public'
         order by c.relname`,
  );
}

/**
 * Analyses the tables whose statistics are stale and returns their names. `reference`
 * keeps each table's pages at its last analysis by this process (or at first sight).
 */
export async function refreshStatistics(db: Db, reference: Map<string, number>): Promise<string[]> {
  const analysed: string[] = [];
  for (const table of await tableSizes(db)) {
    const before = reference.get(table.name);
    if (needsAnalyse(table, before)) {
      await db.execute(sql`analyze ${sql.identifier(table.name)}`);
      analysed.push(table.name);
      reference.set(table.name, table.pages);
    } else if (before === undefined) reference.set(table.name, table.pages);
  }
  return analysed;
}

export interface StatisticsRefresh {
  /** Stops the timer and waits for a run in progress (the database may close next). */
  stop(): Promise<void>;
}

/**
 * Runs refreshStatistics every `everyMs` (default 5 minutes). ANALYZE reads a sample of
 * 30,000 rows whatever the table's size: about a second on a few hundred thousand journey
 * events, during which PGlite answers nothing else, so it runs rarely rather than after writes.
 */
export function startStatisticsRefresh(db: Db, onError: (err: unknown) => void, everyMs = 300_000): StatisticsRefresh {
  const reference = new Map<string, number>();
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    running ??= refreshStatistics(db, reference).then(
      () => void (running = null),
      (err) => {
        running = null;
        onError(err);
      },
    );
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
