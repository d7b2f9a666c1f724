/**
 * Gaussian hypergeometric function 2F1(a, b; c; z) for real parameters and real z < 1.
 *
 * Used by the textbook form of the BG/NBD conditional expectation (Fader, Hardie &
 * Lee 2005, eq. 10). The model code itself evaluates an algebraically rearranged,
 * cancellation-free series (see bgnbd-predict.ts); this general function is kept to
 * check that rearrangement against the published formula and for callers who need 2F1.
 *
 * Method:
 *  - 0 <= z < 1: the defining power series Σ (a)_n (b)_n / ((c)_n n!) z^n, summed
 *    until the terms are negligible (it converges for every z < 1, slowly near 1);
 *  - z < 0: Pfaff's transformation 2F1(a,b;c;z) = (1−z)^(−a) 2F1(a, c−b; c; z/(z−1)),
 *    which maps z into [0, 1) so the same series applies.
 * Anything outside that domain (z >= 1, c a non-positive integer, non-finite input
 * or a series that fails to converge) throws a RangeError instead of returning NaN.
 */

const MAX_TERMS = 2_000_000;
const EPS = 1e-16;

export function hyp2f1(a: number, b: number, c: number, z: number): number {
  for (const [name, v] of [['a', a], ['b', b], ['c', c], ['z', z]] as const) {
    if (!Number.isFinite(v)) throw new RangeError(`hyp2f1: ${name} must be finite, got ${v}`);
  }
  if (c <= 0 && Number.isInteger(c)) throw new RangeError(`hyp2f1: c = ${c} is a pole (non-positive integer)`);
  if (z >= 1) throw new RangeError(`hyp2f1: only z < 1 is supported, got z = ${z}`);
  if (z === 0) return 1;
  if (z < 0) {
    const w = z / (z - 1);
    const value = Math.pow(1 - z, -a) * powerSeries(a, c - b, c, w);
    if (!Number.isFinite(value)) throw new RangeError(`hyp2f1(${a}, ${b}; ${c}; ${z}) is out of floating-point range`);
    return value;
  }
  return powerSeries(a, b, c, z);
}

/** Σ (a)_n (b)_n / ((c)_n n!) z^n for 0 <= z < 1. */
function powerSeries(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 0; n < MAX_TERMS; n++) {
    term *= ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    sum += term;
    if (term === 0) return sum; // a or b is a non-positive integer: the series is a polynomial
    if (!Number.isFinite(sum)) break;
    // Stop only once the terms are shrinking for good (n past the parameters) and negligible.
    if (n > Math.abs(a) + Math.abs(b) + Math.abs(c) && Math.abs(term) <= EPS * Math.abs(sum)) return sum;
  }
  throw new RangeError(`hyp2f1(${a}, ${b}; ${c}; ${z}): the series did not converge`);
}
