
// When an invitation may go out: pure rules, tested without a clock.

/** The hour (0–23) and minute at this instant in a time zone. */
function localTime(at: Date, timeZone: string): { hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { hour: get('hour'), minute: get('minute') };
}

/**
 * Moves a send out of quiet hours: between `startHour` and `endHour` local time
 * (wrapping midnight when start > end, as 21 → 8 does) it waits until `endHour`.
 */
export function afterQuietHours(at: Date, timeZone: string, startHour: number | null, endHour: number | null): Date {
  if (startHour === null || endHour === null || startHour === endHour) return at;
  const { hour, minute } = localTime(at, timeZone);
  const quiet = startHour < endHour ? hour >= startHour && hour < endHour : hour >= startHour || hour < endHour;
  if (!quiet) return at;
  const hoursLeft = (endHour - hour + 24) % 24;
  // Whole minutes to the end hour; a time-zone change inside the wait moves it by at most an hour.
  const wait = (hoursLeft * 60 - minute) * 60_000;
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000 + wait);
}

/** A valid IANA zone name or null (customers' traits carry what their apps sent). */
export function validTimeZone(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 64) return null;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value;
  } catch {
    return null;
  }
}

