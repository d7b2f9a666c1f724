import { z } from 'zod';
import { badRequest } from './errors.ts';
import { instant, WINDOWS } from './dates.ts';

/** The query fields of every report: a period and a format. */
export const periodQuery = {
  from: instant(WINDOWS.bound).optional().describe('Default: 30 days ago'),
  to: instant(WINDOWS.bound).optional().describe('Default: now'),
  format: z.enum(['json', 'csv']).default('json'),
};

/** [from, to) of a report: the last 30 days unless given; at most three years. */
export function reportPeriod(query: { from?: string; to?: string }): { from: Date; to: Date; label: string } {
  const to = query.to ? new Date(query.to) : new Date();
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * 86_400_000);
  if (from >= to) throw badRequest('from must be before to');
  if (to.getTime() - from.getTime() > 3 * 366 * 86_400_000) throw badRequest('The period is limited to three years');
  return { from, to, label: `${from.toISOString().slice(0, 10)}-${to.toISOString().slice(0, 10)}` };
}
