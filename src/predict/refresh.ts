import type { Db } from '../platform/db/client.ts';
import { dailyWorkspaceJob } from '../platform/jobs/daily.ts';
import { listPurchases } from '../journeys/store.ts';
import { computeFigures } from './figures.ts';
import { replaceFigures } from './store.ts';

/** Loads the workspace's purchases up to now, fits, scores and stores; returns the new figures' model. */
export async function refreshPredictions(db: Db, workspaceId: string, now = new Date()) {
  const figures = await computeFigures(await listPurchases(db, workspaceId, now), now);
  await replaceFigures(db, workspaceId, figures, now);
  return figures.model;
}

/** Each workspace's figures are refreshed daily, at start-up, and on request. */
export const predictionRefresh = dailyWorkspaceJob('predict.refresh', 'predict', refreshPredictions);
