import type { BusinessCalendar } from './calendar.ts';
import type { Priority } from '../status.ts';

/** Targets in business minutes, per priority. */
export interface SlaTargets {
  firstResponse: number;
  nextResponse: number;
  resolution: number;
}

export interface SlaPolicy {
  calendar: BusinessCalendar;
  targets: Record<Priority, SlaTargets>;
  /** How long before a deadline a ticket counts as "at risk". */
  warnBeforeMinutes: number;
}

export function defaultPolicy(timeZone: string): SlaPolicy {
  const day: [string, string] = ['09:00', '17:00'];
  return {
    calendar: { timeZone, hours: { 0: null, 1: day, 2: day, 3: day, 4: day, 5: day, 6: null }, holidays: [] },
    targets: {
      urgent: { firstResponse: 60, nextResponse: 120, resolution: 480 },
      high: { firstResponse: 240, nextResponse: 480, resolution: 1440 },
      normal: { firstResponse: 480, nextResponse: 960, resolution: 2880 },
      low: { firstResponse: 1440, nextResponse: 2880, resolution: 5760 },
    },
    warnBeforeMinutes: 60,
  };
}
