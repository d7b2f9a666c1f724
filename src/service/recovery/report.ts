import { periodKey } from '../report.ts';
import { fromMinor } from './money.ts';
import type { RecoveryReportRow } from './store.ts';

export const RECOVERY_GROUP_BY = ['none', 'kind', 'agent', 'team', 'week', 'month'] as const;
export type RecoveryGroupBy = (typeof RECOVERY_GROUP_BY)[number];

export interface RecoveryFigures {
  key: string;
  currency: string;
  recoveries: number;
  tickets: number;
  totalCost: number;
  averageCost: number;
}

function keyOf(row: RecoveryReportRow, by: RecoveryGroupBy): string {
  const r = row.recovery;
  switch (by) {
    case 'none':
      return 'all';
    case 'kind':
      return r.kind;
    case 'agent':
      return r.createdBy ?? 'api';
    case 'team':
      return row.ticket.teamId ?? 'no team';
    default:
      return periodKey(r.at, by);
  }
}

/** Counts and costs per group and currency: amounts in different currencies are never added up. */
export function recoveryReport(rows: RecoveryReportRow[], by: RecoveryGroupBy): RecoveryFigures[] {
  const groups = new Map<string, { key: string; currency: string; n: number; tickets: Set<string>; minor: number }>();
  for (const row of rows) {
    const key = keyOf(row, by);
    const id = `${key}\u0000${row.recovery.currency}`;
    const g = groups.get(id) ?? { key, currency: row.recovery.currency, n: 0, tickets: new Set<string>(), minor: 0 };
    g.n += 1;
    g.tickets.add(row.recovery.ticketId);
    g.minor += row.recovery.costMinor;
    groups.set(id, g);
  }
  return [...groups.values()]
    .sort((a, b) => a.key.localeCompare(b.key) || a.currency.localeCompare(b.currency))
    .map((g) => ({
      key: g.key,
      currency: g.currency,
      recoveries: g.n,
      tickets: g.tickets.size,
      totalCost: fromMinor(g.minor, g.currency),
      averageCost: fromMinor(Math.round(g.minor / g.n), g.currency),
    }));
}
