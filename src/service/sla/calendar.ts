// Business-hours arithmetic in a calendar's own time zone, with holidays and
// paused intervals (pending, on-hold). Pure functions over instants (ms since
// the epoch), so SLA clocks and metrics are exact and testable.

export interface BusinessCalendar {
  /** IANA time zone, e.g. "Europe/Lisbon". */
  timeZone: string;
  /** Opening hours per weekday (0 = Sunday … 6 = Saturday) as "HH:MM" pairs; null = closed. */
  hours: Record<string, [string, string] | null>;
  /** Local dates ("YYYY-MM-DD") when the team does not work. */
  holidays: string[];
}

export const ALWAYS_OPEN: BusinessCalendar = {
  timeZone: 'UTC',
  hours: { 0: ['00:00', '24:00'], 1: ['00:00', '24:00'], 2: ['00:00', '24:00'], 3: ['00:00', '24:00'], 4: ['00:00', '24:00'], 5: ['00:00', '24:00'], 6: ['00:00', '24:00'] },
  holidays: [],
};

const DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(timeZone: string, instant: number) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(instant).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour), min: Number(p.minute), s: Number(p.second) };
}

/** The zone's offset from UTC at an instant, in ms (e.g. +3,600,000 for CET). */
function offsetAt(timeZone: string, instant: number): number {
  const w = wallClock(timeZone, instant);
  return Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s) - Math.floor(instant / 1000) * 1000;
}

/** The instant at which the zone's clock shows this local date and time (DST-aware). */
export function zonedToInstant(timeZone: string, y: number, m: number, d: number, minutes: number): number {
  const asUtc = Date.UTC(y, m - 1, d) + minutes * 60_000;
  let instant = asUtc - offsetAt(timeZone, asUtc);
  instant = asUtc - offsetAt(timeZone, instant);
  return instant;
}

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

interface LocalDay {
  /** When the local date begins. */
  start: number;
  /** Its open interval, or null when closed (weekday off, holiday). */
  open: [number, number] | null;
}

// Time-zone conversions are the costly part (Intl), and a report asks about the
// same days for every ticket: each calendar object remembers its days.
const dayCache = new WeakMap<BusinessCalendar, Map<number, LocalDay>>();

/** The local date that starts on UTC day `day` (ms of its UTC midnight), in the calendar's zone. */
function localDay(cal: BusinessCalendar, day: number): LocalDay {
  let days = dayCache.get(cal);
  if (!days) dayCache.set(cal, (days = new Map()));
  let entry = days.get(day);
  if (!entry) {
    const date = new Date(day);
    const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    const hours = cal.hours[date.getUTCDay()];
    const open = hours && !cal.holidays.includes(iso) ? ([zonedToInstant(cal.timeZone, y, m, d, toMinutes(hours[0])), zonedToInstant(cal.timeZone, y, m, d, toMinutes(hours[1]))] as [number, number]) : null;
    entry = { start: zonedToInstant(cal.timeZone, y, m, d, 0), open };
    days.set(day, entry);
  }
  return entry;
}

/** Open intervals [start, end) of the calendar that overlap [from, to). */
export function openIntervals(cal: BusinessCalendar, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  if (to <= from) return out;
  // Walk local dates from two days before `from` (any time zone's date is within a day of UTC's) until past `to`.
  for (let day = Math.floor(from / DAY) * DAY - 2 * DAY; ; day += DAY) {
    const { start, open } = localDay(cal, day);
    if (start >= to) break;
    if (!open) continue;
    const s = Math.max(open[0], from);
    const e = Math.min(open[1], to);
    if (e > s) out.push([s, e]);
  }
  return out;
}

function overlap(a: [number, number][], b: [number, number]): number {
  let total = 0;
  for (const [s, e] of a) total += Math.max(0, Math.min(e, b[1]) - Math.max(s, b[0]));
  return total;
}

/** Business time between two instants, minus the business time inside paused intervals. */
export function businessDuration(cal: BusinessCalendar, from: number, to: number, pauses: [number, number][] = []): number {
  const open = openIntervals(cal, from, to);
  let total = open.reduce((sum, [s, e]) => sum + (e - s), 0);
  for (const pause of mergeIntervals(pauses)) total -= overlap(open, pause);
  return Math.max(0, total);
}

/** The instant when `duration` of business time has passed after `from` (skipping pauses). */
export function addBusinessTime(cal: BusinessCalendar, from: number, duration: number, pauses: [number, number][] = []): number {
  let remaining = duration;
  const merged = mergeIntervals(pauses);
  let lastOpen = from;
  for (let windowStart = from; ; windowStart += 14 * DAY) {
    for (const [s, e] of openIntervals(cal, windowStart, windowStart + 14 * DAY)) {
      lastOpen = e;
      // Split each open interval around pauses.
      let cursor = s;
      for (const [ps, pe] of merged) {
        if (pe <= cursor || ps >= e) continue;
        if (ps > cursor) {
          if (ps - cursor >= remaining) return cursor + remaining;
          remaining -= ps - cursor;
        }
        cursor = Math.max(cursor, pe);
      }
      if (cursor < e) {
        if (e - cursor >= remaining) return cursor + remaining;
        remaining -= e - cursor;
      }
    }
    // A long pause (a ticket pending for years) is fine; a calendar that never opens is not.
    if (windowStart - lastOpen > 366 * DAY) throw new Error('The calendar has no open hours within a year');
  }
}

export function mergeIntervals(intervals: [number, number][]): [number, number][] {
  const sorted = intervals.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}
