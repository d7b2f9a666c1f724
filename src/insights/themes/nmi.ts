/**
 * Normalised mutual information between two labellings of the same items
 * (themes against known intents): MI / mean(H(a), H(b)), the arithmetic-mean
 * normalisation scikit-learn uses by default, in nats. 1 when the labellings
 * agree up to renaming, 0 when they are independent.
 */
export function normalisedMutualInformation(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  if (a.length !== b.length) throw new Error(`the labellings differ in length (${a.length} and ${b.length})`);
  const n = a.length;
  if (n === 0) throw new Error('no items to compare');
  const countA = new Map<string | number, number>();
  const countB = new Map<string | number, number>();
  const joint = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    countA.set(a[i]!, (countA.get(a[i]!) ?? 0) + 1);
    countB.set(b[i]!, (countB.get(b[i]!) ?? 0) + 1);
    const key = JSON.stringify([a[i], b[i]]);
    joint.set(key, (joint.get(key) ?? 0) + 1);
  }
  const hA = entropy(countA.values(), n);
  const hB = entropy(countB.values(), n);
  // Both single-label: identical up to renaming (scikit-learn's convention).
  if (hA === 0 && hB === 0) return 1;
  let mi = 0;
  for (const [key, nij] of joint) {
    const [x, y] = JSON.parse(key) as [string | number, string | number];
    mi += (nij / n) * Math.log((nij * n) / (countA.get(x)! * countB.get(y)!));
  }
  return Math.max(0, Math.min(1, mi / ((hA + hB) / 2)));
}

function entropy(counts: Iterable<number>, n: number): number {
  let h = 0;
  for (const c of counts) h -= (c / n) * Math.log(c / n);
  return h;
}
