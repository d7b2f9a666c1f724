/**
 * BG/NBD repeat-purchase model (Fader, Hardie & Lee 2005, "Counting your customers
 * the easy way"): while alive a customer buys as Poisson(λ), λ ~ Gamma(r, α); after
 * each purchase they drop out with probability p, p ~ Beta(a, b).
 *
 * This file holds the likelihood and the maximum-likelihood fit; predictions
 * (conditional expected purchases, P(alive)) live in bgnbd-predict.ts.
 */
import { compressRows } from './compress.ts';
import { assertFinite, ModelFitError } from './errors.ts';
import { validateHistories, type PurchaseHistories } from './history.ts';
import { lbfgs, nelderMead, type OptimizeResult } from './optimize.ts';
import { digamma, logGamma } from './special.ts';

export { conditionalExpectedPurchases, expectedPurchasesBatch, expectedPurchasesCurve, probabilityAlive } from './bgnbd-predict.ts';

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface BgNbdFit {
  params: BgNbdParams;
  /** Total log-likelihood Σ ln L_i over all customers (the figure papers report). */
  logLikelihood: number;
  customers: number;
  /** Distinct (x, t_x, T) rows the optimiser actually iterated over. */
  distinctHistories: number;
  iterations: number;
}

/**
 * Per-customer log-likelihood, FHL (2005) eq. 6 written in log space:
 *   ln L = lnΓ(r+x) − lnΓ(r) + r ln α + lnΓ(a+b) + lnΓ(b+x) − lnΓ(b) − lnΓ(a+b+x)
 *          + ln( e^{A3} + [x>0] e^{A4} )
 *   A3 = −(r+x) ln(α+T),  A4 = ln a − ln(b+x−1) − (r+x) ln(α+t_x).
 * The last term is a log-sum-exp so (α+T)^{−(r+x)} never underflows for heavy buyers.
 *
 * evaluate() returns the weighted sum of ln L and, when grad is given, writes
 * ∂/∂(ln r, ln α, ln a, ln b) of that sum (the fit optimises log-parameters so
 * positivity is automatic).
 */
function evaluate(
  p: BgNbdParams,
  x: Float64Array,
  tx: Float64Array,
  T: Float64Array,
  w: Float64Array,
  grad?: Float64Array,
): number {
  const { r, alpha, a, b } = p;
  const logAlpha = Math.log(alpha);
  const constant = -logGamma(r) + r * logAlpha + logGamma(a + b) - logGamma(b);
  const logA = Math.log(a);
  const psiR = grad ? digamma(r) : 0;
  const psiAB = grad ? digamma(a + b) : 0;
  const psiB = grad ? digamma(b) : 0;
  let total = 0;
  let gr = 0;
  let gAlpha = 0;
  let ga = 0;
  let gb = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const wi = w[i];
    const rx = r + xi;
    const logAlphaT = Math.log(alpha + T[i]);
    const a3 = -rx * logAlphaT;
    let mix = a3;
    let w4 = 0; // share of the "dropped out right after the last purchase" branch
    let logAlphaTx = 0;
    if (xi > 0) {
      logAlphaTx = Math.log(alpha + tx[i]);
      const a4 = logA - Math.log(b + xi - 1) - rx * logAlphaTx;
      if (a4 > a3) {
        const e = Math.exp(a3 - a4);
        mix = a4 + Math.log1p(e);
        w4 = 1 / (1 + e);
      } else {
        const e = Math.exp(a4 - a3);
        mix = a3 + Math.log1p(e);
        w4 = e / (1 + e);
      }
    }
    total += wi * (logGamma(rx) + logGamma(b + xi) - logGamma(a + b + xi) + mix);
    if (grad) {
      const w3 = 1 - w4;
      const psiABX = digamma(a + b + xi);
      gr += wi * (digamma(rx) - w3 * logAlphaT - w4 * logAlphaTx);
      gAlpha += wi * -rx * (w3 / (alpha + T[i]) + (xi > 0 ? w4 / (alpha + tx[i]) : 0));
      ga += wi * (-psiABX + (xi > 0 ? w4 / a : 0));
      gb += wi * (digamma(b + xi) - psiABX - (xi > 0 ? w4 / (b + xi - 1) : 0));
    }
  }
  let weight = 0;
  for (let i = 0; i < w.length; i++) weight += w[i];
  if (grad) {
    // Add the customer-independent parts, then the chain rule for log-parameters.
    grad[0] = r * (gr + weight * (-psiR + logAlpha));
    grad[1] = alpha * (gAlpha + (weight * r) / alpha);
    grad[2] = a * (ga + weight * psiAB);
    grad[3] = b * (gb + weight * (psiAB - psiB));
  }
  return total + weight * constant;
}

/** Total BG/NBD log-likelihood of the histories (weights: optional per-customer counts). */
export function bgnbdLogLikelihood(params: BgNbdParams, h: PurchaseHistories, weights?: Float64Array): number {
  validateParams(params);
  validateHistories(h);
  const w = weights ?? new Float64Array(h.x.length).fill(1);
  const ll = evaluate(params, h.x, h.tx, h.T, w);
  assertFinite('BG/NBD log-likelihood', { logLikelihood: ll });
  return ll;
}

/** ∂ΣlnL/∂(ln r, ln α, ln a, ln b): the gradient the fit uses, exposed for checking against finite differences. */
export function bgnbdLogLikelihoodGradient(params: BgNbdParams, h: PurchaseHistories, weights?: Float64Array): Float64Array {
  validateParams(params);
  validateHistories(h);
  const grad = new Float64Array(4);
  evaluate(params, h.x, h.tx, h.T, weights ?? new Float64Array(h.x.length).fill(1), grad);
  return grad;
}

export function validateParams(p: BgNbdParams): void {
  for (const k of ['r', 'alpha', 'a', 'b'] as const) {
    const v = p[k];
    if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`BG/NBD parameter ${k} must be finite and > 0, got ${v}`);
  }
}

/** Parameters outside this range mean the optimum sits at the edge: the data do not identify the model. */
const PARAM_MIN = 1e-6;
const PARAM_MAX = 1e6;

/**
 * Maximum-likelihood fit. Identical (x, t_x, T) rows are merged first; then L-BFGS
 * on the log-parameters with the analytic gradient above, falling back to
 * Nelder–Mead (then an L-BFGS polish) if the first run does not converge.
 * Throws ModelFitError when the model cannot be fitted, never returns NaN.
 */
export function fitBgNbd(h: PurchaseHistories): BgNbdFit {
  validateHistories(h);
  const n = h.x.length;
  if (n === 0) throw new ModelFitError('BG/NBD cannot be fitted: there are no customers in the calibration period');
  let repeatBuyers = 0;
  let sumX = 0;
  let sumT = 0;
  for (let i = 0; i < n; i++) {
    if (h.x[i] > 0) repeatBuyers++;
    sumX += h.x[i];
    sumT += h.T[i];
  }
  if (repeatBuyers === 0) {
    throw new ModelFitError(
      `BG/NBD cannot be fitted: none of the ${n} customers made a repeat purchase in the calibration period, ` +
        'so purchase rates and drop-out cannot be estimated (use a longer calibration period or more data)',
    );
  }
  if (sumT === 0) throw new ModelFitError('BG/NBD cannot be fitted: every customer made their first purchase on the calibration end date (T = 0)');

  const rows = compressRows([h.x, h.tx, h.T]);
  const [x, tx, T] = rows.columns;
  const totalWeight = n;
  const toParams = (theta: Float64Array): BgNbdParams => ({
    r: Math.exp(theta[0]),
    alpha: Math.exp(theta[1]),
    a: Math.exp(theta[2]),
    b: Math.exp(theta[3]),
  });
  // Optimise the mean negative log-likelihood: O(1) values keep tolerances independent of n.
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    const p = toParams(theta);
    if (!withinBounds(p, 1e-12, 1e12)) return Infinity;
    const ll = evaluate(p, x, tx, T, rows.weights, grad);
    for (let k = 0; k < 4; k++) grad[k] = -grad[k] / totalWeight;
    return -ll / totalWeight;
  };
  const valueOnly = (theta: Float64Array): number => objective(theta, new Float64Array(4));

  // Start: r = 1 and α matching the mean purchase rate, a = b = 1 (uniform drop-out probability).
  const meanRate = Math.max(sumX, 1) / sumT;
  const start = [0, Math.log(1 / meanRate), 0, 0];
  let result: OptimizeResult = lbfgs(objective, start);
  if (!result.converged) {
    const coarse = nelderMead(valueOnly, start, { tolerance: 1e-10, maxIterations: 4000 });
    const polished = lbfgs(objective, coarse.x);
    result = polished.value <= coarse.value ? polished : { ...coarse, converged: false };
  }
  const params = toParams(result.x);
  // Checked first: a run towards 0 or ∞ is the data's doing, and says more than "did not converge".
  if (!withinBounds(params, PARAM_MIN, PARAM_MAX)) {
    throw new ModelFitError(
      `BG/NBD cannot be fitted: the likelihood is maximised at the edge of the parameter space (${formatParams(params)}); ` +
        'the data do not identify purchase rates and drop-out (too few repeat buyers, no sign of customers leaving, ' +
          'or no heterogeneity in drop-out)',
    );
  }
  if (!result.converged || !Number.isFinite(result.value)) {
    throw new ModelFitError(`BG/NBD fit did not converge (${result.message}); last estimate ${formatParams(params)}`);
  }
  const logLikelihood = evaluate(params, x, tx, T, rows.weights);
  assertFinite('BG/NBD fit', { ...params, logLikelihood });
  return { params, logLikelihood, customers: n, distinctHistories: rows.size, iterations: result.iterations };
}

function withinBounds(p: BgNbdParams, lo: number, hi: number): boolean {
  return [p.r, p.alpha, p.a, p.b].every((v) => v >= lo && v <= hi);
}

function formatParams(p: BgNbdParams): string {
  return `r = ${p.r.toPrecision(4)}, alpha = ${p.alpha.toPrecision(4)}, a = ${p.a.toPrecision(4)}, b = ${p.b.toPrecision(4)}`;
}
