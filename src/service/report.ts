import type { Db } from '../platform/db/client.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import { AppError } from '../platform/http/errors.ts';
import { factsOf, policyKey, policyOf, requestFacts } from './facts.ts';
import { figuresOf, type ServiceFigures } from './metrics.ts';
import { historiesOf, serviceFigureRows, ticketsMissingFacts, ticketsWithoutFacts } from './store.ts';

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

/** Facts a report request computes itself at most; beyond, it asks to come back once the fill job has them. */
const MAX_COMPUTED_FACTS = 5_000;

/**
 * The service figures of tickets created in the period, per group, summarised
 * in SQL over the stored facts (store.ts serviceFigureRows). Tickets of the period
 * without current facts (see facts.ts) have theirs computed here from their
 * history, so the figures are always those of the current policy; a fill is
 * asked for, and when there are too many to compute in a request the answer is
 * 503 until the fill is done. SLA clocks still running are judged at `asOf`.
 */
export async function serviceReport(
  db: Db,
  jobs: JobQueue,
  workspaceId: string,
  period: { from: Date; to: Date },
  by: GroupBy,
  timeZone: string,
  asOf: Date,
): Promise<{ key: string; figures: ServiceFigures }[]> {
  const policy = await policyOf(db, workspaceId, timeZone);
  const key = policyKey(policy);
  const [missing, stored] = await Promise.all([ticketsMissingFacts(db, workspaceId, key, period), serviceFigureRows(db, workspaceId, period, by, key, [], asOf)]);
  let rows = stored;
  if (missing > 0) {
    await requestFacts(db, jobs, workspaceId);
    if (missing > MAX_COMPUTED_FACTS) {
      throw new AppError(503, 'figures_pending', `The service figures of ${missing.toLocaleString('en')} tickets of this period are being computed (after a change of the SLA policy, or an upgrade). Try again in a minute.`);
    }
    const ids = await ticketsWithoutFacts(db, workspaceId, key, { period, limit: MAX_COMPUTED_FACTS });
    rows = await serviceFigureRows(db, workspaceId, period, by, key, (await historiesOf(db, ids)).map((h) => factsOf(h, policy, key)), asOf);
  }
  return rows.sort((a, b) => a.key.localeCompare(b.key)).map((row) => ({ key: row.key, figures: figuresOf(row) }));
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** One flat row per group, for CSV; durations are hours, e.g. first_response_business_median; SLA columns e.g. sla_first_response_rate. */
export function flattenFigures(key: string, f: ServiceFigures): Record<string, string | number | null> {
  const row: Record<string, string | number | null> = { group: key, tickets: f.tickets, solved: f.solved, backlog: f.backlog, reopen_rate: f.reopenRate, one_touch_rate: f.oneTouchRate };
  for (const [target, a] of Object.entries(f.slaAchievement)) {
    for (const stat of ['rate', 'met', 'breached', 'running'] as const) row[`sla_${snake(target)}_${stat}`] = a[stat];
  }
  for (const [clock, block] of [['calendar', f.calendarHours], ['business', f.businessHours]] as const) {
    for (const [metric, s] of Object.entries(block)) {
      for (const stat of ['n', 'mean', 'median', 'p90'] as const) row[`${snake(metric)}_${clock}_${stat}`] = s[stat];
    }
  }
  return row;
}
