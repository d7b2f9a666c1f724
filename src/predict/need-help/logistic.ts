/**
 * Binary logistic regression with an L2 penalty, fitted by Newton's method
 * (IRLS). With a handful of dense features Newton converges in a few steps to
 * the exact optimum, where stochastic descent would need tuning; the penalty
 * keeps a feature that never co-occurs with a contact from running off to
 * minus infinity. The intercept is not penalised.
 */

export interface LogisticFit {
  intercept: number;
  weights: number[];
  iterations: number;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function probability(fit: Pick<LogisticFit, 'intercept' | 'weights'>, x: number[]): number {
  let z = fit.intercept;
  for (let j = 0; j < x.length; j++) z += fit.weights[j]! * x[j]!;
  return sigmoid(z);
}

/** Solves A·x = b for a small symmetric positive definite A (Cholesky); A is overwritten. */
function solveSpd(a: number[][], b: number[]): number[] {
  const n = b.length;
  for (let j = 0; j < n; j++) {
    let d = a[j]![j]!;
    for (let k = 0; k < j; k++) d -= a[j]![k]! ** 2;
    if (!(d > 0)) throw new Error('logistic: the system is not positive definite');
    a[j]![j] = Math.sqrt(d);
    for (let i = j + 1; i < n; i++) {
      let s = a[i]![j]!;
      for (let k = 0; k < j; k++) s -= a[i]![k]! * a[j]![k]!;
      a[i]![j] = s / a[j]![j]!;
    }
  }
  const y = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= a[i]![k]! * y[k]!;
    y[i] = s / a[i]![i]!;
  }
  const x = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= a[k]![i]! * x[k]!;
    x[i] = s / a[i]![i]!;
  }
  return x;
}

export function fitLogistic(rows: number[][], labels: boolean[], lambda = 1, maxIterations = 50): LogisticFit {
  if (rows.length === 0 || rows.length !== labels.length) throw new Error('logistic: need as many labels as rows, and at least one');
  const p = rows[0]!.length + 1; // the intercept is column 0
  let beta = new Array<number>(p).fill(0);
  const positives = labels.filter(Boolean).length;
  // Start at the base rate, so the first step is already sensible.
  beta[0] = Math.log((positives + 0.5) / (rows.length - positives + 0.5));
  for (let iter = 1; iter <= maxIterations; iter++) {
    const hessian = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    const gradient = new Array<number>(p).fill(0);
    for (let i = 0; i < rows.length; i++) {
      const x = rows[i]!;
      const mu = probability({ intercept: beta[0]!, weights: beta.slice(1) }, x);
      const w = Math.max(mu * (1 - mu), 1e-10);
      const r = (labels[i] ? 1 : 0) - mu;
      for (let a = 0; a < p; a++) {
        const xa = a === 0 ? 1 : x[a - 1]!;
        gradient[a]! += xa * r;
        for (let b = 0; b <= a; b++) hessian[a]![b]! += w * xa * (b === 0 ? 1 : x[b - 1]!);
      }
    }
    for (let a = 1; a < p; a++) {
      gradient[a]! -= lambda * beta[a]!;
      hessian[a]![a]! += lambda;
    }
    hessian[0]![0]! += 1e-9; // a constant column alone must still solve
    for (let a = 0; a < p; a++) for (let b = a + 1; b < p; b++) hessian[a]![b] = hessian[b]![a]!;
    const step = solveSpd(hessian, gradient);
    beta = beta.map((v, j) => v + step[j]!);
    if (Math.max(...step.map(Math.abs)) < 1e-8) return { intercept: beta[0]!, weights: beta.slice(1), iterations: iter };
  }
  return { intercept: beta[0]!, weights: beta.slice(1), iterations: maxIterations };
}
