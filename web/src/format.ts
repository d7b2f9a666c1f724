// Dates and values as agents read them: local time, short and unambiguous.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const day = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const relativeShort = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

export function formatTime(iso: string): string {
  return time.format(new Date(iso));
}

export function formatDay(iso: string): string {
  return day.format(new Date(iso));
}

/** A local calendar day key (YYYY-MM-DD) to group entries by. */
export function dayKey(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** `short` for dense lists: "5 min. ago" rather than "5 minutes ago". */
export function formatRelative(iso: string | null | undefined, style: 'long' | 'short' = 'long'): string {
  if (!iso) return 'never';
  const seconds = (new Date(iso).getTime() - Date.now()) / 1000;
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['minute', 60],
    ['hour', 3600],
    ['day', 86400],
    ['month', 2_592_000],
    ['year', 31_536_000],
  ];
  let chosen = units[0]!;
  for (const u of units) if (abs >= u[1]) chosen = u;
  return (style === 'short' ? relativeShort : relative).format(Math.round(seconds / chosen[1]), chosen[0]);
}

/** Any JSON value as one line of text (shown escaped by React, never as HTML). */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** Up to two letters for an avatar. */
export function initials(text: string): string {
  const words = text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return ((words[0]?.[0] ?? '?') + (words[1]?.[0] ?? '')).toUpperCase();
}

/** An amount in a currency's major unit: "€12.50", "¥300". */
export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toLocaleString()} ${currency}`;
  }
}

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

export function formatPercent(ratio: number | null): string {
  return ratio === null ? '—' : percent.format(ratio);
}

/**
 * A duration given in hours: "25 min", "3 h 20 min", "2.1 days". `days: false`
 * keeps hours (business hours are not 24 to a day).
 */
export function formatHours(hours: number | null, { days = true }: { days?: boolean } = {}): string {
  if (hours === null) return '—';
  const minutes = Math.round(hours * 60);
  if (minutes < 60) return `${minutes} min`;
  if (days && hours >= 24) {
    const d = hours / 24;
    return `${d.toLocaleString(undefined, { maximumFractionDigits: 1 })} ${d < 1.05 ? 'day' : 'days'}`;
  }
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h.toLocaleString()} h ${m} min` : `${h.toLocaleString()} h`;
}
