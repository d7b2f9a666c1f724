/**
 * A workspace's own sentiment model, learned from its survey comments labelled
 * by the NPS score given with them (0-6 detractor: negative, 7-8 passive: neutral,
 * 9-10 promoter: positive). The bundled model is the starting point and the
 * regularisation pulls towards it, so a few hundred comments teach the workspace's
 * vocabulary ("sync", "onboarding", a product name) without forgetting English.
 */
import { prepareText } from './input.ts';
import { defaultSentimentModel } from './sentiment-file.ts';
import { type LabelledText, type SentimentLabel, type SentimentModel, trainSentimentModel } from './sentiment-model.ts';
import { TrainingDataError } from './training-data.ts';

export interface NpsComment {
  text: string;
  /** The 0-10 "how likely are you to recommend us" answer given with the comment. */
  score: number;
}

export function npsSentiment(score: number): SentimentLabel {
  if (!Number.isInteger(score) || score < 0 || score > 10) throw new TrainingDataError(`NPS score must be an integer from 0 to 10 (got ${score})`);
  return score <= 6 ? 'negative' : score <= 8 ? 'neutral' : 'positive';
}

export interface AdaptOptions {
  /** The model to start from (default: the bundled one). */
  base?: SentimentModel;
  /**
   * How strongly to stay close to the base model (L2 penalty on the change).
   * Larger keeps more of the base; smaller trusts the comments more.
   */
  strength?: number;
  /** New words must occur in at least this many comments to join the vocabulary. */
  minDf?: number;
  epochs?: number;
}

export const MIN_ADAPT_COMMENTS = 10;

/** Pure: same comments and options give the same model; nothing is read or written. */
export function adaptSentiment(comments: readonly NpsComment[], options: AdaptOptions = {}): SentimentModel {
  const examples: LabelledText[] = [];
  for (const c of comments) {
    const label = npsSentiment(c.score);
    const { text, flags } = prepareText(c.text);
    if (!flags.includes('empty')) examples.push({ text, label });
  }
  if (examples.length < MIN_ADAPT_COMMENTS) {
    throw new TrainingDataError(`adapting sentiment needs at least ${MIN_ADAPT_COMMENTS} comments with text (got ${examples.length})`);
  }
  const classes = new Set(examples.map((e) => e.label));
  if (classes.size < 2) {
    throw new TrainingDataError(
      `all comments fall in one NPS group (${[...classes][0]}); adapting needs comments from at least two of detractors (0-6), passives (7-8) and promoters (9-10)`,
    );
  }
  const base = options.base ?? defaultSentimentModel();
  const counts = { negative: 0, neutral: 0, positive: 0 };
  for (const e of examples) counts[e.label]++;
  return trainSentimentModel(examples, {
    lexicon: base.lexicon,
    base,
    minDf: options.minDf ?? 2,
    logistic: { lambda: options.strength ?? 1e-3, epochs: options.epochs ?? 20, eta0: 0.2, seed: 5 },
    positiveWithoutEvidence: base.positiveWithoutEvidence,
    info: { adaptedFrom: base.info.trainedBy ?? 'a sentiment model', comments: counts },
  });
}
