import type { BusinessCalendar } from './sla/calendar.ts';
import { serviceFigures, type ServiceFigures, type TicketHistory } from './metrics.ts';
import type { ReportRow } from './store.ts';

export const GROUP_BY = ['none', 'channel', 'priority', 'team', 'assignee', 'tag', 'day', 'week', 'month'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export function periodKey(date: Date, by: 'day' | 'week' | 'month'): string {
  const iso = date.toISOString();
  if (by === 'day') return iso.slice(0, 10);
  if (by === 'month') return iso.slice(0, 7);
  // ISO weeks start on Monday: the key is that Monday's date.
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

function keysOf(row: ReportRow, by: GroupBy): string[] {
  const t = row.ticket;
  switch (by) {
    case 'none':
      return ['all'];
    case 'channel':
      return [t.channel];
    case 'priority':
      return [t.priority];
    case 'team':
      return [t.teamId ?? 'no team'];
    case 'assignee':
      return [t.assigneeId ?? 'unassigned'];
    case 'tag':
      return t.tags.length ? t.tags : ['(no tag)'];
    default:
      return [periodKey(t.createdAt, by)];
  }
}

export function toHistory(row: ReportRow): TicketHistory {
  return {
    createdAt: row.ticket.createdAt.getTime(),
    status: row.ticket.status,
    events: row.events.map((e) => {
      const to = e.toValue as { author?: string } | string | null;
      return {
        type: e.type,
        at: e.at.getTime(),
        from: e.fromValue,
        to: e.toValue,
        author: typeof to === 'object' && to ? to.author : undefined,
        isPublic: e.type === 'message',
      };
    }),
  };
}

export function serviceReport(rows: ReportRow[], by: GroupBy, calendar: BusinessCalendar): { key: string; figures: ServiceFigures }[] {
  const groups = new Map<string, TicketHistory[]>();
  for (const row of rows) {
    const history = toHistory(row);
    for (const key of keysOf(row, by)) {
      const group = groups.get(key);
      if (group) group.push(history);
      else groups.set(key, [history]);
    }
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, histories]) => ({ key, figures: serviceFigures(histories, calendar) }));
}

/** One flat row per group, for CSV; durations are hours, e.g. first_response_business_median. */
export function flattenFigures(key: string, f: ServiceFigures): Record<string, string | number | null> {
  const row: Record<string, string | number | null> = { group: key, tickets: f.tickets, solved: f.solved, backlog: f.backlog, reopen_rate: f.reopenRate, one_touch_rate: f.oneTouchRate };
  for (const [clock, block] of [['calendar', f.calendarHours], ['business', f.businessHours]] as const) {
    for (const [metric, s] of Object.entries(block)) {
      const name = metric.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      for (const stat of ['n', 'mean', 'median', 'p90'] as const) row[`${name}_${clock}_${stat}`] = s[stat];
    }
  }
  return row;
}
