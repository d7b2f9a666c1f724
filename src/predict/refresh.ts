import type { Db } from '../platform/db/client.ts';
import { dailyWorkspaceJob } from '../platform/jobs/daily.ts';
import { listPurchases } from '../journeys/store.ts';
import { computeFigures } from './figures.ts';
import { replaceFigures } from './store.ts';
import { loadHistories } from './need-help/history.ts';
import { scoreActiveCustomers, trainHelpModel } from './need-help/model.ts';
import { replaceHelpScores } from './need-help/store.ts';

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

/** Each workspace's figures are refreshed daily, at start-up, and on request. */
export const predictionRefresh = dailyWorkspaceJob('predict.refresh', 'predict', refreshPredictions);
