/**
 * Finds the recurring issues in a set of texts, without labels: unit TF-IDF
 * vectors, spherical k-means with k chosen by the silhouette's first lasting peak (or
 * given), clusters too small to be a theme folded into "other", each theme named
 * by its distinctive terms and its texts ranked by closeness to its centre.
 */
import { mulberry32, shuffleInPlace } from '../text/random.ts';
import { selectRows, type SparseRows } from '../text/sparse.ts';
import { clusterWithBestK } from './choose-k.ts';
import { scoreRow, sphericalKMeans, type Clustering } from './kmeans.ts';
import { nameThemes } from './naming.ts';
import { fitThemeVectoriser, unitRows } from './vectors.ts';

export interface FoundTheme {
  name: string;
  terms: string[];
  /** Indices of its texts, closest to the centre first. */
  members: number[];
}

export interface ThemeClusters {
  themes: FoundTheme[];
  /** Texts in no theme: unreadable, or in a cluster too small to be one. */
  other: number[];
  /** Clusters before folding, and each k tried with its silhouette (empty when k was given). */
  k: number;
  tried: { k: number; silhouette: number }[];
  /** Places other texts (an earlier period) in these themes: index into `themes`, or -1. */
  place(texts: readonly string[]): Int32Array;
}

export interface FindOptions {
  /** A fixed number of clusters (the benchmark's k = 77); otherwise chosen. */
  k?: number;
  seed?: number;
  /** Texts beyond this are placed in the themes the others formed, to bound the work. */
  maxClustered?: number;
  /** k is chosen on at most this many texts, then the whole set is clustered with it. */
  maxForChoosingK?: number;
}

/** Few texts make no themes: under this, none are looked for. */
export const MIN_TEXTS = 6;

/** A theme holds at least 3 texts and 0.5% of them; smaller clusters are "other". */
export const minThemeSize = (texts: number) => Math.max(3, Math.ceil(texts * 0.005));

export function findThemes(texts: readonly string[], options: FindOptions = {}): ThemeClusters {
  // These bounds keep a run to seconds of CPU (in a worker thread: job.ts) however many texts there are.
  const { seed = 1, maxClustered = 5_000, maxForChoosingK = 2_000 } = options;
  if (texts.length < MIN_TEXTS) return { themes: [], other: texts.map((_, i) => i), k: 0, tried: [], place: (t) => new Int32Array(t.length).fill(-1) };

  const order = sampleOrder(texts.length, seed);
  const clustered = order.slice(0, Math.min(maxClustered, texts.length));
  const vectoriser = fitThemeVectoriser(clustered.map((i) => texts[i]!));
  const all = unitRows(vectoriser, texts);
  const rows = selectRows(all, clustered);

  let clustering: Clustering;
  let tried: ThemeClusters['tried'] = [];
  if (options.k) clustering = sphericalKMeans(rows, options.k, { seed });
  else {
    const maxK = Math.max(2, Math.min(100, Math.floor(Math.sqrt(clustered.length))));
    const chooser = clustered.length > maxForChoosingK ? selectRows(all, clustered.slice(0, maxForChoosingK)) : rows;
    const chosen = clusterWithBestK(chooser, maxK, { seed });
    tried = chosen.tried;
    clustering = chooser === rows ? chosen.clustering : sphericalKMeans(rows, chosen.clustering.k, { seed });
  }

  // Texts of the set that were not clustered join their nearest cluster.
  const cluster = new Int32Array(texts.length).fill(-1);
  const similarity = new Float32Array(texts.length);
  clustered.forEach((row, j) => {
    cluster[row] = clustering.assignment[j]!;
    similarity[row] = clustering.similarity[j]!;
  });
  const scores = new Float64Array(clustering.k);
  for (const i of order.slice(clustered.length)) [cluster[i], similarity[i]] = nearest(all, i, clustering, scores);

  const members: number[][] = Array.from({ length: clustering.k }, () => []);
  for (let i = 0; i < texts.length; i++) if (cluster[i]! >= 0) members[cluster[i]!]!.push(i);
  const minSize = minThemeSize(texts.length);
  const kept = members.map((m, c) => ({ c, m })).filter(({ m }) => m.length >= minSize);
  const other = members.filter((m) => m.length < minSize).flat();
  for (let i = 0; i < texts.length; i++) if (cluster[i]! < 0) other.push(i);
  other.sort((a, b) => a - b);

  // "other" is named along with the themes so that words common there do not name a theme.
  const names = nameThemes([...kept.map(({ m }) => m.map((i) => texts[i]!)), other.map((i) => texts[i]!)]);
  const themes = kept.map(({ m }, t) => ({ ...names[t]!, members: [...m].sort((a, b) => similarity[b]! - similarity[a]! || a - b) }));
  const themeOf = new Int32Array(clustering.k).fill(-1);
  kept.forEach(({ c }, t) => (themeOf[c] = t));
  // An earlier text joins its nearest theme if it is as close to the centre as the theme's own farthest text,
  // so the previous period is counted as the current one was; anything farther is "other".
  const threshold = kept.map(({ m }) => m.reduce((low, i) => Math.min(low, similarity[i]!), Infinity));

  return {
    themes,
    other,
    k: clustering.k,
    tried,
    place(earlier) {
      const m = unitRows(vectoriser, earlier);
      const out = new Int32Array(earlier.length).fill(-1);
      for (let i = 0; i < earlier.length; i++) {
        const [c, sim] = nearest(m, i, clustering, scores);
        const t = c >= 0 ? themeOf[c]! : -1;
        if (t >= 0 && sim >= threshold[t]!) out[i] = t;
      }
      return out;
    },
  };
}

/** A seeded shuffle: which texts are clustered (when there are too many) and which choose k. */
function sampleOrder(n: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  shuffleInPlace(order, n, mulberry32(seed ^ 0x5bd1e995));
  return order;
}

function nearest(m: SparseRows, i: number, clustering: Clustering, scores: Float64Array): [number, number] {
  if (m.indptr[i + 1] === m.indptr[i]) return [-1, 0];
  scoreRow(m, i, clustering.centroids, clustering.k, scores);
  let best = 0;
  for (let c = 1; c < clustering.k; c++) if (scores[c]! > scores[best]!) best = c;
  return [best, scores[best]!];
}
