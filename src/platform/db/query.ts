import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './client.ts';

/** Runs raw SQL and returns its rows; both drivers answer `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** A unique constraint refused the write (both drivers; Drizzle may wrap the driver's error). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } } | null;
  return e?.code === '23505' || e?.cause?.code === '23505';
}

/**
 * Moments of customers (a customer id and a time each) as a table `m(i, c, at)` to
 * join with, `i` each moment's index in the list: two array parameters, which the
 * database reads several times faster than the same rows as JSON.
 */
export function momentsTable(moments: readonly { customerId: string; at: Date }[]): SQL {
  const ids = `{${moments.map((m) => m.customerId).join(',')}}`;
  const ats = `{${moments.map((m) => m.at.toISOString()).join(',')}}`;
  return sql`(select (n - 1)::int as i, c, at from unnest(${ids}::uuid[], ${ats}::timestamptz[]) with ordinality as x(c, at, n)) m`;
}
