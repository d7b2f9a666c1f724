/**
 * Lexicon scoring with the rules that matter most in short posts (after Hutto &
 * Gilbert's VADER, 2014): a negation within three words flips and damps a word
 * ("not good"), intensifiers scale it ("really bad"), "but" shifts weight to what
 * follows, and capitals add emphasis. The word valences themselves (-4..4) come
 * with the sentiment model file, so a workspace model can carry its own.
 */
import { NEGATORS, PUNCTUATION } from './sentiment-tokens.ts';

const BOOSTERS = new Set([
  'very', 'really', 'so', 'extremely', 'absolutely', 'totally', 'incredibly', 'super', 'completely', 'utterly', 'highly', 'such',
  'too', 'most', 'truly', 'seriously', 'hugely', 'deeply', 'especially', 'exceptionally', 'fucking', 'freaking', 'damn', 'insanely', 'beyond',
]);
const DAMPENERS = new Set(['slightly', 'somewhat', 'kinda', 'bit', 'little', 'barely', 'partly', 'fairly', 'marginally', 'mostly']);

const NEGATION_SCALE = -0.74; // VADER's N_SCALAR
const BOOST = 1.3;
const DAMP = 0.7;
const SHOUT = 1.25;

export interface LexiconScore {
  /** Sum of positive contributions (>= 0). */
  positive: number;
  /** Sum of the magnitudes of negative contributions (>= 0). */
  negative: number;
  /** Words found in the lexicon. */
  hits: number;
}

export function scoreLexicon(tokens: readonly string[], shouted: ReadonlySet<string>, lexicon: ReadonlyMap<string, number>): LexiconScore {
  let butAt = -1;
  for (let i = 0; i < tokens.length; i++) if (tokens[i] === 'but') butAt = i;
  let positive = 0;
  let negative = 0;
  let hits = 0;
  for (let i = 0; i < tokens.length; i++) {
    const base = lexicon.get(tokens[i]);
    if (base === undefined) continue;
    hits++;
    let v = base;
    for (let back = 1; back <= 3 && i - back >= 0; back++) {
      const prev = tokens[i - back];
      if (PUNCTUATION.has(prev)) break;
      if (NEGATORS.has(prev)) {
        v *= NEGATION_SCALE;
        break;
      }
      if (back <= 2 && BOOSTERS.has(prev)) v *= BOOST;
      else if (back <= 2 && DAMPENERS.has(prev)) v *= DAMP;
    }
    if (shouted.has(tokens[i])) v *= SHOUT;
    if (butAt >= 0) v *= i < butAt ? 0.5 : 1.5;
    if (v > 0) positive += v;
    else negative -= v;
  }
  return { positive, negative, hits };
}

/** VADER's normalisation of a raw valence sum into (-1, 1). */
export function squash(x: number, alpha = 15): number {
  return x / Math.sqrt(x * x + alpha);
}
