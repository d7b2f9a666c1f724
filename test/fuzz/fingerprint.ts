import { sql } from 'drizzle-orm';
import type { Db } from '../../src/platform/db/client.ts';
import { queryRows } from '../../src/platform/db/query.ts';

// A digest of everything stored, to assert that a refused request changed nothing.
// Some columns move without any request meaning to change data, and are left out.
const MOVING_COLUMNS = [
  'last_used_at', // an API key's "last used", touched after the request that used it
  'last_seen_at', // presence of agents and visitors
];

/** Tables written by refusals on purpose, left out whole. */
const MOVING_TABLES = new Set(['__drizzle_migrations', 'login_attempts', 'login_throttles']);

/** Builds one statement that digests every table of the schema: count and content. */
export async function fingerprintQuery(db: Db): Promise<string> {
  const tables = await queryRows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`,
  );
  const drop = `array[${MOVING_COLUMNS.map((c) => `'${c}'`).join(',')}]`;
  return tables
    .filter((t) => !MOVING_TABLES.has(t.name))
    .map(
      (t) =>
        `select '${t.name}' as name, count(*)::int as n, coalesce(md5(string_agg(md5((to_jsonb(t) - ${drop}::text[])::text), '' order by md5((to_jsonb(t) - ${drop}::text[])::text))), '') as digest from "${t.name}" t`,
    )
    .join(' union all ');
}

export type Fingerprint = Map<string, string>;

export async function fingerprint(db: Db, query: string): Promise<Fingerprint> {
  const rows = await queryRows<{ name: string; n: number; digest: string }>(db, sql.raw(query));
  return new Map(rows.map((r) => [r.name, `${r.n}:${r.digest}`]));
}

/** The tables whose content differs between two fingerprints. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  return [...after.keys()].filter((name) => before.get(name) !== after.get(name));
}
