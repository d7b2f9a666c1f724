import { createRanker, type RankedPrediction } from '../text/classifier.ts';
import { classifierFromJson } from '../text/model-file.ts';
import type { TriageModel } from './store.ts';

// Reading a model file costs far more than a prediction, so each workspace's
// current model is kept ready in memory; a new training (a new trainedAt) replaces it.
const loaded = new Map<string, { trainedAt: number; rank: (text: string) => RankedPrediction }>();

export function rankerOf(model: TriageModel): (text: string) => RankedPrediction {
  const cached = loaded.get(model.workspaceId);
  if (cached && cached.trainedAt === model.trainedAt.getTime()) return cached.rank;
  const rank = createRanker(classifierFromJson(JSON.parse(model.model), 'the triage model'), 3);
  loaded.set(model.workspaceId, { trainedAt: model.trainedAt.getTime(), rank });
  return rank;
}

/** Probabilities as stored and shown: four decimals are plenty for a percentage. */
export const roundConfidence = (x: number) => Math.round(x * 10000) / 10000;
