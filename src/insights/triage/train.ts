import { trainClassifier } from '../text/classifier.ts';
import { crossValidate } from '../text/cross-validation.ts';
import { classifierToJson } from '../text/model-file.ts';
import { runInThread } from '../../platform/threads/run.ts';
import type { TrainingSet } from './examples.ts';

/**
 * Training time grows with examples × labels (one-vs-rest). Up to this much work
 * (say 500 examples of 12 labels, or 2,000 of 3) a training runs while the request
 * waits, about a second or two on a busy core (bench/results/triage.md); a larger
 * one runs as a durable job, so the request does not time out and a restart does
 * not lose it. Either way the fit itself runs in a worker thread (trainTriageInThread).
 */
export const INLINE_MAX_WORK = 6000;

export const trainsInline = (set: TrainingSet) => set.texts.length * Object.keys(set.counts).length <= INLINE_MAX_WORK;

const FOLDS = 5;

export interface TrainedTriage {
  /** The classifier in model-file.ts's format. */
  model: string;
  folds: number;
  accuracy: number;
  balancedAccuracy: number;
  macroF1: number;
}

/** Cross-validates (the accuracy people see), then trains the final model with the temperature it fitted. */
export function trainTriage(set: TrainingSet): TrainedTriage {
  const cv = crossValidate(set.texts, set.labels, { folds: FOLDS });
  const classifier = trainClassifier(set.texts, set.labels, { temperature: cv.temperature });
  const round = (x: number) => Math.round(x * 10000) / 10000;
  const crossValidation = { folds: cv.folds, accuracy: round(cv.accuracy), balancedAccuracy: round(cv.balancedAccuracy), macroF1: round(cv.macroF1) };
  return { model: JSON.stringify(classifierToJson(classifier, { crossValidation })), ...crossValidation };
}

/**
 * trainTriage in a worker thread: a 30-label, 4,000-example training computes for
 * about 10 s, during which the server's own thread keeps answering requests.
 * Rejects with a ThreadError when the fit fails.
 */
export const trainTriageInThread = (set: TrainingSet) => runInThread<TrainedTriage>(new URL('./train.ts', import.meta.url), 'trainTriage', [set]);
