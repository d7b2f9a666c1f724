/**
 * The text classifier a workspace trains on its own labels (ticket category,
 * intent, team): TF-IDF over word 1-2-grams, content-word pairs and character
 * 2-5-grams, a one-vs-rest linear SVM, and a fitted temperature that turns SVM
 * scores into calibrated probabilities.
 */
import { fitTemperature, softmax } from './calibration.ts';
import { DEFAULT_FEATURES, type FeatureConfig } from './features.ts';
import { type TextFlag, prepareText } from './input.ts';
import { type LinearModel, addScaled, scoreAll } from './linear.ts';
import { words } from './normalise.ts';
import { selectRows } from './sparse.ts';
import { DEFAULT_SVM, type SvmOptions, trainSvm } from './svm.ts';
import { indexLabels } from './training-data.ts';
import { stratifiedFolds } from './folds.ts';
import { type Vectoriser, fitVectoriser, newScratch, vectorise, vectoriseTokens } from './vectoriser.ts';

export interface TextClassifier {
  labels: string[];
  vectoriser: Vectoriser;
  model: LinearModel;
  /** Softmax temperature for the SVM scores (see calibration.ts). */
  temperature: number;
  /** Training examples per label, kept for reports. */
  labelCounts: Record<string, number>;
  svm: SvmOptions;
}

export interface ClassifierOptions {
  features: FeatureConfig;
  svm: SvmOptions;
  /**
   * Where the temperature comes from: a number already fitted on held-out scores
   * (cross-validation provides one), or 'holdout' to fit it on a stratified fifth
   * of the data with a preliminary model (costs about 80% more training time).
   */
  temperature: number | 'holdout';
}

export const DEFAULT_CLASSIFIER: ClassifierOptions = {
  features: DEFAULT_FEATURES,
  svm: DEFAULT_SVM,
  temperature: 'holdout',
};

export interface TrainProgress {
  stage: 'calibrating' | 'training';
  done: number;
  total: number;
}

export interface ClassifierTrainOptions {
  features?: Partial<FeatureConfig>;
  svm?: Partial<SvmOptions>;
  temperature?: number | 'holdout';
  onProgress?: (p: TrainProgress) => void;
}

/** Trains on (text, label) pairs. Throws TrainingDataError when the labels cannot train a classifier. */
export function trainClassifier(texts: readonly string[], labels: readonly string[], options: ClassifierTrainOptions = {}): TextClassifier {
  const data = indexLabels(
    texts.map((t) => prepareText(t).text),
    labels,
  );
  const features = { ...DEFAULT_FEATURES, ...options.features };
  const svm = { ...DEFAULT_SVM, ...options.svm };
  let temperature = options.temperature ?? 'holdout';
  if (temperature === 'holdout') {
    temperature = holdoutTemperature(data.texts, data.y, data.labels.length, features, svm, (done, total) =>
      options.onProgress?.({ stage: 'calibrating', done, total }),
    );
  }
  if (!(temperature > 0) || !Number.isFinite(temperature)) throw new Error(`temperature must be a positive number (got ${temperature})`);
  const vectoriser = fitVectoriser(data.texts, features);
  const x = vectorise(vectoriser, data.texts);
  const model = trainSvm(x, data.y, data.labels.length, svm, (done, total) =>
    options.onProgress?.({ stage: 'training', done, total }),
  );
  const labelCounts: Record<string, number> = {};
  data.labels.forEach((l, i) => (labelCounts[l] = data.counts[i]));
  return { labels: data.labels, vectoriser, model, temperature, labelCounts, svm };
}

function holdoutTemperature(
  texts: string[],
  y: Int32Array,
  classes: number,
  features: FeatureConfig,
  svm: SvmOptions,
  onClassDone: (done: number, total: number) => void,
): number {
  const k = Math.min(5, texts.length);
  if (k < 2) return 1;
  const fold = stratifiedFolds(y, k, 7);
  const train: number[] = [];
  const held: number[] = [];
  for (let i = 0; i < texts.length; i++) (fold[i] === 0 ? held : train).push(i);
  const v = fitVectoriser(
    train.map((i) => texts[i]),
    features,
  );
  const all = vectorise(v, texts);
  const model = trainSvm(selectRows(all, train), Int32Array.from(train, (i) => y[i]), classes, svm, onClassDone);
  const scores = scoreAll(model, selectRows(all, held));
  return fitTemperature(scores, Int32Array.from(held, (i) => y[i]), classes);
}

export interface Prediction {
  /** The most probable label, or '' when the text is empty. */
  label: string;
  /** Calibrated probability of `label` (0 for empty texts). */
  confidence: number;
  flags: TextFlag[];
}

/**
 * Calibrated probabilities of every label for a text, into a buffer reused from
 * call to call (null for an empty text). The scratch buffers are the predictor's
 * own: no allocation per text beyond tokenisation, which keeps throughput in the
 * tens of thousands per second.
 */
function createScorer(classifier: TextClassifier): (raw: string) => { probs: Float64Array | null; flags: TextFlag[] } {
  const { model, vectoriser, temperature } = classifier;
  const k = model.classes;
  const scratch = newScratch(vectoriser);
  const scores = new Float64Array(k);
  const probs = new Float64Array(k);
  const w = model.weights;
  return (raw: string) => {
    const { text, flags } = prepareText(raw);
    if (flags.includes('empty')) return { probs: null, flags };
    scores.set(model.bias);
    const n = vectoriseTokens(vectoriser, words(text), scratch);
    for (let e = 0; e < n; e++) addScaled(scores, w, scratch.cols[e] * k, k, scratch.values[e]);
    // No known word (another language, emoji only, gibberish): any answer rests on stray character
    // n-grams or the class prior alone, so say so. Word features are off only by explicit configuration.
    if (vectoriser.config.wordNgrams ? scratch.wordEntries === 0 : n === 0) flags.push('unrecognised');
    softmax(scores, temperature, probs);
    return { probs, flags };
  };
}

/** A prediction function: the most probable label of each text with its confidence. */
export function createPredictor(classifier: TextClassifier): (text: string) => Prediction {
  const score = createScorer(classifier);
  const { labels } = classifier;
  return (raw: string) => {
    const { probs, flags } = score(raw);
    if (!probs) return { label: '', confidence: 0, flags };
    let best = 0;
    for (let c = 1; c < probs.length; c++) if (probs[c] > probs[best]) best = c;
    return { label: labels[best], confidence: probs[best], flags };
  };
}

export interface RankedPrediction extends Prediction {
  /** The next most probable labels, most probable first. */
  alternatives: { label: string; confidence: number }[];
}

/** Like createPredictor, with the runners-up: for people trying a model, not for bulk labelling. */
export function createRanker(classifier: TextClassifier, alternatives = 3): (text: string) => RankedPrediction {
  const score = createScorer(classifier);
  const { labels } = classifier;
  return (raw: string) => {
    const { probs, flags } = score(raw);
    if (!probs) return { label: '', confidence: 0, flags, alternatives: [] };
    const [best, ...rest] = labels.map((label, c) => ({ label, confidence: probs[c] })).sort((a, b) => b.confidence - a.confidence);
    return { ...best, flags, alternatives: rest.slice(0, alternatives) };
  };
}

/** Convenience for one-off calls; use createPredictor in loops. */
export function predict(classifier: TextClassifier, text: string): Prediction {
  return createPredictor(classifier)(text);
}
