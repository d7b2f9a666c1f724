/**
 * Calendar dates as integer day numbers (days since 1970-01-01). Purchase data
 * only has day resolution, and integers make "same day", "days between" and
 * hashing exact and fast — no Date objects or time zones per row.
 */

/** Day number of a proleptic Gregorian date (Hinnant's days_from_civil); month 1–12. */
export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Parses YYYY-MM-DD or YYYYMMDD (the two forms the CDNOW files use) into a day
 * number; null for anything else, including impossible dates such as 1997-02-30.
 * Reads character codes directly: this runs once per transaction row (millions).
 */
export function parseDay(text: string): number | null {
  let s = text;
  if (s.length !== 10 && s.length !== 8) s = s.trim();
  let year: number;
  let month: number;
  let day: number;
  if (s.length === 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    year = digits(s, 0, 4);
    month = digits(s, 5, 2);
    day = digits(s, 8, 2);
  } else if (s.length === 8) {
    year = digits(s, 0, 4);
    month = digits(s, 4, 2);
    day = digits(s, 6, 2);
  } else {
    return null;
  }
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null; // also catches -1
  return dayNumber(year, month, day);
}

/** The decimal number in s[from, from+count), or -1 if any character is not a digit. */
function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** YYYY-MM-DD for a day number. */
export function formatDay(n: number): string {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}

/** Today's day number in the machine's local calendar (what "a date in the future" means to the user). */
export function today(now: Date = new Date()): number {
  return dayNumber(now.getFullYear(), now.getMonth() + 1, now.getDate());
}
