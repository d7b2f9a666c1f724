/**
 * P(alive) in plain words, for agents and for segments later. BG/NBD lets a
 * customer drop out only after a repeat purchase, so a one-time buyer's P(alive)
 * is 1 by assumption, not by evidence: they get a label of their own rather than
 * being called active.
 */
export const ACTIVITIES = ['active', 'at_risk', 'lost', 'one_time'] as const;
export type Activity = (typeof ACTIVITIES)[number];

/** At or above: likely still buying. */
export const ACTIVE_FROM = 0.7;
/** Below: probably gone. In between: at risk. */
export const LOST_BELOW = 0.3;

export function activityOf(pAlive: number | null, frequency: number): Activity | null {
  if (pAlive === null) return null;
  if (frequency === 0) return 'one_time';
  if (pAlive >= ACTIVE_FROM) return 'active';
  return pAlive < LOST_BELOW ? 'lost' : 'at_risk';
}
