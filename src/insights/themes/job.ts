import type { Db } from '../../platform/db/client.ts';
import type { JobHandler, JobQueue } from '../../platform/jobs/queue.ts';
import { publishEvent } from '../../webhooks/publish.ts';
import { readingsBetween } from '../store.ts';
import { matchAlerts } from './spike.ts';
import { continueSpike, endSpikes, openSpikes, saveRun, startSpike, type Theme } from './store.ts';
import { lookbackStart, summariseThemes, summariseThemesInThread, type ThemeText } from './summarise.ts';
import { customerTexts, refKey, THEME_REF_TYPES } from './texts.ts';

// Themes are computed by a durable job per workspace, like the predictions: a daily
// chain over the last 30 days (each run schedules the next before it works), a run
// now on request, and a run over a period someone asks for.

export const THEMES_JOB = 'insights.themes';
const EVERY_MS = 24 * 3_600_000;
export const ROLLING_DAYS = 30;
// From this many texts a run is clustered in a worker thread (seconds of CPU, up to 5,000
// texts clustered); fewer take milliseconds, less than starting a thread costs.
const IN_THREAD_FROM = 1_000;
const keyOf = (workspaceId: string) => `themes:${workspaceId}`;

/** Loads the period's customer texts with their readings, finds the themes, stores the run; a rolling run also opens and closes spike alerts. */
export async function computeThemes(db: Db, jobs: JobQueue, workspaceId: string, period: { from: Date; to: Date; rolling: boolean }) {
  const started = performance.now();
  const readings = (await readingsBetween(db, workspaceId, lookbackStart(period.from, period.to), period.to)).filter((r) => (THEME_REF_TYPES as readonly string[]).includes(r.refType));
  const texts = await customerTexts(db, workspaceId, readings.map((r) => ({ type: r.refType, id: r.refId })));
  const items: ThemeText[] = [];
  for (const r of readings) {
    const ref = { type: r.refType, id: r.refId };
    const text = texts.get(refKey(ref));
    if (text) items.push({ ref, text, at: r.at, customerId: r.customerId, touchpointId: r.touchpointId, source: r.source, score: r.score });
  }
  const summary = items.length < IN_THREAD_FROM ? summariseThemes(items, period.from, period.to) : await summariseThemesInThread(items, period.from, period.to);
  const seconds = Math.round((performance.now() - started) / 10) / 100;
  return db.transaction(async (tx) => {
    const saved = await saveRun(tx, workspaceId, period, summary, seconds);
    // Only the rolling run speaks of now: a spike in a period asked for afterwards is history, not news.
    if (period.rolling) await announceSpikes(tx, jobs, workspaceId, saved.themes, saved.run);
    return saved;
  });
}

async function announceSpikes(db: Db, jobs: JobQueue, workspaceId: string, themes: Theme[], run: { from: Date; to: Date }): Promise<void> {
  const now = new Date();
  const spiking = themes.map((t, index) => ({ index, terms: t.terms, spiked: t.spiked })).filter((t) => t.spiked);
  const changes = matchAlerts(await openSpikes(db, workspaceId), spiking);
  for (const [index, alertId] of changes.continued) await continueSpike(db, alertId, themes[index]!, now);
  for (const index of changes.started) {
    const t = themes[index]!;
    await startSpike(db, workspaceId, t, now);
    await publishEvent(db, jobs, workspaceId, 'theme.spiked', {
      theme: { id: t.id, name: t.name, terms: t.terms, volume: t.volume, lastWeek: t.lastWeek, fourWeeksBefore: t.fourWeeksBefore, pValue: t.spikePValue },
      period: { from: run.from.toISOString(), to: run.to.toISOString() },
    });
  }
  await endSpikes(db, changes.ended, now);
}

/** A rolling run as soon as a worker is free, in place of the one waiting; or a run over a given period. */
export async function requestThemes(jobs: JobQueue, workspaceId: string, period?: { from: Date; to: Date }): Promise<void> {
  if (!period) return jobs.reschedule({ kind: THEMES_JOB, workspaceId, dedupeKey: keyOf(workspaceId) });
  const payload = { from: period.from.toISOString(), to: period.to.toISOString() };
  await jobs.enqueue({ kind: THEMES_JOB, workspaceId, payload, dedupeKey: `${keyOf(workspaceId)}:${payload.from}:${payload.to}` });
}

/** At start: a workspace without a waiting rolling run gets one now. */
export async function ensureThemeRuns(db: Db, jobs: JobQueue, workspaceIds: string[]): Promise<void> {
  for (const workspaceId of workspaceIds) await jobs.enqueue({ kind: THEMES_JOB, workspaceId, dedupeKey: keyOf(workspaceId) }, db);
}

export function themeFinder(jobs: JobQueue): JobHandler {
  return async function findThemesOf(job, db) {
    if (!job.workspaceId) return;
    const p = job.payload as { from?: string; to?: string };
    if (p.from && p.to) {
      await computeThemes(db, jobs, job.workspaceId, { from: new Date(p.from), to: new Date(p.to), rolling: false });
      return;
    }
    await jobs.enqueue({ kind: THEMES_JOB, workspaceId: job.workspaceId, dedupeKey: keyOf(job.workspaceId), runAt: new Date(Date.now() + EVERY_MS) }, db);
    const to = new Date();
    await computeThemes(db, jobs, job.workspaceId, { from: new Date(to.getTime() - ROLLING_DAYS * 86_400_000), to, rolling: true });
  };
}
