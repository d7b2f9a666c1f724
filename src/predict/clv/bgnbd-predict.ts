/**
 * BG/NBD predictions for individual customers: expected purchases in the next t
 * time units and the probability the customer is still "alive".
 *
 * The published conditional expectation (FHL 2005, eq. 10) is
 *
 *   E[Y(t) | x, t_x, T] = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^{r+x} · 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))]
 *                         / (1 + [x>0] · a/(b+x−1) · ((α+T)/(α+t_x))^{r+x}).
 *
 * Evaluated literally it breaks in three places: 0/0 at a = 1, a pole when
 * a+b+x−1 hits 0 (x = 0, a+b = 1), and huge 2F1 values times tiny powers for
 * heavy buyers (overflow, then ∞·0 = NaN). We therefore rewrite the numerator with
 * Pfaff's transformation, (1−z)^A 2F1(A, B; C; z) = 2F1(A, a−1; C; −u), where
 * A = r+x, C = a+b+x−1, u = t/(α+T), and cancel the (a−1) and C factors
 * against the series coefficients. With N = C·[1 − 2F1(A, a−1; C; −u)]/(a−1):
 *
 *   u <= 1/2:  N = Σ_{n≥1} (−1)^{n+1} (A)_n (a)_{n−1} / ((C+1)_{n−1} n!) · u^n
 *   u >  1/2:  N = C·Φ − (1+u)^{1−a} Σ_{n≥1} (C−A)_n (a)_{n−1} / ((C+1)_{n−1} n!) · z^n,
 *              z = u/(1+u) < 1,  Φ = [1 − (1+u)^{1−a}]/(a−1)  (= ln(1+u) at a = 1, via expm1)
 *
 * (the second is Pfaff applied again, so z stays below 1 for any horizon). Both
 * series have bounded terms (≈ n^{r−b−1} u^n and n^{a−r−x−2} z^n), no division
 * by a−1 or C, and agree with the literal formula wherever that one is finite
 * (checked in bgnbd.test.ts against hyp2f1.ts). The denominator is handled in
 * log space, so P(alive) never overflows either.
 */
import type { BgNbdParams } from './bgnbd.ts';
import { ModelFitError } from './errors.ts';
import type { PurchaseHistories } from './history.ts';
import { log1pExp } from './special.ts';

const MAX_TERMS = 1_000_000;
const EPS = 1e-17;

/** ln of the P(alive) denominator: ln(1 + [x>0] a/(b+x−1) ((α+T)/(α+t_x))^{r+x}). */
function logDenominator(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 0;
  const logOdds = Math.log(p.a) - Math.log(p.b + x - 1) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
  return log1pExp(logOdds);
}

/** P(customer is still alive at T | x, t_x, T). 1 for customers with no repeat purchase (the model's assumption). */
export function probabilityAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  checkHistory(x, tx, T);
  return Math.exp(-logDenominator(p, x, tx, T));
}

/** Expected number of purchases in (T, T + t] for a customer with history (x, t_x, T). */
export function conditionalExpectedPurchases(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  const out = new Float64Array(1);
  expectedPurchasesCurve(p, x, tx, T, [t], out);
  return out[0];
}

/**
 * E(t) for several horizons of one customer at once (the CLV needs one per discount
 * period): the P(alive) denominator is computed once. Fills out[k] = E(times[k]) and
 * returns P(alive).
 */
export function expectedPurchasesCurve(p: BgNbdParams, x: number, tx: number, T: number, times: ArrayLike<number>, out: Float64Array): number {
  checkHistory(x, tx, T);
  const pAlive = Math.exp(-logDenominator(p, x, tx, T));
  for (let k = 0; k < times.length; k++) {
    const t = times[k];
    if (!(t >= 0) || !Number.isFinite(t)) throw new RangeError(`horizon t must be finite and >= 0, got ${t}`);
    // The denominator of eq. 10 is exactly 1 / P(alive), so E(t) = N(t) · P(alive).
    const value = t === 0 ? 0 : numerator(p, t, x, T) * pAlive;
    if (!Number.isFinite(value)) {
      throw new ModelFitError(`expected purchases are not finite for x = ${x}, t_x = ${tx}, T = ${T}, t = ${t}`);
    }
    out[k] = value;
  }
  return pAlive;
}

/** Expected purchases over horizon t for every customer (typed array, same order). */
export function expectedPurchasesBatch(p: BgNbdParams, h: PurchaseHistories, t: number): Float64Array {
  const out = new Float64Array(h.x.length);
  for (let i = 0; i < out.length; i++) out[i] = conditionalExpectedPurchases(p, t, h.x[i], h.tx[i], h.T[i]);
  return out;
}

/** N(t) = C·[1 − (1−z)^A 2F1(A, b+x; C; z)]/(a−1), see the header comment. */
function numerator(p: BgNbdParams, t: number, x: number, T: number): number {
  const A = p.r + x;
  const C = p.a + p.b + x - 1;
  const a = p.a;
  const u = t / (p.alpha + T);
  let result: number;
  if (u <= 0.5) {
    let term = A * u;
    let sum = term;
    for (let n = 1; ; n++) {
      term *= (-(A + n) * (a + n - 1) * u) / ((C + n) * (n + 1));
      sum += term;
      if (Math.abs(term) <= EPS * Math.abs(sum)) break;
      if (n >= MAX_TERMS) throw new ModelFitError(`expected purchases: series did not converge (x = ${x}, T = ${T}, t = ${t})`);
    }
    result = sum;
  } else {
    const z = u / (1 + u);
    const logOnePlusU = Math.log1p(u);
    const am1 = a - 1;
    const phi = am1 === 0 ? logOnePlusU : -Math.expm1(-am1 * logOnePlusU) / am1;
    const cma = C - A;
    let term = cma * z;
    let sum = term;
    // Terms can change sign while n < A − C; only stop once they are past that and negligible.
    for (let n = 1; ; n++) {
      term *= ((cma + n) * (a + n - 1) * z) / ((C + n) * (n + 1));
      sum += term;
      if (n > A && Math.abs(term) <= EPS * Math.max(Math.abs(sum), 1e-300)) break;
      if (term === 0) break;
      if (n >= MAX_TERMS) throw new ModelFitError(`expected purchases: series did not converge (x = ${x}, T = ${T}, t = ${t})`);
    }
    result = C * phi - Math.exp(-am1 * logOnePlusU) * sum;
  }
  // The exact value is positive; a tiny negative is round-off in the cancellation above.
  if (result < 0) {
    if (result > -1e-12 * Math.max(1, A * u)) return 0;
    throw new ModelFitError(`expected purchases came out negative (${result}) for x = ${x}, T = ${T}, t = ${t}`);
  }
  return result;
}

function checkHistory(x: number, tx: number, T: number): void {
  if (!Number.isInteger(x) || x < 0 || !Number.isFinite(tx) || !Number.isFinite(T) || tx < 0 || T < tx) {
    throw new RangeError(`invalid purchase history x = ${x}, t_x = ${tx}, T = ${T} (need integer x >= 0 and 0 <= t_x <= T)`);
  }
}
