/**
 * Special functions the customer-base models need, written for positive real
 * arguments only (every call site has shape/scale parameters > 0).
 *
 * Why not Lanczos: the likelihoods take differences such as lnΓ(r + x) − lnΓ(r)
 * with x in the hundreds, so we want near full relative accuracy for large
 * arguments. Shifting the argument up to >= 10 and using Stirling's series
 * gives ~1e-16 relative error everywhere we need it and is easy to verify.
 */

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
const SHIFT_TO = 10;

/** ln Γ(x) for x > 0. Throws on x <= 0 or non-finite x rather than returning NaN. */
export function logGamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`logGamma needs a finite x > 0, got ${x}`);
  let shift = 0;
  // Γ(x) = Γ(x + k) / (x (x+1) ... (x+k-1)): accumulate the product, fold it into a log once.
  let product = 1;
  while (x < SHIFT_TO) {
    product *= x;
    x += 1;
    shift += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  // Stirling series 1/12x − 1/360x³ + 1/1260x⁵ − 1/1680x⁷ + 1/1188x⁹ − 691/360360x¹¹ + 1/156x¹³
  // (the first omitted term is < 1e-16 at x = 10).
  const series =
    inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 * (1 / 1188 - inv2 * (691 / 360360 - inv2 / 156))))));
  const stirling = (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + series;
  return shift === 0 ? stirling : stirling - Math.log(product);
}

/** ψ(x) = d/dx ln Γ(x) for x > 0 (for analytic gradients). */
export function digamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`digamma needs a finite x > 0, got ${x}`);
  let result = 0;
  // ψ(x) = ψ(x + 1) − 1/x: climb until the asymptotic series is accurate.
  while (x < SHIFT_TO) {
    result -= 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  // ln x − 1/2x − 1/12x² + 1/120x⁴ − 1/252x⁶ + 1/240x⁸ − 1/132x¹⁰ + 691/32760x¹² − 1/12x¹⁴
  const series =
    inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760 - inv2 / 12))))));
  return result + Math.log(x) - 0.5 / x - series;
}

/** ln(e^a + e^b) without overflow; -Infinity stands for "no term". */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** ln(1 + e^x), accurate for large |x| (e^x would overflow past x ≈ 709). */
export function log1pExp(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}
