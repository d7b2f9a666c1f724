import { formatPercent } from './format';

// How the Insights page reads: themes as the API gives them, and their figures in words.

export interface ThemeRun {
  id: string;
  from: string;
  to: string;
  rolling: boolean;
  computedAt: string;
  texts: number;
  other: number;
}

export interface Theme {
  id: string;
  rank: number;
  name: string;
  terms: string[];
  volume: number;
  previousVolume: number;
  change: number | null;
  meanSentiment: number;
  series: { bucket: 'day' | 'week'; start: string; counts: number[] };
  spike: { spiked: boolean; lastWeek: number; fourWeeksBefore: number; pValue: number };
  quotes: { type: string; id: string; text: string }[];
  customers: { count: number; ids: string[] };
  touchpoints: { id: string; name: string; count: number }[];
  sources: { source: string; count: number }[];
}

/** "+40% on the previous 30 days", "new", "as before". */
export function trendLabel(t: Pick<Theme, 'change' | 'previousVolume'>): string {
  if (t.change === null) return 'new this period';
  if (Math.abs(t.change) < 0.05) return 'about as before';
  return `${t.change > 0 ? '+' : '−'}${formatPercent(Math.abs(t.change))} on the period before`;
}

/** A sentiment score (-1 to 1) as a tone for chips: clearly negative, clearly positive, or neither. */
export const sentimentTone = (score: number) => (score <= -0.2 ? 'bad' : score >= 0.2 ? 'good' : 'neutral');

/** One bar per day (or week) of a theme's series, dated. */
export function seriesBars(series: Theme['series']) {
  const step = series.bucket === 'day' ? 1 : 7;
  return series.counts.map((value, i) => {
    const d = new Date(`${series.start}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + i * step);
    const key = d.toISOString().slice(0, 10);
    return { key, label: key.slice(5), value };
  });
}
