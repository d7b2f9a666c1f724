import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.ts';
import { queryRows } from '../platform/db/query.ts';
import { textSentiments } from './schema.ts';

export type TextSentiment = typeof textSentiments.$inferSelect;

/** Stores a text's sentiment; scoring the same text again replaces it. */
export async function saveSentiment(db: Db, row: typeof textSentiments.$inferInsert): Promise<void> {
  const { workspaceId: _w, refType: _t, refId: _i, ...rest } = row;
  await db.insert(textSentiments).values(row).onConflictDoUpdate({ target: [textSentiments.workspaceId, textSentiments.refType, textSentiments.refId], set: rest });
}

/** The sentiments of these records, by ref id (for presenting messages). */
export async function sentimentsOf(db: Db, workspaceId: string, refType: string, refIds: string[]): Promise<Map<string, TextSentiment>> {
  if (refIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(textSentiments)
    .where(and(eq(textSentiments.workspaceId, workspaceId), eq(textSentiments.refType, refType), inArray(textSentiments.refId, refIds)));
  return new Map(rows.map((r) => [r.refId, r]));
}

/** A customers/ merge handler: the surviving profile takes the readings. */
export async function reassignSentiments(db: Db, workspaceId: string, fromId: string, intoId: string): Promise<void> {
  await db.update(textSentiments).set({ customerId: intoId }).where(and(eq(textSentiments.workspaceId, workspaceId), eq(textSentiments.customerId, fromId)));
}

export type SentimentGroupBy = 'none' | 'day' | 'week' | 'month' | 'source' | 'touchpoint';

export interface SentimentGroup {
  key: string;
  texts: number;
  negative: number;
  neutral: number;
  positive: number;
  meanScore: number;
}

/** Counts per label and the mean score of texts written in [from, to), grouped in SQL (periods in UTC). */
export async function sentimentReport(db: Db, workspaceId: string, from: Date, to: Date, by: SentimentGroupBy): Promise<SentimentGroup[]> {
  const key = {
    none: sql`'all'`,
    day: sql`to_char(date_trunc('day', at at time zone 'UTC'), 'YYYY-MM-DD')`,
    week: sql`to_char(date_trunc('week', at at time zone 'UTC'), 'YYYY-MM-DD')`,
    month: sql`to_char(date_trunc('month', at at time zone 'UTC'), 'YYYY-MM')`,
    source: sql`source`,
    touchpoint: sql`coalesce(touchpoint_id::text, 'none')`,
  }[by];
  const rows = await queryRows<{ key: string; texts: number; negative: number; neutral: number; positive: number; mean_score: number }>(
    db,
    sql`select ${key} as key, count(*)::int as texts,
          count(*) filter (where sentiment = 'negative')::int as negative,
          count(*) filter (where sentiment = 'neutral')::int as neutral,
          count(*) filter (where sentiment = 'positive')::int as positive,
          avg(score)::float8 as mean_score
        from text_sentiments
        where workspace_id = ${workspaceId} and at >= ${from.toISOString()}::timestamptz and at < ${to.toISOString()}::timestamptz
        group by 1 order by 1`,
  );
  return rows.map((r) => ({ key: r.key, texts: r.texts, negative: r.negative, neutral: r.neutral, positive: r.positive, meanScore: Math.round(r.mean_score * 1000) / 1000 }));
}

/** Every reading of texts written in [from, to): what themes are found in (the texts themselves stay with their domains). */
export async function readingsBetween(db: Db, workspaceId: string, from: Date, to: Date): Promise<TextSentiment[]> {
  return db
    .select()
    .from(textSentiments)
    .where(and(eq(textSentiments.workspaceId, workspaceId), gte(textSentiments.at, from), lt(textSentiments.at, to)))
    .orderBy(textSentiments.at, textSentiments.refId);
}
