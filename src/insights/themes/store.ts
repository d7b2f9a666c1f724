import crypto from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, notInArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { themeRuns, themes, themeSpikes, themeTexts } from '../schema.ts';
import type { ThemeRunSummary } from './summarise.ts';

export type ThemeRun = typeof themeRuns.$inferSelect;
export type Theme = typeof themes.$inferSelect;

/** A workspace keeps this many runs; older ones go with their themes. */
const RUNS_KEPT = 10;
/** Rows per insert: 7 parameters each, well under PostgreSQL's 65,535. */
const CHUNK = 5000;

export async function saveRun(db: Db, workspaceId: string, period: { from: Date; to: Date; rolling: boolean }, run: ThemeRunSummary, seconds: number): Promise<{ run: ThemeRun; themes: Theme[] }> {
  const [saved] = await db
    .insert(themeRuns)
    .values({ id: crypto.randomUUID(), workspaceId, ...period, texts: run.texts, other: run.other, k: run.k, tried: run.tried, seconds, computedAt: new Date() })
    .returning();
  const rows = run.themes.map((t, i) => ({
    id: crypto.randomUUID(),
    workspaceId,
    runId: saved!.id,
    rank: i + 1,
    name: t.name,
    terms: t.terms,
    volume: t.volume,
    previousVolume: t.previousVolume,
    meanSentiment: t.meanSentiment,
    series: t.series,
    lastWeek: t.spike.lastWeek,
    fourWeeksBefore: t.spike.fourWeeksBefore,
    spikePValue: t.spike.pValue,
    spiked: t.spike.spiked,
    quotes: t.quotes,
    customerCount: t.customerCount,
    customerIds: t.customerIds,
    touchpoints: t.touchpoints,
    sources: t.sources,
  }));
  const stored = rows.length ? await db.insert(themes).values(rows).returning() : [];
  // Only the latest run's texts are looked up: older ones would only grow the table.
  await db.delete(themeTexts).where(eq(themeTexts.workspaceId, workspaceId));
  const members = run.themes.flatMap((t, i) => t.members.map((m) => ({ workspaceId, runId: saved!.id, themeId: rows[i]!.id, refType: m.ref.type, refId: m.ref.id, customerId: m.customerId, at: m.at })));
  for (let i = 0; i < members.length; i += CHUNK) await db.insert(themeTexts).values(members.slice(i, i + CHUNK));
  const kept = db.select({ id: themeRuns.id }).from(themeRuns).where(eq(themeRuns.workspaceId, workspaceId)).orderBy(desc(themeRuns.computedAt), desc(themeRuns.id)).limit(RUNS_KEPT);
  await db.delete(themeRuns).where(and(eq(themeRuns.workspaceId, workspaceId), notInArray(themeRuns.id, kept)));
  return { run: saved!, themes: stored };
}

/** The latest run, or the latest of exactly this period. */
export async function latestRun(db: Db, workspaceId: string, period?: { from: Date; to: Date }): Promise<ThemeRun | undefined> {
  const where = [eq(themeRuns.workspaceId, workspaceId)];
  if (period) where.push(eq(themeRuns.from, period.from), eq(themeRuns.to, period.to));
  const [row] = await db.select().from(themeRuns).where(and(...where)).orderBy(desc(themeRuns.computedAt), desc(themeRuns.id)).limit(1);
  return row;
}

/** A text of the latest run's themes: which theme, and whose text from when. */
export interface ThemedText {
  themeId: string;
  themeName: string;
  ref: { type: string; id: string };
  customerId: string;
  at: Date;
}

/** The texts of these customers that the latest run put in a theme (the drivers ask whether a comment was about one). */
export async function latestThemedTexts(db: Db, workspaceId: string, customerIds: readonly string[]): Promise<ThemedText[]> {
  const out: ThemedText[] = [];
  for (let i = 0; i < customerIds.length; i += CHUNK) {
    const rows = await db
      .select({ themeId: themes.id, themeName: themes.name, refType: themeTexts.refType, refId: themeTexts.refId, customerId: themeTexts.customerId, at: themeTexts.at })
      .from(themeTexts)
      .innerJoin(themes, eq(themes.id, themeTexts.themeId))
      .where(and(eq(themeTexts.workspaceId, workspaceId), inArray(themeTexts.customerId, customerIds.slice(i, i + CHUNK))));
    for (const r of rows) out.push({ themeId: r.themeId, themeName: r.themeName, ref: { type: r.refType, id: r.refId }, customerId: r.customerId!, at: r.at });
  }
  return out;
}

export const themesOfRun = (db: Db, workspaceId: string, runId: string) =>
  db.select().from(themes).where(and(eq(themes.workspaceId, workspaceId), eq(themes.runId, runId))).orderBy(asc(themes.rank));

export async function getTheme(db: Db, workspaceId: string, id: string): Promise<{ theme: Theme; run: ThemeRun } | undefined> {
  const [row] = await db.select({ theme: themes, run: themeRuns }).from(themes).innerJoin(themeRuns, eq(themeRuns.id, themes.runId)).where(and(eq(themes.workspaceId, workspaceId), eq(themes.id, id)));
  return row;
}

export const openSpikes = (db: Db, workspaceId: string) =>
  db.select().from(themeSpikes).where(and(eq(themeSpikes.workspaceId, workspaceId), isNull(themeSpikes.endedAt))).orderBy(asc(themeSpikes.startedAt), asc(themeSpikes.id));

export async function startSpike(db: Db, workspaceId: string, theme: { name: string; terms: string[] }, at: Date): Promise<string> {
  const id = crypto.randomUUID();
  await db.insert(themeSpikes).values({ id, workspaceId, name: theme.name, terms: theme.terms, startedAt: at, lastSeenAt: at });
  return id;
}

/** A run flagged the spike again: it goes on, under the theme's current name and terms. */
export async function continueSpike(db: Db, id: string, theme: { name: string; terms: string[] }, at: Date): Promise<void> {
  await db.update(themeSpikes).set({ name: theme.name, terms: theme.terms, lastSeenAt: at }).where(eq(themeSpikes.id, id));
}

export async function endSpikes(db: Db, ids: string[], at: Date): Promise<void> {
  if (ids.length) await db.update(themeSpikes).set({ endedAt: at }).where(inArray(themeSpikes.id, ids));
}
