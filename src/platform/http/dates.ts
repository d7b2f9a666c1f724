import { z } from 'zod';

// Every date the API takes, defined once. A date must exist on the calendar
// (2026-02-30 is refused, never rolled over to 2 March) and fall in a window that
// fits what the field means: outside it a date is a typo, a placeholder (0001-01-01)
// or a broken clock (9999), not data, and arithmetic on it (an event's clock
// correction) or PostgreSQL would fail on it later, far from the field to blame.

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
const YEAR = 366 * DAY;

export interface DateWindow {
  /** The earliest instant taken, in ms since the epoch. */
  earliest: number;
  /** How far after now an instant may be, in ms, and those words for messages. */
  ahead: number;
  aheadText: string;
}

/** 1970: a device whose clock was reset says 1970 itself; before it, nothing Touchpoint keeps happened. */
const EPOCH = Date.UTC(1970, 0, 1);

export const WINDOWS = {
  /**
   * What has happened: an event once its clock is corrected, a review, a survey answer,
   * an imported ticket or purchase. A day ahead at most: a local time sent as UTC is up
   * to 14 hours fast (fields with a stricter rule of their own say so).
   */
  happened: { earliest: EPOCH, ahead: DAY, aheadText: 'a day' },
  /**
   * A client's clock reading (an event's timestamp and sentAt): a clock that runs fast is
   * corrected with sentAt as Segment does, so a year ahead is taken; a year 9999 is not a clock.
   */
  clock: { earliest: EPOCH, ahead: YEAR, aheadText: 'a year' },
  /** When something is to happen (a survey invitation's send time). */
  planned: { earliest: EPOCH, ahead: YEAR, aheadText: 'a year' },
  /** Calendar days a team plans (holidays). */
  calendar: { earliest: EPOCH, ahead: 10 * YEAR, aheadText: 'ten years' },
  /** Bounds of a filter or a report period: 1900 reads as "since the beginning". */
  bound: { earliest: Date.UTC(1900, 0, 1), ahead: 100 * YEAR, aheadText: 'a hundred years' },
} satisfies Record<string, DateWindow>;

/** Why the instant (ms) is outside the window, or undefined when it is inside. */
export function outsideWindow(at: number, window: DateWindow, now = Date.now()): string | undefined {
  if (at < window.earliest) return `is before ${new Date(window.earliest).getUTCFullYear()}`;
  if (at > now + window.ahead) return `is more than ${window.aheadText} ahead`;
  return undefined;
}

/**
 * Whether text starts with YYYY-MM-DD naming a day that exists (leap years included).
 * Arithmetic rather than a schema: it runs for every timestamp of every event.
 */
export function startsWithCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return false;
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const inWindow = (window: DateWindow, instantOf = (text: string) => text) => (text: string, ctx: z.RefinementCtx) => {
  const problem = outsideWindow(Date.parse(instantOf(text)), window);
  if (problem) ctx.addIssue({ code: 'custom', message: `"${text}" ${problem}` });
};

/** An ISO 8601 date-time with its zone (Z or ±hh:mm) on a day that exists, within the window. */
export function instant(window: DateWindow) {
  return z
    .string()
    .datetime({ offset: true, error: 'not an ISO 8601 date-time with a time zone (2026-03-01T09:30:00Z) on a day that exists' })
    .superRefine(inWindow(window));
}

/** A calendar day, YYYY-MM-DD, that exists, within the window (judged at 00:00 UTC). */
export function calendarDay(window: DateWindow) {
  return z
    .string()
    .date('not a calendar day as YYYY-MM-DD that exists')
    .superRefine(inWindow(window, (day) => `${day}T00:00:00Z`));
}
