import { quantile } from '../../service/metrics.ts';
import { mulberry32 } from '../text/random.ts';
import type { DriverFeature, DriverKind } from './features.ts';
import { addAnswers, emptyMoments, fitRidge, type Moments } from './ridge.ts';

// Which features go with a better or worse outcome, how much, and how sure we can
// be: raw differences (with vs without), a ridge regression on all features at
// once (each effect with the others held fixed), and a seeded bootstrap for 95%
// intervals. Associations in the answers, not proof of cause. Pure.

export interface DriverOptions {
  /** A feature needs this many answers with it and without it to be ranked. */
  minCases: number;
  resamples: number;
  seed: number;
  /** Ridge penalty on the correlation scale. */
  lambda: number;
  /** Kinds ranked by friction: the journey's moments. */
  frictionKinds: readonly DriverKind[];
}

export const DEFAULT_DRIVER_OPTIONS: DriverOptions = { minCases: 10, resamples: 200, seed: 1, lambda: 0.01, frictionKinds: ['touchpoint', 'event'] };

export type Interval = [number, number];

export interface Driver {
  key: string;
  kind: DriverKind;
  label: string;
  nWith: number;
  nWithout: number;
  /** Enough answers with and without it to rank it; otherwise "not enough data" and no model figures. */
  enough: boolean;
  /** Mean outcome of the answers with and without the feature (null for an empty side). */
  meanWith: number | null;
  meanWithout: number | null;
  /** Standardised ridge coefficient (signed) and its 95% bootstrap interval: the ranking's measure. */
  importance: number | null;
  interval: Interval | null;
  /** The ridge coefficient in the outcome's units (NPS points…), the other features held fixed, and its interval. */
  effect: number | null;
  effectInterval: Interval | null;
  /** From the interval: `unclear` when it includes 0. */
  direction: 'positive' | 'negative' | 'unclear' | null;
}

export interface Friction {
  key: string;
  kind: DriverKind;
  label: string;
  /** Share of the answers that went through it, 0…1. */
  reach: number;
  /** How much lower the outcome of those who went through it is (mean without − mean with). */
  drop: number;
  /** reach × drop: how far the overall figure falls short of what those who did not go through it give, with its interval. */
  impact: number;
  interval: Interval;
}

export interface DriverAnalysis {
  n: number;
  baseline: number;
  /** Share of the outcome's variance the ranked features explain together. */
  r2: number;
  drivers: Driver[];
  friction: Friction[];
}

const interval = (draws: number[]): Interval | null => {
  const sorted = draws.filter((d) => Number.isFinite(d)).sort((a, b) => a - b);
  const low = quantile(sorted, 0.025);
  const high = quantile(sorted, 0.975);
  return low === null || high === null ? null : [low, high];
};

const directionOf = (i: Interval | null): Driver['direction'] => (i === null ? null : i[0] > 0 ? 'positive' : i[1] < 0 ? 'negative' : 'unclear');

/**
 * Analyses one outcome per answer (`outcomes[i]`) against yes/no features (`with`
 * holds indices into outcomes). Answers with the same outcome and the same
 * features are one cell, so a resample is a count per cell.
 */
export function analyseDrivers(outcomes: readonly number[], features: readonly DriverFeature[], options: Partial<DriverOptions> = {}): DriverAnalysis {
  const opt = { ...DEFAULT_DRIVER_OPTIONS, ...options };
  const n = outcomes.length;
  if (n === 0) throw new Error('analyseDrivers: no answers');
  const baseline = outcomes.reduce((s, y) => s + y, 0) / n;
  // Features by key and cells by content: the figures do not depend on the order the database returned rows in.
  const ranked = features.filter((f) => f.with.length >= opt.minCases && n - f.with.length >= opt.minCases).sort((a, b) => (a.key < b.key ? -1 : 1));
  const p = ranked.length;

  const has: number[][] = Array.from({ length: n }, () => []);
  ranked.forEach((f, j) => f.with.forEach((i) => has[i]!.push(j)));
  const byId = new Map<string, { has: number[]; y: number; count: number }>();
  for (let i = 0; i < n; i++) {
    const id = `${outcomes[i]}|${has[i]!.join(',')}`;
    const cell = byId.get(id) ?? { has: has[i]!, y: outcomes[i]!, count: 0 };
    cell.count++;
    byId.set(id, cell);
  }
  const cells = [...byId.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, cell]) => cell);
  // The answers in cell order: a draw of answer i is a draw of its cell.
  const cellOf = new Int32Array(n);
  let at = 0;
  cells.forEach((cell, c) => cellOf.fill(c, at, (at += cell.count)));
  const momentsOf = (counts: Float64Array): Moments => {
    const m = emptyMoments(p);
    cells.forEach((cell, c) => counts[c]! > 0 && addAnswers(m, cell.has, cell.y, counts[c]!));
    return m;
  };
  const frictionOf = (m: Moments, j: number) => {
    const meanWith = m.sxy[j]! / m.sx[j]!;
    const meanWithout = (m.sy - m.sxy[j]!) / (m.w - m.sx[j]!);
    return ((meanWithout - meanWith) * m.sx[j]!) / m.w;
  };

  const counts = new Float64Array(cells.length);
  const whole = momentsOf(Float64Array.from(cells, (cell) => cell.count));
  const fit = fitRidge(whole, opt.lambda);

  // Seeded, so the same answers give the same intervals on every request.
  const rand = mulberry32(opt.seed);
  const draws = { importance: ranked.map(() => [] as number[]), effect: ranked.map(() => [] as number[]), impact: ranked.map(() => [] as number[]) };
  for (let b = 0; b < opt.resamples; b++) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[cellOf[Math.floor(rand() * n)]!]++;
    const m = momentsOf(counts);
    const f = fitRidge(m, opt.lambda);
    for (let j = 0; j < p; j++) {
      draws.importance[j]!.push(f.standardised[j]!);
      draws.effect[j]!.push(f.coefficients[j]!);
      draws.impact[j]!.push(frictionOf(m, j));
    }
  }

  const rankOf = new Map(ranked.map((f, j) => [f.key, j]));
  const drivers: Driver[] = features.map((f) => {
    const sumWith = f.with.reduce((s, i) => s + outcomes[i]!, 0);
    const nWith = f.with.length;
    const common = {
      key: f.key,
      kind: f.kind,
      label: f.label,
      nWith,
      nWithout: n - nWith,
      meanWith: nWith > 0 ? sumWith / nWith : null,
      meanWithout: n - nWith > 0 ? (baseline * n - sumWith) / (n - nWith) : null,
    };
    const j = rankOf.get(f.key);
    if (j === undefined) return { ...common, enough: false, importance: null, interval: null, effect: null, effectInterval: null, direction: null };
    const importanceInterval = interval(draws.importance[j]!);
    return {
      ...common,
      enough: true,
      importance: fit.standardised[j]!,
      interval: importanceInterval,
      effect: fit.coefficients[j]!,
      effectInterval: interval(draws.effect[j]!),
      direction: directionOf(importanceInterval),
    };
  });
  drivers.sort((a, b) => Number(b.enough) - Number(a.enough) || Math.abs(b.importance ?? 0) - Math.abs(a.importance ?? 0) || b.nWith - a.nWith || (a.key < b.key ? -1 : 1));

  const friction: Friction[] = ranked.flatMap((f, j) => {
    if (!opt.frictionKinds.includes(f.kind)) return [];
    const d = drivers.find((x) => x.key === f.key)!;
    return [{ key: f.key, kind: f.kind, label: f.label, reach: d.nWith / n, drop: d.meanWithout! - d.meanWith!, impact: frictionOf(whole, j), interval: interval(draws.impact[j]!)! }];
  });
  friction.sort((a, b) => b.impact - a.impact || (a.key < b.key ? -1 : 1));
  return { n, baseline, r2: fit.r2, drivers, friction };
}
