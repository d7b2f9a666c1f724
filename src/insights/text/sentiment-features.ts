/**
 * Features for the sentiment model: the words themselves (with "not_" marking
 * words under negation), word pairs, cue names, and a handful of dense signals
 * (lexicon sums, complaint and praise cues, question shape). The learned model
 * weighs them; the dense signals let it handle words it never saw in training.
 */
import { findCues } from './cues.ts';
import { scoreLexicon, squash } from './lexicon.ts';
import { NEGATORS, PUNCTUATION, type SentimentTokens, sentimentTokens } from './sentiment-tokens.ts';

export const DENSE_FEATURES = [
  'lexicon_positive',
  'lexicon_negative',
  'lexicon_balance',
  'complaint_cues',
  'praise_cues',
  'ends_with_question',
  'starts_like_question',
  'starts_with_why',
  'request',
  'exclamation',
  'no_sentiment_signal',
] as const;

const QUESTION_START = /^(?:how|what|when|where|which|who|whom|whose|can|could|do|does|did|is|are|am|will|would|should|shall|may|might|if|i (?:need|want|would like) to know|is there|are there|any (?:way|idea))\b/;
const REQUEST = /\b(?:please|i would like|i want to|i need to|i wish to|can you|could you|would you|how (?:do|can|would|should) i|is it possible|let me know|looking for|i am trying to)\b/;

export interface TextSignals {
  /** Sparse terms: words (negation-marked), word pairs, cue names. */
  terms: string[];
  dense: Float32Array;
  /** Lexicon words + cues found: 0 means nothing in the text carries sentiment the model knows of. */
  signals: number;
  lexiconPositive: number;
  lexiconNegative: number;
  cueNames: string[];
}

export function extractSignals(raw: string, lexicon: ReadonlyMap<string, number>): TextSignals {
  const tok: SentimentTokens = sentimentTokens(raw);
  const { tokens } = tok;
  const lex = scoreLexicon(tokens, tok.shouted, lexicon);
  let complaint = 0;
  let praise = 0;
  const cueNames: string[] = [];
  for (const hit of findCues(tok.normalised)) {
    if (hit.negated) {
      // "not fixed" is a complaint; "not delayed" is simply not a complaint.
      if (hit.valence > 0) {
        complaint += hit.valence * 0.8;
        cueNames.push(`cue:not-${hit.name}`);
      }
      continue;
    }
    if (hit.valence < 0) complaint -= hit.valence;
    else praise += hit.valence;
    cueNames.push(`cue:${hit.name}`);
  }
  // Sarcasm ("thanks for nothing", "what a joke") turns the whole post's praise words around:
  // every word reads as negated, and the lexicon's positive sum counts as negative.
  const sarcastic = cueNames.includes('cue:sarcasm');
  const terms: string[] = [];
  // Negation scope: from a negator to the next punctuation, at most three words.
  let negLeft = 0;
  let prev = '';
  for (const t of tokens) {
    if (PUNCTUATION.has(t)) {
      negLeft = 0;
      prev = '';
      continue;
    }
    terms.push(negLeft > 0 || sarcastic ? `not_${t}` : t);
    if (prev) terms.push(`${prev} ${t}`);
    prev = t;
    if (NEGATORS.has(t)) negLeft = 3;
    else if (negLeft > 0) negLeft--;
  }
  for (const c of cueNames) terms.push(c);

  const positive = sarcastic ? 0 : lex.positive + praise;
  const negative = lex.negative + complaint + (sarcastic ? lex.positive + praise : 0);
  const startsQ = QUESTION_START.test(tok.normalised.trimStart());
  const dense = new Float32Array(DENSE_FEATURES.length);
  dense[0] = squash(positive, 4);
  dense[1] = squash(negative, 4);
  dense[2] = squash(positive - negative);
  dense[3] = squash(complaint, 4);
  dense[4] = squash(praise, 4);
  dense[5] = /\?\s*$/.test(raw) ? 1 : tok.questionMarks > 0 ? 0.5 : 0;
  dense[6] = startsQ ? 1 : 0;
  dense[7] = /^(?:why|how come)\b/.test(tok.normalised.trimStart()) ? 1 : 0;
  dense[8] = REQUEST.test(tok.normalised) ? 1 : 0;
  dense[9] = Math.min(tok.exclamations, 3) / 3;
  dense[10] = lex.hits + cueNames.length === 0 ? 1 : 0;
  return {
    terms,
    dense,
    signals: lex.hits + cueNames.length,
    lexiconPositive: positive,
    lexiconNegative: negative,
    cueNames,
  };
}
