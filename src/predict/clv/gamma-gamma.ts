/**
 * Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"; Colombo &
 * Jiang 1999): each transaction value z ~ Gamma(p, ν), and across customers
 * ν ~ Gamma(q, v). A customer's mean repeat-transaction value m̄ over x repeat
 * purchases is then informative about their expected spend, shrunk towards the
 * population mean p·v/(q−1).
 *
 * As in BTYD/lifetimes, only repeat buyers (x > 0) enter the fit and m̄ is the
 * mean of their repeat purchases (see transactions.ts). The model assumes spend
 * is independent of purchase frequency; frequencySpendCorrelation() lets callers check.
 */
import { compressRows } from './compress.ts';
import { assertFinite, ModelFitError } from './errors.ts';
import { lbfgs, nelderMead, type OptimizeResult } from './optimize.ts';
import { digamma, logGamma } from './special.ts';

export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

export interface GammaGammaFit {
  params: GammaGammaParams;
  logLikelihood: number;
  /** Repeat buyers used in the fit. */
  customers: number;
  /** Repeat buyers left out because their mean repeat spend was 0 (ln 0 is undefined in the likelihood). */
  zeroSpendExcluded: number;
  iterations: number;
}

/**
 * Weighted Σ ln L_i with ln L = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln v + (px−1) ln m̄ + px ln x − (px+q) ln(x m̄ + v),
 * and, when grad is given, its derivatives in (ln p, ln q, ln v).
 */
function evaluate(params: GammaGammaParams, x: Float64Array, m: Float64Array, w: Float64Array, grad?: Float64Array): number {
  const { p, q, v } = params;
  const logV = Math.log(v);
  const constant = -logGamma(q) + q * logV;
  const psiQ = grad ? digamma(q) : 0;
  let total = 0;
  let weight = 0;
  let gp = 0;
  let gq = 0;
  let gv = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const wi = w[i];
    const px = p * xi;
    const logM = Math.log(m[i]);
    const logX = Math.log(xi);
    const logXmV = Math.log(xi * m[i] + v);
    total += wi * (logGamma(px + q) - logGamma(px) + (px - 1) * logM + px * logX - (px + q) * logXmV);
    weight += wi;
    if (grad) {
      const psiPxQ = digamma(px + q);
      gp += wi * xi * (psiPxQ - digamma(px) + logM + logX - logXmV);
      gq += wi * (psiPxQ - logXmV);
      gv += wi * (-(px + q) / (xi * m[i] + v));
    }
  }
  if (grad) {
    grad[0] = p * gp;
    grad[1] = q * (gq + weight * (logV - psiQ));
    grad[2] = v * (gv + (weight * q) / v);
  }
  return total + weight * constant;
}

/** Total Gamma-Gamma log-likelihood of repeat buyers (x > 0, m̄ > 0). */
export function gammaGammaLogLikelihood(params: GammaGammaParams, x: Float64Array, m: Float64Array): number {
  validateParams(params);
  const { xs, ms } = repeatBuyers(x, m);
  if (xs.length === 0) throw new ModelFitError('Gamma-Gamma log-likelihood: no repeat buyers with positive spend');
  const ll = evaluate(params, xs, ms, new Float64Array(xs.length).fill(1));
  assertFinite('Gamma-Gamma log-likelihood', { logLikelihood: ll });
  return ll;
}

/**
 * Maximum-likelihood fit of (p, q, v) on the repeat buyers among the given customers
 * (x = repeat purchases, m = mean repeat-transaction value; customers with x = 0 are ignored).
 */
export function fitGammaGamma(x: Float64Array, m: Float64Array): GammaGammaFit {
  const { xs, ms, excluded } = repeatBuyers(x, m);
  if (xs.length === 0) {
    throw new ModelFitError(
      'Gamma-Gamma cannot be fitted: no customer made a repeat purchase with a positive amount, so there is no spend to model',
    );
  }
  if (xs.length < 2) {
    throw new ModelFitError(`Gamma-Gamma cannot be fitted: only ${xs.length} repeat buyer; spend variation across customers is not identified`);
  }
  const rows = compressRows([xs, ms]);
  const [cx, cm] = rows.columns;
  const n = xs.length;
  let meanSpend = 0;
  for (let i = 0; i < n; i++) meanSpend += ms[i] / n;

  const toParams = (theta: Float64Array): GammaGammaParams => ({ p: Math.exp(theta[0]), q: Math.exp(theta[1]), v: Math.exp(theta[2]) });
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    const params = toParams(theta);
    if (![params.p, params.q, params.v].every((t) => t >= 1e-12 && t <= 1e12)) return Infinity;
    const ll = evaluate(params, cx, cm, rows.weights, grad);
    for (let k = 0; k < 3; k++) grad[k] = -grad[k] / n;
    return -ll / n;
  };
  // Start at p = 1, q = 2, v = mean spend: a population mean p·v/(q−1) equal to the observed one.
  const start = [0, Math.log(2), Math.log(meanSpend)];
  let result: OptimizeResult = lbfgs(objective, start);
  if (!result.converged) {
    const coarse = nelderMead((t) => objective(t, new Float64Array(3)), start, { tolerance: 1e-10, maxIterations: 4000 });
    const polished = lbfgs(objective, coarse.x);
    result = polished.value <= coarse.value ? polished : { ...coarse, converged: false };
  }
  const params = toParams(result.x);
  const shown = `p = ${params.p.toPrecision(4)}, q = ${params.q.toPrecision(4)}, v = ${params.v.toPrecision(4)}`;
  if (![params.p, params.q, params.v].every((t) => t >= 1e-6 && t <= 1e8)) {
    throw new ModelFitError(`Gamma-Gamma cannot be fitted: the likelihood is maximised at the edge of the parameter space (${shown})`);
  }
  if (!result.converged || !Number.isFinite(result.value)) {
    throw new ModelFitError(`Gamma-Gamma fit did not converge (${result.message}); last estimate ${shown}`);
  }
  const logLikelihood = evaluate(params, cx, cm, rows.weights);
  assertFinite('Gamma-Gamma fit', { ...params, logLikelihood });
  return { params, logLikelihood, customers: n, zeroSpendExcluded: excluded, iterations: result.iterations };
}

/** Population mean transaction value E[Z] = p·v/(q−1); finite only for q > 1. */
export function populationMeanValue(params: GammaGammaParams): number {
  if (!(params.q > 1)) {
    throw new ModelFitError(`Gamma-Gamma q = ${params.q} <= 1: the population mean spend is infinite, so no value can be predicted`);
  }
  return (params.p * params.v) / (params.q - 1);
}

/**
 * E[Z | x, m̄] = (q−1)/(px+q−1) · p·v/(q−1) + px/(px+q−1) · m̄ = p(v + x m̄)/(px + q − 1):
 * a weighted average of the population mean and the customer's own mean. For x = 0
 * it is the population mean (the customer's m̄ carries no information).
 */
export function conditionalExpectedAverageValue(params: GammaGammaParams, x: number, m: number): number {
  if (x === 0) return populationMeanValue(params);
  if (!(x > 0) || !Number.isFinite(x) || !(m >= 0) || !Number.isFinite(m)) {
    throw new RangeError(`invalid spend history x = ${x}, m = ${m}`);
  }
  populationMeanValue(params); // same q > 1 requirement, same message
  return (params.p * (params.v + x * m)) / (params.p * x + params.q - 1);
}

/** Pearson correlation of frequency and mean spend among repeat buyers (the model assumes ≈ 0). */
export function frequencySpendCorrelation(x: Float64Array, m: Float64Array): number {
  const { xs, ms } = repeatBuyers(x, m);
  const n = xs.length;
  if (n < 2) return 0;
  let mx = 0;
  let mm = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i] / n;
    mm += ms[i] / n;
  }
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ms[i] - mm);
    sxx += (xs[i] - mx) ** 2;
    syy += (ms[i] - mm) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

function validateParams(p: GammaGammaParams): void {
  for (const k of ['p', 'q', 'v'] as const) {
    const v = p[k];
    if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`Gamma-Gamma parameter ${k} must be finite and > 0, got ${v}`);
  }
}

function repeatBuyers(x: Float64Array, m: Float64Array): { xs: Float64Array; ms: Float64Array; excluded: number } {
  if (x.length !== m.length) throw new RangeError('x and m must have the same length');
  let count = 0;
  let excluded = 0;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || x[i] < 0 || !Number.isFinite(m[i]) || m[i] < 0) {
      throw new RangeError(`customer #${i}: invalid x = ${x[i]} or m = ${m[i]}`);
    }
    if (x[i] > 0) {
      if (m[i] > 0) count++;
      else excluded++;
    }
  }
  const xs = new Float64Array(count);
  const ms = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] > 0 && m[i] > 0) {
      xs[k] = x[i];
      ms[k] = m[i];
      k++;
    }
  }
  return { xs, ms, excluded };
}
