/**
 * Whether a prediction changes the ticket. Triage only fills in what nobody has
 * decided yet: a value already set (by a person, an automation, the API caller
 * or a feedback rule) always wins over a guess, and a guess below the
 * workspace's threshold is only recorded. A threshold of 1 records every
 * prediction and applies none (to watch a model before trusting it).
 */
export type TriageDecision = { apply: true } | { apply: false; reason: 'below_threshold' | 'already_set' };

export function decide(confidence: number, threshold: number, current: unknown): TriageDecision {
  if (current !== null && current !== undefined && current !== '') return { apply: false, reason: 'already_set' };
  if (threshold >= 1 || confidence < threshold) return { apply: false, reason: 'below_threshold' };
  return { apply: true };
}
