/**
 * The sentiment model's file format: one JSON document with the vocabulary, the
 * weights (rounded to 4 decimals: far below what changes a prediction), the word
 * valences and where the model came from. Versioned like the classifier's files.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { DENSE_FEATURES } from './sentiment-features.ts';
import type { SentimentModel } from './sentiment-model.ts';

export const SENTIMENT_FORMAT = 'touchpoint-sentiment-model';
export const SENTIMENT_FORMAT_VERSION = 1;

const fileSchema = z.object({
  format: z.literal(SENTIMENT_FORMAT),
  version: z.literal(SENTIMENT_FORMAT_VERSION),
  labels: z.tuple([z.literal('negative'), z.literal('neutral'), z.literal('positive')]),
  dense: z.array(z.string()),
  terms: z.array(z.string()),
  /** Feature-major weights (one [negative, neutral, positive] triple per term, then per dense feature). */
  weights: z.array(z.number()),
  bias: z.array(z.number()).length(3),
  positiveWithoutEvidence: z.number().min(0).max(1),
  lexicon: z.record(z.string(), z.number()),
  info: z.record(z.string(), z.unknown()),
});

export type SentimentFile = z.infer<typeof fileSchema>;

export class SentimentModelError extends Error {}

/** Terms whose three weights are all below `prune` in magnitude are dropped: they change no prediction measurably. */
export function sentimentToJson(model: SentimentModel, prune = 0): SentimentFile {
  const k = 3;
  const keep: number[] = [];
  const w = model.linear.weights;
  for (let j = 0; j < model.terms.length; j++) {
    if (Math.max(Math.abs(w[j * k]), Math.abs(w[j * k + 1]), Math.abs(w[j * k + 2])) >= prune) keep.push(j);
  }
  const weights: number[] = [];
  const round = (v: number) => Math.round(v * 1e4) / 1e4;
  for (const j of keep) for (let c = 0; c < k; c++) weights.push(round(w[j * k + c]));
  for (let d = 0; d < DENSE_FEATURES.length; d++) for (let c = 0; c < k; c++) weights.push(round(w[(model.terms.length + d) * k + c]));
  return {
    format: SENTIMENT_FORMAT,
    version: SENTIMENT_FORMAT_VERSION,
    labels: ['negative', 'neutral', 'positive'],
    dense: [...DENSE_FEATURES],
    terms: keep.map((j) => model.terms[j]),
    weights,
    bias: Array.from(model.linear.bias, round),
    positiveWithoutEvidence: model.positiveWithoutEvidence,
    lexicon: Object.fromEntries([...model.lexicon].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
    info: model.info,
  };
}

export function sentimentFromJson(json: unknown, source = 'sentiment model'): SentimentModel {
  const head = (typeof json === 'object' && json !== null ? json : {}) as { format?: unknown; version?: unknown };
  if (head.format !== SENTIMENT_FORMAT) {
    throw new SentimentModelError(`${source} is not a Touchpoint sentiment model (format ${JSON.stringify(head.format ?? null)})`);
  }
  if (head.version !== SENTIMENT_FORMAT_VERSION) {
    throw new SentimentModelError(
      `${source} is sentiment model format version ${JSON.stringify(head.version ?? null)}; this version of Touchpoint reads version ${SENTIMENT_FORMAT_VERSION}`,
    );
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SentimentModelError(`${source} is corrupt: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const f = parsed.data;
  if (f.dense.join() !== DENSE_FEATURES.join()) {
    throw new SentimentModelError(`${source} was made with different dense features (${f.dense.join(', ')}); retrain it`);
  }
  const cols = f.terms.length + f.dense.length;
  if (f.weights.length !== cols * 3) {
    throw new SentimentModelError(`${source} is corrupt: ${f.weights.length} weights for ${cols} features`);
  }
  return {
    vocabulary: new Map(f.terms.map((t, i) => [t, i])),
    terms: f.terms,
    lexicon: new Map(Object.entries(f.lexicon)),
    linear: { classes: 3, cols, weights: Float32Array.from(f.weights), bias: Float32Array.from(f.bias) },
    positiveWithoutEvidence: f.positiveWithoutEvidence,
    info: f.info,
  };
}

export function saveSentimentModel(file: string, model: SentimentModel, prune = 0): void {
  fs.writeFileSync(file, JSON.stringify(sentimentToJson(model, prune)) + '\n');
}

export function loadSentimentModel(file: string | URL): SentimentModel {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SentimentModelError(`cannot read sentiment model ${String(file)}: ${(err as Error).message}`);
  }
  return sentimentFromJson(json, String(file));
}

let bundled: SentimentModel | undefined;

/** The model shipped with Touchpoint (trained from open data by scripts/train-sentiment.ts). */
export function defaultSentimentModel(): SentimentModel {
  bundled ??= loadSentimentModel(new URL('./sentiment-model.json', import.meta.url));
  return bundled;
}
