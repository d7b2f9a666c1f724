/**
 * A theme spikes when its last 7 days hold clearly more texts than its 4 weeks
 * before would lead one to expect. Given n texts of the theme in those 35 days, a
 * steady rate puts each in the last week with probability 7/35, so the last
 * week's count is Binomial(n, 0.2); the conditional test of two Poisson rates
 * (Przyborowski & Wilenski 1940). It spikes at p < 0.01, with at least 5 texts in
 * the week and at least twice the earlier weekly rate, so neither noise nor a
 * handful of texts raises an alert.
 */
export const SPIKE_WEEK_DAYS = 7;
export const SPIKE_BASELINE_DAYS = 28;
const MIN_COUNT = 5;
const MAX_P = 0.01;

export interface SpikeTest {
  lastWeek: number;
  fourWeeksBefore: number;
  pValue: number;
  spiked: boolean;
}

export function testSpike(lastWeek: number, fourWeeksBefore: number): SpikeTest {
  const n = lastWeek + fourWeeksBefore;
  const pValue = binomialUpperTail(lastWeek, n, SPIKE_WEEK_DAYS / (SPIKE_WEEK_DAYS + SPIKE_BASELINE_DAYS));
  const doubled = lastWeek >= (2 * fourWeeksBefore * SPIKE_WEEK_DAYS) / SPIKE_BASELINE_DAYS;
  return { lastWeek, fourWeeksBefore, pValue, spiked: lastWeek >= MIN_COUNT && doubled && pValue < MAX_P };
}

/** P(X >= x) for X ~ Binomial(n, p), summed in log space so large n cannot underflow. */
export function binomialUpperTail(x: number, n: number, p: number): number {
  if (x <= 0) return 1;
  if (x > n) return 0;
  const logP = Math.log(p);
  const logQ = Math.log(1 - p);
  // log C(n, j) built up term by term from log C(n, 0) = 0.
  let logChoose = 0;
  const terms: number[] = [];
  for (let j = 0; j <= n; j++) {
    if (j > 0) logChoose += Math.log((n - j + 1) / j);
    if (j >= x) terms.push(logChoose + j * logP + (n - j) * logQ);
  }
  const top = Math.max(...terms);
  return Math.min(1, Math.exp(top) * terms.reduce((s, t) => s + Math.exp(t - top), 0));
}

/** An alert still open from earlier runs: the spike of a theme with these key terms. */
export interface OpenAlert {
  id: string;
  terms: string[];
}

export interface AlertChanges {
  /** Theme index → the open alert it continues (no new webhook). */
  continued: Map<number, string>;
  /** Themes whose spike is new: alert and publish. */
  started: number[];
  /** Open alerts no spiking theme continues: the spike is over. */
  ended: string[];
}

/**
 * Themes are found afresh each run, so a spike is recognised across runs by its
 * terms: a spiking theme continues the open alert whose key terms overlap most
 * (Jaccard at least 1/3); only an unmatched one is a new spike.
 */
export function matchAlerts(open: readonly OpenAlert[], spiking: readonly { index: number; terms: string[] }[]): AlertChanges {
  const continued = new Map<number, string>();
  const taken = new Set<string>();
  const started: number[] = [];
  for (const theme of spiking) {
    let best: { id: string; overlap: number } | undefined;
    for (const alert of open) {
      if (taken.has(alert.id)) continue;
      const overlap = jaccard(theme.terms, alert.terms);
      if (overlap >= 1 / 3 && (!best || overlap > best.overlap)) best = { id: alert.id, overlap };
    }
    if (best) {
      continued.set(theme.index, best.id);
      taken.add(best.id);
    } else started.push(theme.index);
  }
  return { continued, started, ended: open.filter((a) => !taken.has(a.id)).map((a) => a.id) };
}

function jaccard(a: readonly string[], b: readonly string[]): number {
  const sa = new Set(a);
  const sb = new Set(b);
  let both = 0;
  for (const x of sa) if (sb.has(x)) both++;
  const either = sa.size + sb.size - both;
  return either === 0 ? 0 : both / either;
}
