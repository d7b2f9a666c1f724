/**
 * Spherical k-means on L2-normalised sparse rows (TF-IDF texts): each text joins
 * the centroid of highest cosine, each centroid is the normalised sum of its
 * texts. Seeded with k-means++ (Arthur & Vassilvitskii 2007) on cosine distance, by a
 * seeded generator: the same texts give the same themes every run.
 *
 * Centroids are kept feature-major (weights[col * k + c]) so that scoring a text
 * walks its few non-zero columns once and updates all k scores together.
 */
import type { SparseRows } from '../text/sparse.ts';
import { mulberry32 } from '../text/random.ts';

export interface Clustering {
  k: number;
  /** Cluster of each row; -1 for a row without any known term. */
  assignment: Int32Array;
  /** Cosine of each row to its centroid. */
  similarity: Float32Array;
  /** Normalised centroids, feature-major. */
  centroids: Float32Array;
  /** Sum of the similarities: what the iterations maximise. */
  cohesion: number;
}

export interface KMeansOptions {
  seed?: number;
  maxIterations?: number;
  /** Independent seedings; the most cohesive result wins. Default: 3 up to 1,000 texts (cheap, and where one seeding varies most), else 1. */
  restarts?: number;
}

export function sphericalKMeans(m: SparseRows, k: number, options: KMeansOptions = {}): Clustering {
  const { seed = 1, maxIterations = 20, restarts = m.rows <= 1000 ? 3 : 1 } = options;
  let best: Clustering | undefined;
  for (let r = 0; r < restarts; r++) {
    const run = lloyd(m, k, mulberry32(seed + r * 7919), maxIterations);
    if (!best || run.cohesion > best.cohesion) best = run;
  }
  return best!;
}

function lloyd(m: SparseRows, kWanted: number, rand: () => number, maxIterations: number): Clustering {
  const live = liveRows(m);
  const k = Math.max(1, Math.min(kWanted, live.length));
  const assignment = new Int32Array(m.rows).fill(-1);
  const similarity = new Float32Array(m.rows);
  let centroids = seedCentroids(m, live, k, rand);
  let cohesion = 0;
  // Always ends on an assignment, so each text's similarity is to the centroids returned.
  for (let it = 0; ; it++) {
    const changed = assign(m, live, centroids, k, assignment, similarity);
    cohesion = 0;
    for (const i of live) cohesion += similarity[i]!;
    // The last moves of a few texts change no theme's meaning; stop when under 0.2% move.
    if ((it > 0 && changed <= live.length * 0.002) || it + 1 >= maxIterations) break;
    refillEmpty(live, k, assignment, similarity);
    centroids = normalisedSums(m, assignment, k).weights;
  }
  return { k, assignment, similarity, centroids, cohesion };
}

/** Rows with at least one known term; the others cannot be placed by their words. */
function liveRows(m: SparseRows): number[] {
  const live: number[] = [];
  for (let i = 0; i < m.rows; i++) if (m.indptr[i + 1]! > m.indptr[i]!) live.push(i);
  return live;
}

/** Cosine of row i to every centroid, into scores. */
export function scoreRow(m: SparseRows, i: number, centroids: Float32Array, k: number, scores: Float64Array): void {
  scores.fill(0);
  for (let p = m.indptr[i]!; p < m.indptr[i + 1]!; p++) {
    const v = m.values[p]!;
    const base = m.indices[p]! * k;
    for (let c = 0; c < k; c++) scores[c]! += v * centroids[base + c]!;
  }
}

function assign(m: SparseRows, live: number[], centroids: Float32Array, k: number, assignment: Int32Array, similarity: Float32Array): number {
  const scores = new Float64Array(k);
  let changed = 0;
  for (const i of live) {
    scoreRow(m, i, centroids, k, scores);
    let bestC = 0;
    for (let c = 1; c < k; c++) if (scores[c]! > scores[bestC]!) bestC = c;
    if (assignment[i] !== bestC) changed++;
    assignment[i] = bestC;
    similarity[i] = scores[bestC]!;
  }
  return changed;
}

/** An empty cluster takes the text farthest from its own centroid, so k clusters stay k. */
function refillEmpty(live: number[], k: number, assignment: Int32Array, similarity: Float32Array): void {
  const sizes = new Int32Array(k);
  for (const i of live) sizes[assignment[i]!]!++;
  for (let c = 0; c < k; c++) {
    if (sizes[c]! > 0) continue;
    let worst = -1;
    for (const i of live) if (sizes[assignment[i]!]! > 1 && (worst < 0 || similarity[i]! < similarity[worst]!)) worst = i;
    if (worst < 0) return;
    sizes[assignment[worst]!]!--;
    assignment[worst] = c;
    similarity[worst] = 1;
    sizes[c] = 1;
  }
}

/** Per-cluster sums of the rows (feature-major) and their normalised versions. */
export function normalisedSums(m: SparseRows, assignment: Int32Array, k: number): { sums: Float32Array; weights: Float32Array } {
  const sums = new Float32Array(m.cols * k);
  for (let i = 0; i < m.rows; i++) {
    const c = assignment[i]!;
    if (c < 0) continue;
    for (let p = m.indptr[i]!; p < m.indptr[i + 1]!; p++) sums[m.indices[p]! * k + c]! += m.values[p]!;
  }
  const norms = new Float64Array(k);
  for (let j = 0; j < sums.length; j++) norms[j % k]! += sums[j]! * sums[j]!;
  const weights = new Float32Array(sums.length);
  for (let j = 0; j < sums.length; j++) {
    const n = norms[j % k]!;
    if (n > 0) weights[j] = sums[j]! / Math.sqrt(n);
  }
  return { sums, weights };
}

/** k-means++: each next seed is a text drawn with probability proportional to its squared cosine distance from the nearest seed. */
function seedCentroids(m: SparseRows, live: number[], k: number, rand: () => number): Float32Array {
  const centroids = new Float32Array(m.cols * k);
  const nearest = new Float64Array(live.length).fill(Infinity);
  const dense = new Float32Array(m.cols);
  let pick = live[Math.floor(rand() * live.length)]!;
  for (let c = 0; c < k; c++) {
    dense.fill(0);
    for (let p = m.indptr[pick]!; p < m.indptr[pick + 1]!; p++) {
      dense[m.indices[p]!] = m.values[p]!;
      centroids[m.indices[p]! * k + c] = m.values[p]!;
    }
    let total = 0;
    for (let j = 0; j < live.length; j++) {
      const i = live[j]!;
      let dot = 0;
      for (let p = m.indptr[i]!; p < m.indptr[i + 1]!; p++) dot += m.values[p]! * dense[m.indices[p]!]!;
      const d = Math.max(0, 1 - dot);
      if (d * d < nearest[j]!) nearest[j] = d * d;
      total += nearest[j]!;
    }
    if (c + 1 === k) break;
    if (total <= 0) {
      // Every text equals a seed already: any text will do.
      pick = live[Math.floor(rand() * live.length)]!;
      continue;
    }
    let target = rand() * total;
    let j = 0;
    while (j < live.length - 1 && target >= nearest[j]!) target -= nearest[j++]!;
    pick = live[j]!;
  }
  return centroids;
}
