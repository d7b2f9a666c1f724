/**
 * How many themes: trying k = 2, 3, 4, 5, 6, 8, 10 … (about 25% apart, up to a
 * cap), the k of best mean silhouette (Rousseeuw 1987, on cosine distance) once the
 * next two candidates do not beat it: the point where more themes stop separating
 * the texts better. (On sparse text the silhouette creeps up with k almost forever,
 * so its maximum would just be the cap; its first lasting peak is the structure in
 * the data. Two candidates, not one, because one k-means run can dip by chance.)
 *
 * On unit vectors the mean distance from a text to a cluster is 1 - x·sum/size, so
 * the exact silhouette costs one pass over the texts per k instead of all pairs.
 */
import type { SparseRows } from '../text/sparse.ts';
import { normalisedSums, scoreRow, sphericalKMeans, type Clustering, type KMeansOptions } from './kmeans.ts';

export function silhouette(m: SparseRows, clustering: Clustering): number {
  const { k, assignment } = clustering;
  if (k < 2) return 0;
  const { sums } = normalisedSums(m, assignment, k);
  const sizes = new Int32Array(k);
  for (let i = 0; i < m.rows; i++) if (assignment[i]! >= 0) sizes[assignment[i]!]!++;
  const dots = new Float64Array(k);
  let total = 0;
  let counted = 0;
  for (let i = 0; i < m.rows; i++) {
    const own = assignment[i]!;
    if (own < 0) continue;
    counted++;
    if (sizes[own]! < 2) continue; // a lone text scores 0 by definition
    scoreRow(m, i, sums, k, dots);
    const a = 1 - (dots[own]! - 1) / (sizes[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c]! > 0) b = Math.min(b, 1 - dots[c]! / sizes[c]!);
    const s = b === Infinity ? 0 : (b - a) / Math.max(a, b);
    total += s;
  }
  return counted ? total / counted : 0;
}

/** Candidate k from 2 to `max`, spaced about 25% apart (more themes need less resolution). */
export function candidateKs(max: number): number[] {
  const ks: number[] = [];
  for (let k = 2; k <= max; k = Math.max(k + 1, Math.round(k * 1.25))) ks.push(k);
  if (max >= 2 && ks[ks.length - 1] !== max) ks.push(max);
  return ks;
}

export interface ChosenK {
  clustering: Clustering;
  /** Each candidate's silhouette, for the benchmark and the run's record. */
  tried: { k: number; silhouette: number }[];
}

export function clusterWithBestK(m: SparseRows, maxK: number, options: KMeansOptions = {}): ChosenK {
  const tried: ChosenK['tried'] = [];
  let best: { clustering: Clustering; score: number } | undefined;
  let worseInARow = 0;
  for (const k of candidateKs(maxK)) {
    const clustering = sphericalKMeans(m, k, options);
    const score = silhouette(m, clustering);
    tried.push({ k, silhouette: Math.round(score * 10_000) / 10_000 });
    if (!best || score > best.score) {
      best = { clustering, score };
      worseInARow = 0;
    } else if (++worseInARow === 2) break;
  }
  return { clustering: best?.clustering ?? sphericalKMeans(m, 1, options), tried };
}
