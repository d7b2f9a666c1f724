/**
 * What followed outreach: of the customers a rule acted on, how many contacted
 * support within `contactDays` and how many bought within `purchaseDays`, next to
 * the same figures for the customers it held out. The difference, with a 95%
 * interval (Newcombe's hybrid score method, good at small counts), is what the
 * action changed: fewer contacts is "contact avoided". Only actions whose window
 * has fully passed are counted. Pure.
 */

const DAY = 86_400_000;

export interface FiredAction {
  ruleId: string;
  customerId: string;
  firedAt: Date;
  heldOut: boolean;
  /** Skipped actions (no email address, segment deleted) belong to neither group. */
  result: string;
}

export interface GroupFigures {
  /** Actions old enough for the contact window, and of those, customers who opened a ticket. */
  contactN: number;
  contacted: number;
  purchaseN: number;
  purchased: number;
}

export interface Interval {
  difference: number;
  low: number;
  high: number;
}

export interface RuleOutcome {
  ruleId: string;
  fired: number;
  acted: GroupFigures;
  heldOut: GroupFigures;
  /** Contact rate of the acted-on minus that of the held out (negative: contacts avoided); null without both groups. */
  contactRateChange: Interval | null;
  purchaseRateChange: Interval | null;
}

export const WINDOWS = { contactDays: 14, purchaseDays: 30 };

/** Wilson score interval of a proportion. */
function wilson(x: number, n: number, z = 1.959964): [number, number] {
  const p = x / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return [centre - half, centre + half];
}

/** Newcombe (1998) method 10: the interval of p1 - p2 from the two Wilson intervals. */
export function differenceInterval(x1: number, n1: number, x2: number, n2: number): Interval | null {
  if (n1 === 0 || n2 === 0) return null;
  const [p1, p2] = [x1 / n1, x2 / n2];
  const [l1, u1] = wilson(x1, n1);
  const [l2, u2] = wilson(x2, n2);
  const d = p1 - p2;
  return { difference: d, low: d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), high: d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2) };
}

const ACTED = new Set(['message', 'ticket', 'segment']);

export function outreachOutcomes(
  actions: FiredAction[],
  contacts: { customerId: string; at: Date }[],
  purchases: { customerId: string; at: Date }[],
  now: Date,
  windows = WINDOWS,
): RuleOutcome[] {
  const index = (rows: { customerId: string; at: Date }[]) => {
    const by = new Map<string, number[]>();
    for (const r of rows) by.set(r.customerId, [...(by.get(r.customerId) ?? []), r.at.getTime()]);
    return by;
  };
  const contactsBy = index(contacts);
  const purchasesBy = index(purchases);
  const within = (times: number[] | undefined, from: number, days: number) => (times ?? []).some((t) => t > from && t <= from + days * DAY);
  const byRule = new Map<string, RuleOutcome>();
  const empty = (): GroupFigures => ({ contactN: 0, contacted: 0, purchaseN: 0, purchased: 0 });
  for (const a of actions) {
    let o = byRule.get(a.ruleId);
    if (!o) byRule.set(a.ruleId, (o = { ruleId: a.ruleId, fired: 0, acted: empty(), heldOut: empty(), contactRateChange: null, purchaseRateChange: null }));
    o.fired++;
    const group = a.heldOut ? o.heldOut : ACTED.has(a.result) ? o.acted : null;
    if (!group) continue;
    const t = a.firedAt.getTime();
    if (t + windows.contactDays * DAY <= now.getTime()) {
      group.contactN++;
      if (within(contactsBy.get(a.customerId), t, windows.contactDays)) group.contacted++;
    }
    if (t + windows.purchaseDays * DAY <= now.getTime()) {
      group.purchaseN++;
      if (within(purchasesBy.get(a.customerId), t, windows.purchaseDays)) group.purchased++;
    }
  }
  for (const o of byRule.values()) {
    o.contactRateChange = differenceInterval(o.acted.contacted, o.acted.contactN, o.heldOut.contacted, o.heldOut.contactN);
    o.purchaseRateChange = differenceInterval(o.acted.purchased, o.acted.purchaseN, o.heldOut.purchased, o.heldOut.purchaseN);
  }
  return [...byRule.values()];
}
