import type { Db } from '../platform/db/client.ts';
import { dailyWorkspaceJob } from '../platform/jobs/daily.ts';
import { listOrderItems } from '../journeys/store.ts';
import { buildSimilarity } from './similarity.ts';
import { replaceRecommendations } from './store.ts';

/** Reads the workspace's orders up to now, computes the product neighbours and stores them. */
export async function refreshRecommendations(db: Db, workspaceId: string, now = new Date()): Promise<void> {
  const orders = await listOrderItems(db, workspaceId, { until: now });
  await replaceRecommendations(db, workspaceId, buildSimilarity(orders), orders.length, now);
}

/** Each workspace's neighbours are recomputed daily, at start-up, and on request. */
export const recommendationRefresh = dailyWorkspaceJob('recommend.refresh', 'recommend', refreshRecommendations);
