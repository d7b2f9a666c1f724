/**
 * TF-IDF over hashed n-grams: learn which n-grams to keep (min-df) and their
 * inverse document frequencies from the training texts, then turn any text into
 * a sparse, per-block L2-normalised vector.
 */
import { type FeatureConfig, type HashedText, emptyHashedText, hashTokens } from './features.ts';
import { HashIndex } from './hash-index.ts';
import { words } from './normalise.ts';
import { SparseBuilder, type SparseRows } from './sparse.ts';

export interface Vectoriser {
  config: FeatureConfig;
  /** The n-gram hash of each column. */
  keys: Uint32Array;
  idf: Float32Array;
  index: HashIndex;
}

export function fitVectoriser(texts: readonly string[], config: FeatureConfig): Vectoriser {
  const df = new Map<number, number>();
  const seen = new Set<number>();
  const buf = emptyHashedText();
  for (const text of texts) {
    hashTokens(words(text), config, buf);
    seen.clear();
    for (const h of buf.word) seen.add(h);
    for (const h of buf.char) seen.add(h);
    for (const h of seen) df.set(h, (df.get(h) ?? 0) + 1);
  }
  const kept: number[] = [];
  for (const [h, n] of df) if (n >= config.minDf) kept.push(h);
  kept.sort((a, b) => a - b); // deterministic column order, whatever the Map did
  const keys = Uint32Array.from(kept);
  const idf = new Float32Array(keys.length);
  const n = texts.length;
  // Smoothed idf as in scikit-learn: ln((1 + n) / (1 + df)) + 1, never zero.
  for (let i = 0; i < keys.length; i++) idf[i] = Math.log((1 + n) / (1 + (df.get(keys[i]) ?? 0))) + 1;
  return { config, keys, idf, index: new HashIndex(keys) };
}

/** Rebuilds the lookup from stored columns (after loading a model file). */
export function restoreVectoriser(config: FeatureConfig, keys: Uint32Array, idf: Float32Array): Vectoriser {
  return { config, keys, idf, index: new HashIndex(keys) };
}

/**
 * Scratch space reused across texts so that prediction allocates nothing per text.
 * `stamp`/`slot` count term frequencies without sorting: stamp[col] says which
 * block last saw the column, slot[col] where its count is.
 */
export interface VectorScratch {
  hashed: HashedText;
  stamp: Int32Array;
  slot: Int32Array;
  tick: number;
  tf: Float32Array;
  /** Output of vectoriseTokens: entries 0..n-1, word-level ones first. */
  cols: Int32Array;
  values: Float32Array;
  /** How many of the entries are word-level (words, word pairs); the rest are character n-grams. */
  wordEntries: number;
}

export function newScratch(v: Vectoriser): VectorScratch {
  return {
    hashed: emptyHashedText(),
    stamp: new Int32Array(v.keys.length),
    slot: new Int32Array(v.keys.length),
    tick: 0,
    tf: new Float32Array(256),
    cols: new Int32Array(256),
    values: new Float32Array(256),
    wordEntries: 0,
  };
}

/**
 * Writes one text's TF-IDF entries to scratch.cols/values and returns how many
 * there are. Word and character blocks are normalised separately so that long
 * words (many character n-grams) do not drown the word features.
 */
export function vectoriseTokens(v: Vectoriser, tokens: readonly string[], scratch: VectorScratch): number {
  hashTokens(tokens, v.config, scratch.hashed);
  const need = scratch.hashed.word.length + scratch.hashed.char.length;
  if (scratch.cols.length < need) {
    scratch.cols = new Int32Array(need * 2);
    scratch.values = new Float32Array(need * 2);
    scratch.tf = new Float32Array(need * 2);
  }
  const n = addBlock(v, scratch.hashed.word, v.config.wordWeight, scratch, 0);
  scratch.wordEntries = n;
  return addBlock(v, scratch.hashed.char, v.config.charWeight, scratch, n);
}

function addBlock(v: Vectoriser, hashes: number[], weight: number, s: VectorScratch, start: number): number {
  if (hashes.length === 0 || weight === 0) return start;
  // A fresh tick per block makes every column "unseen" again without clearing the arrays.
  s.tick = (s.tick + 1) | 0;
  if (s.tick === 0) {
    s.stamp.fill(0);
    s.tick = 1;
  }
  let m = start;
  for (let i = 0; i < hashes.length; i++) {
    const c = v.index.get(hashes[i]);
    if (c < 0) continue;
    if (s.stamp[c] === s.tick) s.tf[s.slot[c]]++;
    else {
      s.stamp[c] = s.tick;
      s.slot[c] = m;
      s.cols[m] = c;
      s.tf[m] = 1;
      m++;
    }
  }
  let norm = 0;
  for (let i = start; i < m; i++) {
    const tf = s.tf[i];
    const w = (v.config.sublinearTf ? 1 + Math.log(tf) : tf) * v.idf[s.cols[i]];
    s.values[i] = w;
    norm += w * w;
  }
  if (norm > 0) {
    const scale = weight / Math.sqrt(norm);
    for (let i = start; i < m; i++) s.values[i] *= scale;
  }
  return m;
}

/** TF-IDF matrix of many texts. */
export function vectorise(v: Vectoriser, texts: readonly string[]): SparseRows {
  const builder = new SparseBuilder(v.keys.length);
  const scratch = newScratch(v);
  for (const text of texts) {
    const n = vectoriseTokens(v, words(text), scratch);
    for (let i = 0; i < n; i++) builder.push(scratch.cols[i], scratch.values[i]);
    builder.endRow();
  }
  return builder.build();
}
