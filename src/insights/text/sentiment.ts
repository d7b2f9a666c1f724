/**
 * Sentiment of customer messages: negative, neutral or positive, with a score in
 * [-1, 1] (probability of positive minus probability of negative). Works out of the
 * box in English with the bundled model; pass a workspace model from adaptSentiment
 * to use one tuned on your own survey comments.
 */
import { softmax } from './calibration.ts';
import { type TextFlag, prepareText } from './input.ts';
import { addScaled } from './linear.ts';
import { extractSignals } from './sentiment-features.ts';
import { defaultSentimentModel } from './sentiment-file.ts';
import { SENTIMENT_LABELS, type SentimentLabel, type SentimentModel, addFeatures } from './sentiment-model.ts';

export interface SentimentResult {
  sentiment: SentimentLabel;
  /** P(positive) - P(negative), in [-1, 1]; 0 for empty or unrecognised text. */
  score: number;
  /** Probability of the chosen class. */
  confidence: number;
  probabilities: Record<SentimentLabel, number>;
  /** 'empty', 'truncated' (only the first 5,000 characters were read), 'unrecognised' (no known word: another language?). */
  flags: TextFlag[];
}

/** Below this share of known words, with no sentiment cue at all, the model is guessing: say neutral, with low confidence. */
const MIN_RECOGNISED = 0.3;

export function createSentimentScorer(model: SentimentModel = defaultSentimentModel()): (text: string) => SentimentResult {
  const k = SENTIMENT_LABELS.length;
  const scores = new Float64Array(k);
  const probs = new Float64Array(k);
  const w = model.linear.weights;
  const push = (col: number, value: number) => addScaled(scores, w, col * k, k, value);
  return (raw: string) => {
    const { text, flags } = prepareText(raw);
    if (flags.includes('empty')) return neutral(flags, 0);
    const signals = extractSignals(text, model.lexicon);
    let words = 0;
    let known = 0;
    for (const t of signals.terms) {
      if (t.includes(' ') || t.startsWith('cue:')) continue;
      words++;
      const bare = t.startsWith('not_') ? t.slice(4) : t;
      if (model.vocabulary.has(t) || model.vocabulary.has(bare) || model.lexicon.has(bare)) known++;
    }
    if (signals.signals === 0 && (words === 0 || known / words < MIN_RECOGNISED)) {
      return neutral([...flags, 'unrecognised'], 1 / 3);
    }
    scores.set(model.linear.bias);
    addFeatures(model, signals, push);
    softmax(scores, 1, probs);
    if (signals.lexiconPositive === 0 && model.positiveWithoutEvidence < 1) {
      const moved = probs[2] * (1 - model.positiveWithoutEvidence);
      probs[2] -= moved;
      probs[1] += moved;
    }
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[c] > probs[best]) best = c;
    return {
      sentiment: SENTIMENT_LABELS[best],
      score: probs[2] - probs[0],
      confidence: probs[best],
      probabilities: { negative: probs[0], neutral: probs[1], positive: probs[2] },
      flags,
    };
  };
}

function neutral(flags: TextFlag[], confidence: number): SentimentResult {
  return {
    sentiment: 'neutral',
    score: 0,
    confidence,
    probabilities: { negative: (1 - confidence) / 2, neutral: confidence, positive: (1 - confidence) / 2 },
    flags,
  };
}

/** One-off convenience; use createSentimentScorer in loops. */
export function analyseSentiment(text: string, model?: SentimentModel): SentimentResult {
  return createSentimentScorer(model)(text);
}
