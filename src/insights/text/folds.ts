/**
 * Stratified k-fold assignment: every fold gets each label in (nearly) the same
 * proportion as the whole set, so a rare label is never missing from a test fold
 * by bad luck.
 */
import { mulberry32, shuffleInPlace } from './random.ts';

/** fold[i] in 0..k-1 for each example. */
export function stratifiedFolds(labels: ArrayLike<number>, k: number, seed = 1): Int32Array {
  if (!Number.isInteger(k) || k < 2) throw new Error(`folds must be an integer of at least 2 (got ${k})`);
  if (k > labels.length) throw new Error(`folds (${k}) cannot exceed the number of examples (${labels.length})`);
  const byLabel = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const list = byLabel.get(labels[i]);
    if (list) list.push(i);
    else byLabel.set(labels[i], [i]);
  }
  const rand = mulberry32(seed);
  const fold = new Int32Array(labels.length);
  // Deal each label's shuffled examples round-robin, continuing where the last label stopped,
  // so that fold sizes stay balanced even when many labels have fewer than k examples.
  let next = 0;
  for (const label of [...byLabel.keys()].sort((a, b) => a - b)) {
    const list = byLabel.get(label)!;
    shuffleInPlace(list, list.length, rand);
    for (const i of list) {
      fold[i] = next;
      next = (next + 1) % k;
    }
  }
  return fold;
}
