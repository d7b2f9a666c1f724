// Mapping an event to a touchpoint: pure functions, used both when events arrive
// and when a rule changes and the stored history is mapped again.

export interface Rule {
  touchpointId: string;
  eventKind: string | null;
  eventName: string | null;
  pathPattern: string | null;
  priority: number;
}

export interface EventShape {
  kind: string;
  name: string | null;
  pagePath: string | null;
}

/** Only these kinds are touchpoints; identify, alias and group change profiles, not the journey. */
export const MAPPABLE_KINDS = ['track', 'page', 'screen'] as const;

const patternCache = new Map<string, RegExp>();

/** `*` matches any run of characters, `?` one character; the whole path must match. */
export function pathPatternToRegExp(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    const body = pattern
      .split('')
      .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${body}$`, 'i');
    patternCache.set(pattern, re);
  }
  return re;
}

export function ruleMatches(rule: Rule, event: EventShape): boolean {
  if (rule.eventKind && rule.eventKind !== event.kind) return false;
  if (rule.eventName && (event.name ?? '').toLowerCase() !== rule.eventName.toLowerCase()) return false;
  if (rule.pathPattern) {
    if (event.pagePath === null) return false;
    const path = event.pagePath.split(/[?#]/, 1)[0]!;
    if (!pathPatternToRegExp(rule.pathPattern).test(path)) return false;
  }
  return Boolean(rule.eventName || rule.pathPattern || rule.eventKind);
}

/** The touchpoint of the first matching rule by priority (lowest first), or null: unmapped. */
export function matchTouchpoint(rules: readonly Rule[], event: EventShape): string | null {
  if (!(MAPPABLE_KINDS as readonly string[]).includes(event.kind)) return null;
  let best: Rule | null = null;
  for (const rule of rules) {
    if ((best === null || rule.priority < best.priority) && ruleMatches(rule, event)) best = rule;
  }
  return best?.touchpointId ?? null;
}
