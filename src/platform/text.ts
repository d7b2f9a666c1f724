// Text that PostgreSQL cannot store, repaired once at the edge of every entry point
// (HTTP bodies and query strings, WebSocket frames, mail), so a copy-pasted NUL or a
// page title cut in the middle of an emoji never fails a write deep inside a domain.

/** Nesting deeper than this is refused: no honest payload needs it, and walking it costs stack. */
export const MAX_JSON_DEPTH = 64;

export class NestingTooDeepError extends Error {
  constructor(public readonly path: string) {
    super(`${path || 'The body'} is nested more than ${MAX_JSON_DEPTH} levels deep.`);
    this.name = 'NestingTooDeepError';
  }
}

/**
 * PostgreSQL's text type holds neither U+0000 nor (in UTF-8) a lone surrogate: the NUL
 * is dropped and a lone surrogate becomes U+FFFD, as browsers do when they encode text.
 */
export function repairText(text: string): string {
  const withoutNul = text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
  return withoutNul.isWellFormed() ? withoutNul : withoutNul.toWellFormed();
}

/**
 * Repairs every string (keys too) of a parsed JSON value, in place where it can, and
 * refuses nesting deeper than MAX_JSON_DEPTH with the path where it went too deep.
 */
export function repairJson<T>(value: T): T {
  return walk(value, '', 0) as T;
}

function walk(value: unknown, path: string, depth: number): unknown {
  if (typeof value === 'string') return repairText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_JSON_DEPTH) throw new NestingTooDeepError(path);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = walk(value[i], `${path}[${i}]`, depth + 1);
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const repairedKey = repairText(key);
    const repaired = walk(record[key], path ? `${path}.${repairedKey}` : repairedKey, depth + 1);
    if (repairedKey === key) record[key] = repaired;
    else {
      delete record[key];
      // Defined, not assigned: a key repaired into "__proto__" stays data, as JSON.parse makes it.
      Object.defineProperty(record, repairedKey, { value: repaired, writable: true, enumerable: true, configurable: true });
    }
  }
  return record;
}

/**
 * At most `max` UTF-16 units of text, never ending between the two halves of an emoji:
 * a half is a lone surrogate, which PostgreSQL refuses (excerpts, subjects cut short).
 */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
