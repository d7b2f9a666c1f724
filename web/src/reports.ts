import { query } from './api';
import type { Bar } from './components/BarChart';
import { formatHours, formatPercent } from './format';
import type { Names } from './rules';
import { RECOVERY_KIND_LABELS } from './recovery';
import { CHANNEL_LABELS, memberName, PRIORITY_LABELS } from './tickets';
import type { RecoveryGroupBy, SentimentGroupBy, ServiceFigures, ServiceGroupBy } from './types';

// How reports read: periods, groupings and their keys as people name them, the
// figures a chart can show, and the empty periods a chart over time must keep.

/** [from, to) as ISO instants; `preset` is the number of days back, or "custom". */
export interface Period {
  preset: string;
  from: string;
  to: string;
}

export const PRESETS = [7, 30, 90];

const DAY_MS = 86_400_000;

export function lastDays(days: number): Period {
  const to = new Date();
  return { preset: String(days), from: new Date(to.getTime() - days * DAY_MS).toISOString(), to: to.toISOString() };
}

export type Clock = 'calendarHours' | 'businessHours';

export const SERVICE_GROUP_LABELS: Record<ServiceGroupBy, string> = {
  none: 'Nothing (totals)',
  channel: 'Channel',
  priority: 'Priority',
  team: 'Team',
  assignee: 'Assignee',
  tag: 'Tag',
  day: 'Day',
  week: 'Week',
  month: 'Month',
};

export const RECOVERY_GROUP_LABELS: Record<RecoveryGroupBy, string> = { none: 'Nothing (totals)', kind: 'Kind', agent: 'Agent', team: 'Team', week: 'Week', month: 'Month' };

export const SENTIMENT_GROUP_LABELS: Record<SentimentGroupBy, string> = { none: 'Nothing (totals)', day: 'Day', week: 'Week', month: 'Month', channel: 'Channel' };

export type TimeGroup = 'day' | 'week' | 'month';

export const isTimeGroup = (by: string): by is TimeGroup => by === 'day' || by === 'week' || by === 'month';

// Period keys are UTC dates (the server's): 2025-03-04, the Monday of a week, 2025-03.
const utcDate = (key: string) => new Date(`${key.length === 7 ? `${key}-01` : key}T00:00:00Z`);
const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
const monthFormat = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' });

const lookup = (labels: Record<string, string>, key: string) => labels[key] ?? key;

/** A group's key as people read it: a channel's label, a member's name, "Week of 3 Mar". */
export function groupLabel(by: ServiceGroupBy | RecoveryGroupBy | SentimentGroupBy, key: string, names: Names): string {
  switch (by) {
    case 'none':
      return 'All';
    case 'channel':
      return lookup(CHANNEL_LABELS, key);
    case 'priority':
      return lookup(PRIORITY_LABELS, key);
    case 'kind':
      return lookup(RECOVERY_KIND_LABELS, key);
    case 'team':
      return key === 'no team' ? 'No team' : (names.teams?.find((t) => t.id === key)?.name ?? 'A deleted team');
    case 'assignee':
    case 'agent':
      if (key === 'unassigned') return 'Unassigned';
      if (key === 'api') return 'API key';
      return memberName(names.members, key) ?? 'A former member';
    case 'tag':
      return key === '(no tag)' ? 'No tag' : key;
    case 'day':
      return dayFormat.format(utcDate(key));
    case 'week':
      return `Week of ${dayFormat.format(utcDate(key))}`;
    case 'month':
      return monthFormat.format(utcDate(key));
  }
}

/** Every period key from `from` to `to`, so a chart over time shows the empty ones too. */
export function periodKeys(from: string, to: string, by: TimeGroup): string[] {
  const d = new Date(from);
  d.setUTCHours(0, 0, 0, 0);
  if (by === 'week') d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  if (by === 'month') d.setUTCDate(1);
  const keys: string[] = [];
  for (const end = new Date(to); d < end; ) {
    const iso = d.toISOString();
    keys.push(by === 'month' ? iso.slice(0, 7) : iso.slice(0, 10));
    if (by === 'day') d.setUTCDate(d.getUTCDate() + 1);
    else if (by === 'week') d.setUTCDate(d.getUTCDate() + 7);
    else d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return keys;
}

/** A chart's bars: one per group, or one per period of the report (empty ones too) when grouped by time. */
export function chartBars<G extends { key: string }>(groups: G[], by: ServiceGroupBy | RecoveryGroupBy | SentimentGroupBy, period: Period, value: (rows: G[]) => number | null, names: Names): Bar[] {
  const keys = isTimeGroup(by) ? periodKeys(period.from, period.to, by) : [...new Set(groups.map((g) => g.key))];
  return keys.map((key) => ({ key, label: groupLabel(by, key, names), value: value(groups.filter((g) => g.key === key)) }));
}

/** What a service chart can show per group. */
export interface ChartMetric {
  label: string;
  value: (f: ServiceFigures, clock: Clock) => number | null;
  format: (value: number, clock: Clock) => string;
}

/** Hours of a clock: calendar durations read in days when long, business ones stay in hours. */
export const formatDuration = (hours: number | null, clock: Clock) => formatHours(hours, { days: clock === 'calendarHours' });

export const CHART_METRICS: Record<string, ChartMetric> = {
  tickets: { label: 'Tickets', value: (f) => f.tickets, format: (v) => v.toLocaleString() },
  firstResponse: { label: 'Median first response', value: (f, c) => f[c].firstResponse.median, format: formatDuration },
  fullResolution: { label: 'Median full resolution', value: (f, c) => f[c].fullResolution.median, format: formatDuration },
  reopenRate: { label: 'Reopen rate', value: (f) => f.reopenRate, format: formatPercent },
  oneTouchRate: { label: 'One-touch rate', value: (f) => f.oneTouchRate, format: formatPercent },
  slaFirstResponse: { label: 'First response SLA achieved', value: (f) => f.slaAchievement.firstResponse.rate, format: formatPercent },
  slaResolution: { label: 'Resolution SLA achieved', value: (f) => f.slaAchievement.resolution.rate, format: formatPercent },
  backlog: { label: 'Backlog', value: (f) => f.backlog, format: (v) => v.toLocaleString() },
};

/** A report as CSV: the same URL with format=csv (a cookie-authenticated GET, so a plain link downloads it). */
export function csvHref(path: string, params: Record<string, string>): string {
  return `/api/v1${path}${query({ ...params, format: 'csv' })}`;
}
