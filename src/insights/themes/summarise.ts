/**
 * What a run tells about each theme over a period: volume and the previous
 * period's, counts per day (or week, past two months), mean sentiment, spike test,
 * quotes, customers, touchpoints and sources. Pure: the job loads, this counts.
 */
import { runInThread } from '../../platform/threads/run.ts';
import { findThemes, type FindOptions } from './find-themes.ts';
import { SPIKE_BASELINE_DAYS, SPIKE_WEEK_DAYS, testSpike, type SpikeTest } from './spike.ts';

const DAY = 86_400_000;

/** A customer text with its reading, as text_sentiments records it. */
export interface ThemeText {
  ref: { type: string; id: string };
  text: string;
  at: Date;
  customerId: string | null;
  touchpointId: string | null;
  source: string;
  /** Sentiment score in [-1, 1]. */
  score: number;
}

export interface ThemeSummary {
  name: string;
  terms: string[];
  volume: number;
  previousVolume: number;
  meanSentiment: number;
  series: { bucket: 'day' | 'week'; start: string; counts: number[] };
  spike: SpikeTest;
  quotes: { type: string; id: string }[];
  customerCount: number;
  customerIds: string[];
  touchpoints: { touchpointId: string; count: number }[];
  sources: { source: string; count: number }[];
  /** Every text of the period in the theme (stored so that one customer's comment can be looked up). */
  members: ThemeMember[];
}

export type ThemeMember = Pick<ThemeText, 'ref' | 'customerId' | 'at'>;

export interface ThemeRunSummary {
  texts: number;
  other: number;
  k: number;
  tried: { k: number; silhouette: number }[];
  themes: ThemeSummary[];
}

/** Texts a run must load: the period, the previous one of the same length, and the spike test's five weeks. */
export function lookbackStart(from: Date, to: Date): Date {
  return new Date(Math.min(from.getTime() - (to.getTime() - from.getTime()), to.getTime() - (SPIKE_WEEK_DAYS + SPIKE_BASELINE_DAYS) * DAY));
}

const QUOTES = 3;
const SHORT_QUOTE = 280;
const CUSTOMER_IDS = 10;

/** summariseThemes in a worker thread: clustering thousands of texts is seconds of CPU the server's thread should not spend. */
export const summariseThemesInThread = (...args: Parameters<typeof summariseThemes>) =>
  runInThread<ThemeRunSummary>(new URL('./summarise.ts', import.meta.url), 'summariseThemes', args);

export function summariseThemes(texts: readonly ThemeText[], from: Date, to: Date, options: FindOptions = {}): ThemeRunSummary {
  const inPeriod = (t: ThemeText) => t.at >= from && t.at < to;
  const current = texts.filter(inPeriod);
  const earlier = texts.filter((t) => t.at < from);
  const found = findThemes(
    current.map((t) => t.text),
    options,
  );
  const placed = found.place(earlier.map((t) => t.text));
  const weekStart = to.getTime() - SPIKE_WEEK_DAYS * DAY;
  const baselineStart = weekStart - SPIKE_BASELINE_DAYS * DAY;
  const previousStart = from.getTime() - (to.getTime() - from.getTime());

  const themes = found.themes.map((theme, t): ThemeSummary => {
    const mine = theme.members.map((i) => current[i]!);
    const before = earlier.filter((_, i) => placed[i] === t);
    const both = [...mine, ...before];
    const inWindow = (x: ThemeText, a: number, b: number) => x.at.getTime() >= a && x.at.getTime() < b;
    return {
      name: theme.name,
      terms: theme.terms,
      volume: mine.length,
      previousVolume: before.filter((x) => inWindow(x, previousStart, from.getTime())).length,
      meanSentiment: Math.round((mine.reduce((s, x) => s + x.score, 0) / mine.length) * 1000) / 1000,
      series: series(mine, from, to),
      spike: testSpike(both.filter((x) => inWindow(x, weekStart, to.getTime())).length, both.filter((x) => inWindow(x, baselineStart, weekStart)).length),
      quotes: pickQuotes(mine).map((x) => x.ref),
      ...customers(mine),
      touchpoints: tally(mine, (x) => x.touchpointId).map(([touchpointId, count]) => ({ touchpointId, count })),
      sources: tally(mine, (x) => x.source).map(([source, count]) => ({ source, count })),
      members: mine.map((x) => ({ ref: x.ref, customerId: x.customerId, at: x.at })),
    };
  });
  themes.sort((a, b) => b.volume - a.volume || a.name.localeCompare(b.name));
  return { texts: current.length, other: found.other.length, k: found.k, tried: found.tried, themes };
}

/** Per UTC day over periods up to 62 days, else per ISO week (by its Monday). */
function series(texts: ThemeText[], from: Date, to: Date): ThemeSummary['series'] {
  const bucket = to.getTime() - from.getTime() <= 62 * DAY ? 'day' : 'week';
  const width = bucket === 'day' ? DAY : 7 * DAY;
  let start = Math.floor(from.getTime() / DAY) * DAY;
  if (bucket === 'week') start -= ((new Date(start).getUTCDay() + 6) % 7) * DAY;
  const counts = new Array<number>(Math.ceil((to.getTime() - start) / width)).fill(0);
  for (const x of texts) counts[Math.floor((x.at.getTime() - start) / width)]!++;
  return { bucket, start: new Date(start).toISOString().slice(0, 10), counts };
}

/** The texts closest to the theme's centre (members come in that order), short ones first, each wording once. */
function pickQuotes(members: ThemeText[]): ThemeText[] {
  const seen = new Set<string>();
  const distinct = members.filter((x) => {
    const key = x.text.trim().toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const short = distinct.filter((x) => x.text.length <= SHORT_QUOTE);
  return [...short, ...distinct.filter((x) => x.text.length > SHORT_QUOTE)].slice(0, QUOTES);
}

function customers(texts: ThemeText[]): { customerCount: number; customerIds: string[] } {
  const ranked = tally(texts, (x) => x.customerId);
  return { customerCount: ranked.length, customerIds: ranked.slice(0, CUSTOMER_IDS).map(([id]) => id) };
}

/** Counts by key, most first (ties by key); null keys are left out. */
function tally(texts: ThemeText[], key: (x: ThemeText) => string | null): [string, number][] {
  const counts = new Map<string, number>();
  for (const x of texts) {
    const k = key(x);
    if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
