/**
 * Stratified k-fold cross-validation of the classifier: the honest answer to
 * "how often will it be right on tickets it has not seen?". Every step that
 * learns from data (vocabulary, idf, weights) is refitted inside each fold.
 */
import { expectedCalibrationError, fitTemperature, softmax } from './calibration.ts';
import { DEFAULT_FEATURES, type FeatureConfig } from './features.ts';
import { prepareText } from './input.ts';
import { scoreAll } from './linear.ts';
import { stratifiedFolds } from './folds.ts';
import { selectRows } from './sparse.ts';
import { DEFAULT_SVM, type SvmOptions, trainSvm } from './svm.ts';
import { indexLabels } from './training-data.ts';
import { fitVectoriser, vectorise } from './vectoriser.ts';

export interface CrossValidation {
  folds: number;
  examples: number;
  accuracy: number;
  /**
   * Mean of per-label recall: the accuracy a set with as many texts of each label would
   * see. Below `accuracy` when rare labels are harder (often: they have fewer examples).
   */
  balancedAccuracy: number;
  /** Mean of per-label F1: weighs rare labels as much as common ones. */
  macroF1: number;
  foldAccuracies: number[];
  /** Expected calibration error of the confidences, each fold calibrated on the other folds only. */
  calibrationError: number;
  /** Temperature fitted on all out-of-fold scores: hand it to trainClassifier for the final model. */
  temperature: number;
  /** Out-of-fold predicted label per example, for confusion reports. */
  predicted: string[];
}

export interface CrossValidateOptions {
  folds?: number;
  seed?: number;
  features?: Partial<FeatureConfig>;
  svm?: Partial<SvmOptions>;
  onProgress?: (foldsDone: number, folds: number) => void;
}

export function crossValidate(texts: readonly string[], labels: readonly string[], options: CrossValidateOptions = {}): CrossValidation {
  const k = options.folds ?? 5;
  const data = indexLabels(
    texts.map((t) => prepareText(t).text),
    labels,
  );
  const classes = data.labels.length;
  const features = { ...DEFAULT_FEATURES, ...options.features };
  const svm = { ...DEFAULT_SVM, ...options.svm };
  const fold = stratifiedFolds(data.y, k, options.seed ?? 1);
  const n = data.texts.length;
  const scores = new Float32Array(n * classes);
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (fold[i] === f ? test : train).push(i);
    const v = fitVectoriser(
      train.map((i) => data.texts[i]),
      features,
    );
    const x = vectorise(v, data.texts);
    const model = trainSvm(selectRows(x, train), Int32Array.from(train, (i) => data.y[i]), classes, svm);
    const s = scoreAll(model, selectRows(x, test));
    test.forEach((i, r) => scores.set(s.subarray(r * classes, (r + 1) * classes), i * classes));
    options.onProgress?.(f + 1, k);
  }

  const predicted = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (scores[i * classes + c] > scores[i * classes + best]) best = c;
    predicted[i] = best;
  }
  const foldAccuracies: number[] = [];
  const confidence = new Float64Array(n);
  const probs = new Float64Array(classes);
  for (let f = 0; f < k; f++) {
    const inFold: number[] = [];
    const others: number[] = [];
    for (let i = 0; i < n; i++) (fold[i] === f ? inFold : others).push(i);
    const t = fitTemperature(gatherRows(scores, others, classes), Int32Array.from(others, (i) => data.y[i]), classes);
    let hits = 0;
    for (const i of inFold) {
      softmax(scores.subarray(i * classes, (i + 1) * classes), t, probs);
      confidence[i] = probs[predicted[i]];
      if (predicted[i] === data.y[i]) hits++;
    }
    foldAccuracies.push(inFold.length ? hits / inFold.length : 0);
  }
  const correct = Array.from(predicted, (p, i) => p === data.y[i]);
  return {
    folds: k,
    examples: n,
    accuracy: correct.filter(Boolean).length / n,
    balancedAccuracy: balancedAccuracy(data.y, predicted, classes),
    macroF1: macroF1(data.y, predicted, classes),
    foldAccuracies,
    calibrationError: expectedCalibrationError(confidence, correct),
    temperature: fitTemperature(scores, data.y, classes),
    predicted: Array.from(predicted, (p) => data.labels[p]),
  };
}

function gatherRows(scores: Float32Array, rows: number[], classes: number): Float32Array {
  const out = new Float32Array(rows.length * classes);
  rows.forEach((i, r) => out.set(scores.subarray(i * classes, (i + 1) * classes), r * classes));
  return out;
}

export function balancedAccuracy(truth: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number {
  const seen = new Float64Array(classes);
  const right = new Float64Array(classes);
  for (let i = 0; i < truth.length; i++) {
    seen[truth[i]]++;
    if (predicted[i] === truth[i]) right[truth[i]]++;
  }
  let sum = 0;
  let present = 0;
  for (let c = 0; c < classes; c++) {
    if (seen[c] === 0) continue;
    present++;
    sum += right[c] / seen[c];
  }
  return present ? sum / present : 0;
}

export function macroF1(truth: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number {
  const tp = new Float64Array(classes);
  const fp = new Float64Array(classes);
  const fn = new Float64Array(classes);
  for (let i = 0; i < truth.length; i++) {
    if (truth[i] === predicted[i]) tp[truth[i]]++;
    else {
      fp[predicted[i]]++;
      fn[truth[i]]++;
    }
  }
  let sum = 0;
  let present = 0;
  for (let c = 0; c < classes; c++) {
    if (tp[c] + fn[c] === 0) continue; // a label absent from the truth has no recall to score
    present++;
    const denom = 2 * tp[c] + fp[c] + fn[c];
    sum += denom === 0 ? 0 : (2 * tp[c]) / denom;
  }
  return present ? sum / present : 0;
}
