import type { Touchpoint } from '../touchpoints/store.ts';
import type { TicketOutcome } from '../service/store.ts';
import { quantile } from '../service/metrics.ts';
import { effort, nps, topBox, type Effort, type Nps, type TopBox } from './metrics.ts';
import type { ScoreAggregate } from './store.ts';

// The feedback report, assembled from the database's counts (pure).

export const FEEDBACK_GROUP_BY = ['none', 'survey', 'touchpoint', 'stage', 'channel', 'week', 'month', 'segment'] as const;
export type FeedbackGroupBy = (typeof FEEDBACK_GROUP_BY)[number];

export interface FeedbackFigures {
  nps: Nps;
  csat: TopBox;
  ces: Effort;
  rating: { n: number; mean: number | null };
}

const empty = (kind: ScoreAggregate['kind']): ScoreAggregate => ({ key: null, subKey: null, kind, n: 0, promoters: 0, passives: 0, detractors: 0, favourable: 0, sum: 0, minScale: Infinity, maxScale: -Infinity });

function add(a: ScoreAggregate, b: ScoreAggregate): ScoreAggregate {
  return {
    ...a,
    n: a.n + b.n,
    promoters: a.promoters + b.promoters,
    passives: a.passives + b.passives,
    detractors: a.detractors + b.detractors,
    favourable: a.favourable + b.favourable,
    sum: a.sum + b.sum,
    minScale: Math.min(a.minScale, b.minScale),
    maxScale: Math.max(a.maxScale, b.maxScale),
  };
}

export function figuresOf(parts: ScoreAggregate[]): FeedbackFigures {
  const of = (kind: ScoreAggregate['kind']) => parts.filter((p) => p.kind === kind).reduce(add, empty(kind));
  const n = of('nps');
  const c = of('csat');
  const e = of('ces');
  const r = of('rating');
  const cesFigures = effort(e.n, e.favourable, e.sum);
  return {
    nps: nps(n),
    csat: topBox(c.n, c.favourable),
    // A mean over answers on different scales (5- and 7-point) means nothing: none is given.
    ces: e.minScale !== e.maxScale && e.n > 0 ? { ...cesFigures, mean: null } : cesFigures,
    rating: { n: r.n, mean: r.n === 0 || r.minScale !== r.maxScale ? null : Math.round((r.sum / r.n) * 100) / 100 },
  };
}

export interface Dimensions {
  touchpoints: Map<string, Touchpoint>;
  surveyNames: Map<string, string>;
  segmentNames?: Map<string, string>;
}

/** A group's key in one grouping (stages fold touchpoints together) and how people read it. */
function keyIn(by: FeedbackGroupBy, raw: string | null, dims: Dimensions): string {
  if (by === 'none') return 'all';
  if (raw === null) return by === 'touchpoint' || by === 'stage' ? 'none' : 'unknown';
  if (by === 'stage') return dims.touchpoints.get(raw)?.stage ?? 'none';
  return raw;
}

function labelIn(by: FeedbackGroupBy, key: string, dims: Dimensions): string {
  if (by === 'none') return 'All';
  if (key === 'none') return by === 'stage' ? 'No stage' : 'No touchpoint';
  if (by === 'segment') return dims.segmentNames?.get(key) ?? key;
  return by === 'touchpoint' ? (dims.touchpoints.get(key)?.name ?? key) : by === 'survey' ? (dims.surveyNames.get(key) ?? key) : key;
}

/** Groups the counts by the report's grouping, and within each group by `thenBy` ("NPS by month by touchpoint"). */
export function feedbackGroups(aggregates: ScoreAggregate[], by: FeedbackGroupBy, dims: Dimensions, thenBy?: FeedbackGroupBy) {
  const groups = new Map<string, { key: string; subKey?: string; parts: ScoreAggregate[] }>();
  for (const a of aggregates) {
    const key = keyIn(by, a.key, dims);
    const subKey = thenBy ? keyIn(thenBy, a.subKey, dims) : undefined;
    const id = `${key}\u0000${subKey ?? ''}`;
    const group = groups.get(id) ?? { key, subKey, parts: [] };
    group.parts.push(a);
    groups.set(id, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, g]) => ({
      key: g.key,
      label: labelIn(by, g.key, dims),
      ...(thenBy && g.subKey !== undefined ? { subKey: g.subKey, subLabel: labelIn(thenBy, g.subKey, dims) } : {}),
      ...figuresOf(g.parts),
    }));
}

export interface LoopFigures {
  detractors: number;
  followUps: number;
  /** Detractors whose follow-up ticket got a public reply, as % of detractors. */
  contacted: number;
  contactedShare: number | null;
  /** Hours from the answer to the first public reply of its follow-up ticket. */
  hoursToFirstContact: { median: number | null; p90: number | null };
  solved: number;
}

export function loopFigures(detractors: number, followUpsOfDetractors: { submittedAt: Date; followUpTicketId: string }[], outcomes: TicketOutcome[]): LoopFigures {
  const byId = new Map(outcomes.map((o) => [o.id, o]));
  const hours: number[] = [];
  let followUps = 0;
  let solved = 0;
  for (const d of followUpsOfDetractors) {
    const ticket = byId.get(d.followUpTicketId);
    if (!ticket) continue;
    followUps++;
    if (ticket.solvedAt || ticket.status === 'solved' || ticket.status === 'closed') solved++;
    if (ticket.firstResponseAt) hours.push(Math.max(0, ticket.firstResponseAt.getTime() - d.submittedAt.getTime()) / 3_600_000);
  }
  hours.sort((a, b) => a - b);
  const round = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
  return {
    detractors,
    followUps,
    contacted: hours.length,
    contactedShare: detractors === 0 ? null : Math.round((hours.length / detractors) * 1000) / 10,
    hoursToFirstContact: { median: round(quantile(hours, 0.5)), p90: round(quantile(hours, 0.9)) },
    solved,
  };
}
