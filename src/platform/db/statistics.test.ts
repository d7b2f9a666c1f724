import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine, openTestDatabase } from '../../../test/harness.ts';
import type { Database } from './client.ts';
import { queryRows } from './query.ts';
import { needsAnalyse, refreshStatistics } from './statistics.ts';

describe('needsAnalyse', () => {
  it('analyses a table with rows and no statistics, and one that grew by a fifth since', () => {
    expect(needsAnalyse({ name: 't', pages: 0, analysed: false }, undefined)).toBe(false);
    expect(needsAnalyse({ name: 't', pages: 1, analysed: false }, undefined)).toBe(true);
    // Analysed before this process started: its size now is the reference, not a reason.
    expect(needsAnalyse({ name: 't', pages: 5000, analysed: true }, undefined)).toBe(false);
    expect(needsAnalyse({ name: 't', pages: 1199, analysed: true }, 1000)).toBe(false);
    expect(needsAnalyse({ name: 't', pages: 1208, analysed: true }, 1000)).toBe(true);
    // Small tables need a few pages of growth, not a fifth of one.
    expect(needsAnalyse({ name: 't', pages: 9, analysed: true }, 2)).toBe(false);
    expect(needsAnalyse({ name: 't', pages: 11, analysed: true }, 2)).toBe(true);
  });
});

describe(`refreshStatistics (${engine})`, () => {
  let database: Database;
  const nullFraction = async () =>
    (await queryRows<{ null_frac: number }>(database.db, sql`select null_frac from pg_stats where tablename = 'stats_probe' and attname = 'done_at'`))[0]?.null_frac;

  beforeAll(async () => {
    database = await openTestDatabase();
    // Autovacuum off, so that on PostgreSQL only the code under test gathers statistics.
    await database.db.execute(sql`create table stats_probe (id int, done_at timestamptz) with (autovacuum_enabled = false)`);
    await database.db.execute(sql`insert into stats_probe select i, null from generate_series(1, 20000) i`);
  });
  afterAll(() => database?.close());

  it('gathers statistics for a table that has none, and not again until it grows', async () => {
    const reference = new Map<string, number>();
    expect(await nullFraction()).toBeUndefined();
    expect(await refreshStatistics(database.db, reference)).toContain('stats_probe');
    expect(await nullFraction()).toBe(1);
    expect(await refreshStatistics(database.db, reference)).not.toContain('stats_probe');

    // Twice the rows, all done: the planner must learn that pending rows are now the minority.
    await database.db.execute(sql`insert into stats_probe select i, now() from generate_series(20001, 60000) i`);
    expect(await refreshStatistics(database.db, reference)).toContain('stats_probe');
    expect(await nullFraction()).toBeCloseTo(1 / 3, 1);
  });
});
