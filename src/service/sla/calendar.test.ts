import { describe, expect, it } from 'vitest';
import { addBusinessTime, ALWAYS_OPEN, businessDuration, zonedToInstant, type BusinessCalendar } from './calendar.ts';

const H = 3_600_000;
const t = (iso: string) => Date.parse(iso);
// Monday-Friday 09:00-17:00 in Lisbon (UTC+0 in winter, UTC+1 in summer).
const lisbon: BusinessCalendar = {
  timeZone: 'Europe/Lisbon',
  hours: { 0: null, 1: ['09:00', '17:00'], 2: ['09:00', '17:00'], 3: ['09:00', '17:00'], 4: ['09:00', '17:00'], 5: ['09:00', '17:00'], 6: null },
  holidays: ['2026-12-25'],
};

describe('business-hours arithmetic', () => {
  it('counts only open hours within one day', () => {
    // Tuesday 2026-11-24, 08:00 to 10:30 local (UTC+0): 1.5 h open.
    expect(businessDuration(lisbon, t('2026-11-24T08:00:00Z'), t('2026-11-24T10:30:00Z'))).toBe(1.5 * H);
  });

  it('skips a weekend', () => {
    // Friday 16:00 to Monday 10:00: 1 h on Friday + 1 h on Monday.
    expect(businessDuration(lisbon, t('2026-11-27T16:00:00Z'), t('2026-11-30T10:00:00Z'))).toBe(2 * H);
  });

  it('skips a holiday', () => {
    // Thursday 24 Dec 16:00 to Monday 28 Dec 10:00, Friday 25 Dec a holiday: 1 h + 1 h.
    expect(businessDuration(lisbon, t('2026-12-24T16:00:00Z'), t('2026-12-28T10:00:00Z'))).toBe(2 * H);
  });

  it('uses the local clock across daylight saving time', () => {
    // In July Lisbon is UTC+1: 09:00 local is 08:00Z.
    expect(zonedToInstant('Europe/Lisbon', 2026, 7, 1, 9 * 60)).toBe(t('2026-07-01T08:00:00Z'));
    expect(businessDuration(lisbon, t('2026-07-01T07:00:00Z'), t('2026-07-01T09:00:00Z'))).toBe(1 * H);
    // Sunday 29 March 2026 the clocks go forward; Monday 30 March opens at 08:00Z.
    expect(businessDuration(lisbon, t('2026-03-27T16:30:00Z'), t('2026-03-30T08:30:00Z'))).toBe(1 * H);
  });

  it('subtracts paused time (pending, on-hold) inside open hours only', () => {
    const from = t('2026-11-24T09:00:00Z');
    const to = t('2026-11-25T17:00:00Z');
    // Paused from Tuesday 15:00 to Wednesday 11:00: 2 h of Tuesday and 2 h of Wednesday.
    expect(businessDuration(lisbon, from, to, [[t('2026-11-24T15:00:00Z'), t('2026-11-25T11:00:00Z')]])).toBe(12 * H);
  });

  it('finds a deadline in business time, over a weekend and around pauses', () => {
    // 4 business hours from Friday 15:00: 2 h Friday, 2 h Monday → Monday 11:00.
    expect(new Date(addBusinessTime(lisbon, t('2026-11-27T15:00:00Z'), 4 * H)).toISOString()).toBe('2026-11-30T11:00:00.000Z');
    // The same with Monday 09:00-10:00 paused → Monday 12:00.
    expect(new Date(addBusinessTime(lisbon, t('2026-11-27T15:00:00Z'), 4 * H, [[t('2026-11-30T09:00:00Z'), t('2026-11-30T10:00:00Z')]])).toISOString()).toBe('2026-11-30T12:00:00.000Z');
    // Starting before opening counts from opening.
    expect(new Date(addBusinessTime(lisbon, t('2026-11-24T06:00:00Z'), 30 * 60_000)).toISOString()).toBe('2026-11-24T09:30:00.000Z');
  });

  it('is the plain clock for an always-open calendar', () => {
    expect(businessDuration(ALWAYS_OPEN, t('2026-11-27T16:00:00Z'), t('2026-11-30T10:00:00Z'))).toBe(66 * H);
  });

  it('finds a deadline after a pause of years (a ticket pending for two years), and refuses a calendar that never opens', () => {
    const pause: [number, number] = [t('2024-11-25T09:00:00Z'), t('2026-11-23T12:00:00Z')];
    expect(addBusinessTime(ALWAYS_OPEN, t('2024-11-25T08:00:00Z'), 2 * H, [pause])).toBe(t('2026-11-23T13:00:00Z'));
    const never: BusinessCalendar = { timeZone: 'UTC', hours: {}, holidays: [] };
    expect(() => addBusinessTime(never, t('2026-01-01T00:00:00Z'), H)).toThrow(/no open hours/);
  });
});
