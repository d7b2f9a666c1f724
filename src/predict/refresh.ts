import type { Db } from '../platform/db/client.ts';
import type { JobHandler, JobQueue } from '../platform/jobs/queue.ts';
import { listPurchases } from '../journeys/store.ts';
import { listWorkspaceIds } from '../workspaces/store.ts';
import { computeFigures } from './figures.ts';
import { replaceFigures } from './store.ts';
import { loadHistories } from './need-help/history.ts';
import { scoreActiveCustomers, trainHelpModel } from './need-help/model.ts';
import { replaceHelpScores } from './need-help/store.ts';

// Each workspace's figures are refreshed by a durable job, one chain per
// workspace: every run schedules the next a day later, the server makes sure each
// workspace has one at start, and an admin can ask for a run now.

export const PREDICT_JOB = 'predict.refresh';
const EVERY_MS = 24 * 3_600_000;
const keyOf = (workspaceId: string) => `predict:${workspaceId}`;

/**
 * Loads the workspace's purchases and recent journeys up to now, fits the models,
 * scores every customer and stores it all; returns the value model.
 */
export async function refreshPredictions(db: Db, workspaceId: string, now = new Date()) {
  const figures = await computeFigures(await listPurchases(db, workspaceId, now), now);
  await replaceFigures(db, workspaceId, figures, now);
  const histories = await loadHistories(db, workspaceId, now);
  const helpModel = trainHelpModel(histories, now);
  await replaceHelpScores(db, workspaceId, helpModel, scoreActiveCustomers(helpModel, histories, now), now);
  return figures.model;
}

/** A run as soon as a worker is free, in place of the one waiting (the daily run, say). */
export async function requestRefresh(jobs: JobQueue, workspaceId: string): Promise<void> {
  await jobs.reschedule({ kind: PREDICT_JOB, workspaceId, dedupeKey: keyOf(workspaceId) });
}

/** At start: a workspace without a waiting run (new, or its chain broken by failures) gets one now. */
export async function ensureRefreshes(db: Db, jobs: JobQueue): Promise<void> {
  for (const workspaceId of await listWorkspaceIds(db)) {
    await jobs.enqueue({ kind: PREDICT_JOB, workspaceId, dedupeKey: keyOf(workspaceId) }, db);
  }
}

export function predictionRefresher(jobs: JobQueue): JobHandler {
  return async function refresh(job, db) {
    if (!job.workspaceId) return;
    // The next run is scheduled before this one works, so a failing run cannot end the
    // chain; a run requested meanwhile already holds the key and wins (it re-arms in turn).
    await jobs.enqueue({ kind: PREDICT_JOB, workspaceId: job.workspaceId, dedupeKey: keyOf(job.workspaceId), runAt: new Date(Date.now() + EVERY_MS) }, db);
    await refreshPredictions(db, job.workspaceId);
  };
}
