/**
 * Discounted customer lifetime value over a finite horizon, the way lifetimes'
 * `customer_lifetime_value` computes it:
 *
 *   CLV = Σ_{i=1..k} [E(τ_i) − E(τ_{i−1})] · V / (1 + d)^{τ_i / P}
 *
 *  - E(τ) = BG/NBD expected purchases in the next τ time units given the customer's
 *    history (conditional expectation), so E(τ_i) − E(τ_{i−1}) is the expected number
 *    of purchases in discount period i;
 *  - V = Gamma-Gamma expected average transaction value for the customer (the
 *    population mean for customers without repeat purchases);
 *  - P = length of one discount period in time units (default a month: 4.345 weeks
 *    or 30 days, lifetimes' factors), d = discount rate per period (e.g. 0.01 monthly);
 *  - τ_i = min(i·P, H) for horizon H, k = ⌈H / P⌉. Each period's purchases are
 *    discounted from the end of the period (exponent i, as lifetimes does); when H is
 *    not a whole number of periods the last, partial period ends at H and is
 *    discounted with the fractional exponent H / P.
 * It is a margin-free revenue figure: multiply by your margin for profit.
 */
import { expectedPurchasesCurve } from './bgnbd-predict.ts';
import type { BgNbdParams } from './bgnbd.ts';
import { compressRows } from './compress.ts';
import { assertFinite } from './errors.ts';
import { conditionalExpectedAverageValue, type GammaGammaParams } from './gamma-gamma.ts';
import type { PurchaseHistories } from './history.ts';
import type { TimeUnit } from './transactions.ts';

/** One month in each time unit, as lifetimes uses for monthly discounting. */
export const MONTH_IN_UNITS: Record<TimeUnit, number> = { week: 4.345, day: 30 };

/** 1% a month, lifetimes' example rate: the default wherever a CLV is computed. */
export const DEFAULT_MONTHLY_DISCOUNT_RATE = 0.01;

export interface ClvOptions {
  /** Horizon H in time units. */
  horizon: number;
  /** Discount rate d per discount period, >= 0. */
  discountRate: number;
  /** Discount period length P in time units. */
  periodLength: number;
}

export function validateClvOptions(o: ClvOptions): void {
  if (!(o.horizon > 0) || !Number.isFinite(o.horizon)) throw new RangeError(`horizon must be a positive number, got ${o.horizon}`);
  if (!(o.discountRate >= 0) || !Number.isFinite(o.discountRate)) {
    throw new RangeError(`discount rate must be a number >= 0, got ${o.discountRate}`);
  }
  if (!(o.periodLength > 0) || !Number.isFinite(o.periodLength)) {
    throw new RangeError(`discount period length must be a positive number, got ${o.periodLength}`);
  }
}

/** Period end points τ_1..τ_k and their discount factors 1/(1+d)^{τ_i/P}. */
export function discountSchedule(o: ClvOptions): { ends: Float64Array; factors: Float64Array } {
  validateClvOptions(o);
  // The 1e-9 keeps H = 9 × 4.345 from growing a spurious 10th period through round-off.
  const k = Math.max(1, Math.ceil(o.horizon / o.periodLength - 1e-9));
  const ends = new Float64Array(k);
  const factors = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    ends[i] = i === k - 1 ? o.horizon : (i + 1) * o.periodLength;
    factors[i] = Math.pow(1 + o.discountRate, -ends[i] / o.periodLength);
  }
  return { ends, factors };
}

export interface CustomerScores {
  /** Expected purchases in the next H time units. */
  expectedPurchases: Float64Array;
  pAlive: Float64Array;
  expectedAverageValue: Float64Array;
  clv: Float64Array;
}

export interface ScoreOptions extends ClvOptions {
  /**
   * Compute the BG/NBD part once per distinct (x, t_x, T) and share it (default true).
   * Real customer bases repeat histories a lot (all one-time buyers of the same day, for
   * a start); turn it off to measure the per-customer cost.
   */
  dedupe?: boolean;
}

/** Scores every customer: expected purchases over H, P(alive), expected value, discounted CLV. */
export function scoreCustomers(
  bg: BgNbdParams,
  gg: GammaGammaParams,
  h: PurchaseHistories & { monetary: Float64Array },
  options: ScoreOptions,
): CustomerScores {
  const { ends, factors } = discountSchedule(options);
  const n = h.x.length;
  const distinct = options.dedupe === false ? null : compressRows([h.x, h.tx, h.T]);
  const [ux, utx, uT] = distinct ? distinct.columns : [h.x, h.tx, h.T];
  const m = distinct ? distinct.size : n;

  // BG/NBD part per (distinct) history: E(H), P(alive) and Σ_i ΔE_i / (1+d)^{τ_i/P}.
  const purchases = new Float64Array(m);
  const alive = new Float64Array(m);
  const discounted = new Float64Array(m);
  const curve = new Float64Array(ends.length);
  for (let j = 0; j < m; j++) {
    alive[j] = expectedPurchasesCurve(bg, ux[j], utx[j], uT[j], ends, curve);
    let previous = 0;
    let sum = 0;
    for (let k = 0; k < ends.length; k++) {
      sum += (curve[k] - previous) * factors[k];
      previous = curve[k];
    }
    purchases[j] = previous; // E(τ_k) = E(H)
    discounted[j] = sum;
  }

  const out: CustomerScores = {
    expectedPurchases: new Float64Array(n),
    pAlive: new Float64Array(n),
    expectedAverageValue: new Float64Array(n),
    clv: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const j = distinct ? distinct.index[i] : i;
    const value = conditionalExpectedAverageValue(gg, h.x[i], h.monetary[i]);
    out.expectedPurchases[i] = purchases[j];
    out.pAlive[i] = alive[j];
    out.expectedAverageValue[i] = value;
    out.clv[i] = discounted[j] * value;
    if (!Number.isFinite(out.clv[i])) assertFinite(`CLV of customer #${i}`, { clv: out.clv[i] });
  }
  return out;
}
