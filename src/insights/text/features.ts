/**
 * Hashed n-gram features. Each n-gram is identified by a 32-bit hash of its
 * characters (collisions among a few hundred thousand n-grams are a handful and harmless),
 * so no n-gram strings are built or stored. Word 1-2-grams catch phrasing ("top up", "not arrived");
 * character 2-5-grams inside word boundaries catch typos and word forms
 * ("recieved", "verifying" ~ "verify") that the word features miss.
 */
import { FNV_OFFSET, combineHashes, fnvStep, hashString } from './hashing.ts';

export interface FeatureConfig {
  /** Smallest and largest word n-gram, or null for no word features. */
  wordNgrams: [number, number] | null;
  /**
   * Unordered pairs of content words anywhere in the text (stop words skipped).
   * A linear model cannot express "transfer AND pending" from unigrams; the pair feature can,
   * and many intents differ by exactly such a combination (+0.7 points of 5-fold accuracy on BANKING77).
   */
  wordPairs: boolean;
  /** Smallest and largest character n-gram inside " word ", or null for none. */
  charNgrams: [number, number] | null;
  /** N-grams seen in fewer training texts are dropped: rare n-grams are mostly noise and bloat the model. */
  minDf: number;
  /** 1 + ln(tf) instead of tf, so a repeated word does not dominate a short text. */
  sublinearTf: boolean;
  /** Each block is L2-normalised on its own, then scaled by this weight. */
  wordWeight: number;
  charWeight: number;
}

export const DEFAULT_FEATURES: FeatureConfig = {
  wordNgrams: [1, 2],
  wordPairs: true,
  charNgrams: [2, 5],
  minDf: 2,
  sublinearTf: true,
  wordWeight: 1,
  charWeight: 1,
};

// Different seeds keep the word and character namespaces apart in one vocabulary.
const WORD_SEED = FNV_OFFSET;
const CHAR_SEED = 0x2f1a3b5d;
const PAIR_SEED = 0x61c88647;

// Function words that carry no intent; pairs with them would only add noise and size.
export const STOP_WORDS: ReadonlySet<string> = new Set(
  ('a an the i me my mine we our you your it its is am are was were be been being do does did ' +
    'to of in on at for from by with and or but if so as this that these those there here ' +
    'can could would should will shall may might must have has had just please hi hello ' +
    'what how why when where which who whom 0').split(' '),
);

/** Reusable buffers of raw 32-bit hashes for one text, one array per block. */
export interface HashedText {
  word: number[];
  char: number[];
}

export function hashTokens(tokens: readonly string[], config: FeatureConfig, out: HashedText): HashedText {
  out.word.length = 0;
  out.char.length = 0;
  if (config.wordNgrams) {
    const [lo, hi] = config.wordNgrams;
    let prev = 0;
    for (let i = 0; i < tokens.length; i++) {
      const h = hashString(tokens[i], WORD_SEED);
      if (lo <= 1 && hi >= 1) out.word.push(h);
      if (i > 0 && lo <= 2 && hi >= 2) out.word.push(combineHashes(prev, h));
      prev = h;
    }
  }
  if (config.wordPairs) {
    const content: number[] = [];
    for (const tok of tokens) if (!STOP_WORDS.has(tok)) content.push(hashString(tok, PAIR_SEED));
    // Short texts only have a few content words; cap the quadratic cost for long ones.
    const m = Math.min(content.length, 24);
    for (let i = 0; i < m; i++)
      for (let j = i + 1; j < m; j++) {
        if (content[i] === content[j]) continue;
        const a = content[i] < content[j] ? content[i] : content[j];
        const b = content[i] < content[j] ? content[j] : content[i];
        out.word.push(combineHashes(a, b));
      }
  }
  if (config.charNgrams) {
    const [lo, hi] = config.charNgrams;
    for (const tok of tokens) {
      // Virtual padding with spaces marks word starts and ends (" un", "ed ").
      const len = tok.length + 2;
      for (let start = 0; start < len; start++) {
        let h = CHAR_SEED;
        for (let k = 0; k < hi && start + k < len; k++) {
          const pos = start + k;
          const code = pos === 0 || pos === len - 1 ? 32 : tok.charCodeAt(pos - 1);
          h = fnvStep(h, code);
          if (k + 1 >= lo) out.char.push(h);
        }
      }
    }
  }
  return out;
}

export function emptyHashedText(): HashedText {
  return { word: [], char: [] };
}
