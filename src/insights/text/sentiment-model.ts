/**
 * The sentiment model: a three-class logistic regression over the features of
 * sentiment-features.ts, with its vocabulary and word valences, in one JSON file.
 * The default model is trained by scripts/train-sentiment.ts from open data and
 * committed as sentiment-model.json (format: sentiment-file.ts); adaptSentiment
 * (adapt-sentiment.ts) derives workspace models from it.
 */
import type { LinearModel } from './linear.ts';
import { type LogisticOptions, trainLogistic } from './logistic.ts';
import { DENSE_FEATURES, type TextSignals, extractSignals } from './sentiment-features.ts';
import { SparseBuilder, type SparseRows } from './sparse.ts';

export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

export interface SentimentModel {
  /** Sparse term -> column; dense features follow at columns terms.length + i. */
  vocabulary: Map<string, number>;
  terms: string[];
  /** Word -> valence, -4..4. */
  lexicon: Map<string, number>;
  linear: LinearModel;
  /**
   * Share of the positive probability kept when the text has no positive word or
   * praise cue at all; the rest moves to neutral. The open training data has no
   * neutral statements (its reviews were chosen to be clearly positive or negative),
   * so the learned model reads plain statements ("the meeting is on Tuesday") as
   * mildly positive; in support traffic positive sentiment almost always shows in a
   * word ("thanks", "great"). 1 turns this off; adapted models keep their base model's value.
   */
  positiveWithoutEvidence: number;
  /** Provenance shown in reports: data sources and counts, or what a model was adapted from. */
  info: Record<string, unknown>;
}

export interface LabelledText {
  text: string;
  label: SentimentLabel;
  /** Relative weight in training (default 1). */
  weight?: number;
}

/** Appends one text's feature entries: present terms scaled to unit length, then the dense block. */
export function addFeatures(model: Pick<SentimentModel, 'vocabulary' | 'terms'>, s: TextSignals, out: SparseBuilder | ((col: number, value: number) => void)): void {
  const push = typeof out === 'function' ? out : (c: number, v: number) => out.push(c, v);
  const seen = new Set<number>();
  for (const t of s.terms) {
    const col = model.vocabulary.get(t);
    if (col !== undefined) seen.add(col);
  }
  const value = seen.size ? 1 / Math.sqrt(seen.size) : 0;
  for (const col of seen) push(col, value);
  const base = model.terms.length;
  for (let i = 0; i < s.dense.length; i++) if (s.dense[i] !== 0) push(base + i, s.dense[i]);
}

export interface SentimentTrainOptions {
  lexicon: Map<string, number>;
  /** Terms in fewer training texts are left out of the vocabulary. */
  minDf?: number;
  logistic?: Partial<LogisticOptions>;
  /** Adapt this model instead of starting from nothing (see adapt-sentiment.ts). */
  base?: SentimentModel;
  positiveWithoutEvidence?: number;
  info?: Record<string, unknown>;
}

export const DEFAULT_SENTIMENT_LOGISTIC: Partial<LogisticOptions> = { lambda: 1e-4, epochs: 12, eta0: 0.2, seed: 3 };

export function trainSentimentModel(examples: readonly LabelledText[], options: SentimentTrainOptions): SentimentModel {
  const minDf = options.minDf ?? 3;
  const lexicon = options.base?.lexicon ?? options.lexicon;
  const signals = examples.map((e) => extractSignals(e.text, lexicon));
  // Vocabulary: the base model's terms first (so its columns keep their meaning), then new frequent terms.
  const terms = options.base ? [...options.base.terms] : [];
  const vocabulary = new Map(terms.map((t, i) => [t, i]));
  const df = new Map<string, number>();
  for (const s of signals) for (const t of new Set(s.terms)) df.set(t, (df.get(t) ?? 0) + 1);
  for (const [t, n] of [...df].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (n >= minDf && !vocabulary.has(t)) {
      vocabulary.set(t, terms.length);
      terms.push(t);
    }
  }
  const cols = terms.length + DENSE_FEATURES.length;
  const builder = new SparseBuilder(cols);
  for (const s of signals) {
    addFeatures({ vocabulary, terms }, s, builder);
    builder.endRow();
  }
  const x = builder.build();
  const y = Int32Array.from(examples, (e) => SENTIMENT_LABELS.indexOf(e.label));
  if (y.some((v) => v < 0)) throw new Error('sentiment labels must be negative, neutral or positive');
  const sampleWeights = Float32Array.from(examples, (e) => e.weight ?? 1);
  const offset = options.base ? widen(options.base, terms.length) : undefined;
  const delta = trainLogistic(x, y, SENTIMENT_LABELS.length, {
    ...DEFAULT_SENTIMENT_LOGISTIC,
    ...options.logistic,
    sampleWeights,
    offset,
  });
  const linear = offset ? addModels(offset, delta) : delta;
  return { vocabulary, terms, lexicon, linear, positiveWithoutEvidence: options.positiveWithoutEvidence ?? 1, info: options.info ?? {} };
}

/** The base model laid out on a larger vocabulary (new terms get zero weight). */
function widen(base: SentimentModel, termCount: number): LinearModel {
  const k = base.linear.classes;
  const cols = termCount + DENSE_FEATURES.length;
  const w = new Float32Array(cols * k);
  const oldTerms = base.terms.length;
  w.set(base.linear.weights.subarray(0, oldTerms * k), 0);
  w.set(base.linear.weights.subarray(oldTerms * k), termCount * k);
  return { classes: k, cols, weights: w, bias: Float32Array.from(base.linear.bias) };
}

function addModels(a: LinearModel, b: LinearModel): LinearModel {
  const weights = new Float32Array(a.weights.length);
  for (let i = 0; i < weights.length; i++) weights[i] = a.weights[i] + b.weights[i];
  const bias = new Float32Array(a.bias.length);
  for (let i = 0; i < bias.length; i++) bias[i] = a.bias[i] + b.bias[i];
  return { classes: a.classes, cols: a.cols, weights, bias };
}

/** Feature matrix of texts under a model (for evaluation code that wants raw scores). */
export function sentimentMatrix(model: SentimentModel, texts: readonly string[]): SparseRows {
  const builder = new SparseBuilder(model.linear.cols);
  for (const t of texts) {
    addFeatures(model, extractSignals(t, model.lexicon), builder);
    builder.endRow();
  }
  return builder.build();
}
