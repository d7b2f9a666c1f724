import { z } from 'zod';
import type { Touchpoint } from '../../touchpoints/store.ts';
import { refKey } from './texts.ts';
import type { Theme, ThemeRun } from './store.ts';

/** Quotes are excerpts: the closest texts to the theme's centre, cut here if long. */
const QUOTE_CHARS = 280;

export const runSchema = z.object({
  id: z.string(),
  from: z.string(),
  to: z.string(),
  rolling: z.boolean().describe('The daily run of the last 30 days (true) or a period asked for'),
  computedAt: z.string(),
  texts: z.number().describe('Customer texts of the period: what opened a ticket, survey comments, reviews'),
  other: z.number().describe('Texts in no theme'),
  k: z.number().describe('Clusters found before small ones were folded into other'),
  seconds: z.number(),
});

export const themeSchema = z.object({
  id: z.string(),
  rank: z.number(),
  name: z.string().describe('Its most distinctive terms, "arrived late · parcel"'),
  terms: z.array(z.string()),
  volume: z.number().describe('Texts of the period in this theme'),
  previousVolume: z.number().describe('Texts of the previous period of the same length that belong to it'),
  change: z.number().nullable().describe('volume / previousVolume - 1; null when there were none before'),
  meanSentiment: z.number().describe('Mean sentiment score of its texts, -1 to 1'),
  series: z.object({ bucket: z.enum(['day', 'week']), start: z.string(), counts: z.array(z.number()) }).describe('Texts per UTC day (per ISO week past two months) from start'),
  spike: z.object({
    spiked: z.boolean(),
    lastWeek: z.number(),
    fourWeeksBefore: z.number(),
    pValue: z.number().describe('One-sided binomial test of the last 7 days against the 4 weeks before'),
  }),
  quotes: z.array(z.object({ type: z.string(), id: z.string(), text: z.string() })),
  customers: z.object({ count: z.number(), ids: z.array(z.string()) }),
  touchpoints: z.array(z.object({ id: z.string(), name: z.string(), count: z.number() })),
  sources: z.array(z.object({ source: z.string(), count: z.number() })),
});

export const presentRun = (r: ThemeRun): z.infer<typeof runSchema> => ({
  id: r.id,
  from: r.from.toISOString(),
  to: r.to.toISOString(),
  rolling: r.rolling,
  computedAt: r.computedAt.toISOString(),
  texts: r.texts,
  other: r.other,
  k: r.k,
  seconds: r.seconds,
});

export function presentTheme(t: Theme, texts: Map<string, string>, touchpoints: Map<string, Touchpoint>): z.infer<typeof themeSchema> {
  return {
    id: t.id,
    rank: t.rank,
    name: t.name,
    terms: t.terms,
    volume: t.volume,
    previousVolume: t.previousVolume,
    change: t.previousVolume > 0 ? Math.round((t.volume / t.previousVolume - 1) * 1000) / 1000 : null,
    meanSentiment: t.meanSentiment,
    series: t.series,
    spike: { spiked: t.spiked, lastWeek: t.lastWeek, fourWeeksBefore: t.fourWeeksBefore, pValue: t.spikePValue },
    quotes: t.quotes.filter((q) => texts.has(refKey(q))).map((q) => ({ ...q, text: excerpt(texts.get(refKey(q))!) })),
    customers: { count: t.customerCount, ids: t.customerIds },
    touchpoints: t.touchpoints.filter((x) => touchpoints.has(x.touchpointId)).map((x) => ({ id: x.touchpointId, name: touchpoints.get(x.touchpointId)!.name, count: x.count })),
    sources: t.sources,
  };
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= QUOTE_CHARS ? flat : `${flat.slice(0, QUOTE_CHARS - 1).trimEnd()}…`;
}
