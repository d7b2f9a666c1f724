// Ridge regression of an outcome on yes/no features, from weighted sums: a
// bootstrap resample only changes the weights, so each refit costs the distinct
// answer patterns, not the answers.

/** Weighted sums of the outcome y and the 0/1 features x over the answers. */
export interface Moments {
  /** Number of features. */
  p: number;
  w: number;
  sy: number;
  syy: number;
  /** Σ w·x_j */
  sx: Float64Array;
  /** Σ w·x_j·y */
  sxy: Float64Array;
  /** Σ w·x_j·x_k, p × p row-major */
  sxx: Float64Array;
}

export function emptyMoments(p: number): Moments {
  return { p, w: 0, sy: 0, syy: 0, sx: new Float64Array(p), sxy: new Float64Array(p), sxx: new Float64Array(p * p) };
}

/** Adds `weight` answers with outcome y and the features `has` (indices). */
export function addAnswers(m: Moments, has: readonly number[], y: number, weight: number): void {
  m.w += weight;
  m.sy += weight * y;
  m.syy += weight * y * y;
  for (const j of has) {
    m.sx[j] += weight;
    m.sxy[j] += weight * y;
    for (const k of has) m.sxx[j * m.p + k] += weight;
  }
}

export interface RidgeFit {
  /** Standardised coefficients: change in the outcome's SDs per SD of the feature, the others held fixed; NaN for a feature without variation. */
  standardised: Float64Array;
  /** The same in the outcome's units per answer having the feature. */
  coefficients: Float64Array;
  /** Share of the outcome's variance the features explain together. */
  r2: number;
}

/**
 * Ridge regression on the features' correlation matrix: (R + λI)β = r. Standardising
 * first makes the penalty treat a rare feature like a common one, and λ keeps
 * near-twins (two touchpoints most customers pass together) from trading huge
 * opposite coefficients.
 */
export function fitRidge(m: Moments, lambda: number): RidgeFit {
  const { p } = m;
  const standardised = new Float64Array(p).fill(Number.NaN);
  const coefficients = new Float64Array(p).fill(Number.NaN);
  const my = m.sy / m.w;
  const varY = m.syy / m.w - my * my;
  const active: number[] = [];
  const sd = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const mean = m.sx[j]! / m.w;
    sd[j] = Math.sqrt(Math.max(0, mean - mean * mean));
    if (sd[j]! > 1e-9) active.push(j);
  }
  if (active.length === 0 || !(varY > 1e-12)) {
    for (const j of active) standardised[j] = coefficients[j] = 0;
    return { standardised, coefficients, r2: 0 };
  }
  const sdY = Math.sqrt(varY);
  const q = active.length;
  const a = new Float64Array(q * q);
  const r = new Float64Array(q);
  for (let u = 0; u < q; u++) {
    const j = active[u]!;
    const mj = m.sx[j]! / m.w;
    r[u] = (m.sxy[j]! / m.w - mj * my) / (sd[j]! * sdY);
    for (let v = 0; v < q; v++) {
      const k = active[v]!;
      a[u * q + v] = (m.sxx[j * p + k]! / m.w - mj * (m.sx[k]! / m.w)) / (sd[j]! * sd[k]!) + (u === v ? lambda : 0);
    }
  }
  const beta = solveSymmetric(a, r, q);
  let r2 = 0;
  for (let u = 0; u < q; u++) {
    const j = active[u]!;
    standardised[j] = beta[u]!;
    coefficients[j] = (beta[u]! * sdY) / sd[j]!;
    r2 += beta[u]! * r[u]!;
  }
  return { standardised, coefficients, r2 };
}

/** Solves A x = b for a symmetric positive-definite A (q × q, row-major) by Cholesky. */
export function solveSymmetric(a: Float64Array, b: Float64Array, q: number): Float64Array {
  const l = new Float64Array(q * q);
  for (let i = 0; i < q; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * q + j]!;
      for (let k = 0; k < j; k++) s -= l[i * q + k]! * l[j * q + k]!;
      if (i === j) {
        if (!(s > 0)) throw new Error('solveSymmetric: the matrix is not positive definite');
        l[i * q + i] = Math.sqrt(s);
      } else l[i * q + j] = s / l[j * q + j]!;
    }
  }
  const z = new Float64Array(q);
  for (let i = 0; i < q; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * q + k]! * z[k]!;
    z[i] = s / l[i * q + i]!;
  }
  const x = new Float64Array(q);
  for (let i = q - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < q; k++) s -= l[k * q + i]! * x[k]!;
    x[i] = s / l[i * q + i]!;
  }
  return x;
}
