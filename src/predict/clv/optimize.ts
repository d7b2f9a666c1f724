/**
 * Small unconstrained minimisers for smooth objectives of a handful of variables
 * (the model fits optimise 3–4 log-parameters, so dense O(n²) work is free).
 *
 *  - lbfgs: quasi-Newton with a strong-Wolfe line search (Nocedal & Wright,
 *    Algorithms 7.4, 3.5 and 3.6). Needs an analytic gradient; converges to
 *    ~1e-9 gradient in a few dozen iterations on the BG/NBD and Gamma-Gamma fits.
 *  - nelderMead: derivative-free fallback when L-BFGS stalls (e.g. a poor start).
 *
 * Objectives may return a non-finite value for points outside their domain; both
 * methods treat that as "worse than anything" and step back, so NaN never escapes.
 */

/** Returns f(x) and writes ∇f(x) into grad. */
export type ObjectiveWithGradient = (x: Float64Array, grad: Float64Array) => number;
export type Objective = (x: Float64Array) => number;

export interface OptimizeResult {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
  /** Why the method stopped, for error messages. */
  message: string;
}

export interface LbfgsOptions {
  maxIterations?: number;
  /** Stop when max |∂f/∂x_i| falls below this. */
  gradientTolerance?: number;
  /** History length m. */
  memory?: number;
}

export function lbfgs(f: ObjectiveWithGradient, x0: ArrayLike<number>, options: LbfgsOptions = {}): OptimizeResult {
  const n = x0.length;
  const maxIterations = options.maxIterations ?? 500;
  const gtol = options.gradientTolerance ?? 1e-9;
  const m = options.memory ?? 8;

  let x: Float64Array = Float64Array.from(x0);
  let g: Float64Array = new Float64Array(n);
  let fx = f(x, g);
  if (!Number.isFinite(fx) || !allFinite(g)) {
    return { x, value: fx, iterations: 0, converged: false, message: 'objective is not finite at the starting point' };
  }
  const sHist: Float64Array[] = [];
  const yHist: Float64Array[] = [];
  const rhoHist: number[] = [];
  const direction = new Float64Array(n);
  const alphaTmp = new Float64Array(m);
  let stalled = 0;

  for (let iter = 0; iter < maxIterations; iter++) {
    if (maxAbs(g) < gtol) return { x, value: fx, iterations: iter, converged: true, message: 'gradient below tolerance' };

    // Two-loop recursion: direction = −H·g with H the implicit inverse-Hessian estimate.
    direction.set(g);
    for (let i = sHist.length - 1; i >= 0; i--) {
      alphaTmp[i] = rhoHist[i] * dot(sHist[i], direction);
      axpy(-alphaTmp[i], yHist[i], direction);
    }
    if (sHist.length > 0) {
      const last = sHist.length - 1;
      scale(direction, dot(sHist[last], yHist[last]) / dot(yHist[last], yHist[last]));
    } else {
      // First step: a unit-length move, so the line search starts at a sensible scale.
      scale(direction, 1 / Math.max(1, Math.sqrt(dot(g, g))));
    }
    for (let i = 0; i < sHist.length; i++) {
      const beta = rhoHist[i] * dot(yHist[i], direction);
      axpy(alphaTmp[i] - beta, sHist[i], direction);
    }
    scale(direction, -1);
    if (dot(direction, g) >= 0) {
      // Not a descent direction (curvature information went bad): restart from steepest descent.
      sHist.length = yHist.length = rhoHist.length = 0;
      direction.set(g);
      scale(direction, -1 / Math.max(1, Math.sqrt(dot(g, g))));
    }

    const step = wolfeLineSearch(f, x, fx, g, direction);
    if (!step) {
      if (sHist.length === 0) {
        return { x, value: fx, iterations: iter, converged: maxAbs(g) < gtol * 100, message: 'line search failed' };
      }
      sHist.length = yHist.length = rhoHist.length = 0;
      continue;
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = step.x[i] - x[i];
      y[i] = step.grad[i] - g[i];
    }
    const sy = dot(s, y);
    const improvement = fx - step.value;
    x = step.x;
    g = step.grad;
    fx = step.value;
    if (sy > 1e-300) {
      if (sHist.length === m) {
        sHist.shift();
        yHist.shift();
        rhoHist.shift();
      }
      sHist.push(s);
      yHist.push(y);
      rhoHist.push(1 / sy);
    }
    // Several steps in a row that change f by less than round-off: we are at the optimum
    // to machine precision even if the gradient tolerance was set too tight.
    stalled = improvement <= 1e-15 * Math.max(1, Math.abs(fx)) ? stalled + 1 : 0;
    if (stalled >= 4) {
      return { x, value: fx, iterations: iter + 1, converged: maxAbs(g) < gtol * 1e3, message: 'no further progress' };
    }
  }
  return { x, value: fx, iterations: maxIterations, converged: maxAbs(g) < gtol, message: 'iteration limit reached' };
}

interface LineStep {
  x: Float64Array;
  value: number;
  grad: Float64Array;
}

/** Strong Wolfe line search along d from x (c1 = 1e-4, c2 = 0.9). Returns null if no acceptable step exists. */
function wolfeLineSearch(f: ObjectiveWithGradient, x: Float64Array, fx: number, g: Float64Array, d: Float64Array): LineStep | null {
  const c1 = 1e-4;
  const c2 = 0.9;
  const dg0 = dot(g, d);
  const evalAt = (alpha: number): LineStep & { slope: number } => {
    const xn = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) xn[i] = x[i] + alpha * d[i];
    const grad = new Float64Array(x.length);
    let value = f(xn, grad);
    if (!Number.isFinite(value) || !allFinite(grad)) value = Infinity;
    return { x: xn, value, grad, slope: value === Infinity ? NaN : dot(grad, d) };
  };

  let alphaPrev = 0;
  let prev = { x, value: fx, grad: g, slope: dg0 };
  let alpha = 1;
  for (let i = 0; i < 40; i++) {
    const cur = evalAt(alpha);
    if (cur.value === Infinity) {
      // Outside the domain (overflow): shrink towards the last good point.
      alpha = alphaPrev + (alpha - alphaPrev) * 0.1;
      if (alpha - alphaPrev < 1e-20) return null;
      continue;
    }
    if (cur.value > fx + c1 * alpha * dg0 || (i > 0 && cur.value >= prev.value)) {
      return zoom(evalAt, fx, dg0, alphaPrev, prev, alpha, cur, c1, c2);
    }
    if (Math.abs(cur.slope) <= -c2 * dg0) return cur;
    if (cur.slope >= 0) return zoom(evalAt, fx, dg0, alpha, cur, alphaPrev, prev, c1, c2);
    alphaPrev = alpha;
    prev = cur;
    alpha *= 2;
  }
  return null;
}

function zoom(
  evalAt: (alpha: number) => LineStep & { slope: number },
  fx: number,
  dg0: number,
  aLo: number,
  lo: LineStep & { slope: number },
  aHi: number,
  hi: LineStep & { slope: number },
  c1: number,
  c2: number,
): LineStep | null {
  for (let i = 0; i < 60; i++) {
    // Safeguarded quadratic interpolation using f(lo), f'(lo), f(hi); bisection if it lands near an end.
    const width = aHi - aLo;
    let alpha = aLo + 0.5 * width;
    if (Number.isFinite(hi.value)) {
      const denom = 2 * (hi.value - lo.value - lo.slope * width);
      if (denom > 0) {
        // A positive curvature estimate: the quadratic has a minimum, not a maximum.
        const cand = aLo - (lo.slope * width * width) / denom;
        const lower = Math.min(aLo, aHi) + 0.1 * Math.abs(width);
        const upper = Math.max(aLo, aHi) - 0.1 * Math.abs(width);
        if (cand > lower && cand < upper) alpha = cand;
      }
    }
    const cur = evalAt(alpha);
    if (cur.value === Infinity || cur.value > fx + c1 * alpha * dg0 || cur.value >= lo.value) {
      aHi = alpha;
      hi = cur;
    } else {
      if (Math.abs(cur.slope) <= -c2 * dg0) return cur;
      if (cur.slope * (aHi - aLo) >= 0) {
        aHi = aLo;
        hi = lo;
      }
      aLo = alpha;
      lo = cur;
    }
    if (Math.abs(aHi - aLo) < 1e-16 * Math.max(1, Math.abs(aLo))) break;
  }
  // Could not satisfy the curvature condition, but a sufficient decrease is still progress.
  return lo.value < fx ? lo : null;
}

export interface NelderMeadOptions {
  maxIterations?: number;
  /** Stop when the simplex's function values span less than this. */
  tolerance?: number;
  initialStep?: number;
}

export function nelderMead(f: Objective, x0: ArrayLike<number>, options: NelderMeadOptions = {}): OptimizeResult {
  const n = x0.length;
  const maxIterations = options.maxIterations ?? 5000 * n;
  const tol = options.tolerance ?? 1e-12;
  const stepSize = options.initialStep ?? 0.5;
  const safe = (p: Float64Array): number => {
    const v = f(p);
    return Number.isFinite(v) ? v : Infinity;
  };
  const simplex: Float64Array[] = [Float64Array.from(x0)];
  for (let i = 0; i < n; i++) {
    const p = Float64Array.from(x0);
    p[i] += stepSize;
    simplex.push(p);
  }
  let values = simplex.map(safe);
  const order = (): void => {
    const idx = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
    const s = idx.map((i) => simplex[i]);
    const v = idx.map((i) => values[i]);
    simplex.splice(0, simplex.length, ...s);
    values = v;
  };
  const combine = (centroid: Float64Array, worst: Float64Array, t: number): Float64Array => {
    const p = new Float64Array(n);
    for (let i = 0; i < n; i++) p[i] = centroid[i] + t * (worst[i] - centroid[i]);
    return p;
  };
  for (let iter = 0; iter < maxIterations; iter++) {
    order();
    if (Number.isFinite(values[n]) && values[n] - values[0] <= tol * Math.max(1, Math.abs(values[0]))) {
      return { x: simplex[0], value: values[0], iterations: iter, converged: true, message: 'simplex collapsed' };
    }
    const centroid = new Float64Array(n);
    for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) centroid[i] += simplex[k][i] / n;
    const reflected = combine(centroid, simplex[n], -1);
    const fr = safe(reflected);
    if (fr < values[0]) {
      const expanded = combine(centroid, simplex[n], -2);
      const fe = safe(expanded);
      [simplex[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[n - 1]) {
      simplex[n] = reflected;
      values[n] = fr;
    } else {
      const contracted = fr < values[n] ? combine(centroid, simplex[n], -0.5) : combine(centroid, simplex[n], 0.5);
      const fc = safe(contracted);
      if (fc < Math.min(fr, values[n])) {
        simplex[n] = contracted;
        values[n] = fc;
      } else {
        // Shrink everything towards the best point.
        for (let k = 1; k <= n; k++) {
          simplex[k] = combine(simplex[0], simplex[k], 0.5);
          values[k] = safe(simplex[k]);
        }
      }
    }
  }
  order();
  return { x: simplex[0], value: values[0], iterations: maxIterations, converged: false, message: 'iteration limit reached' };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += alpha * x[i];
}
function scale(x: Float64Array, s: number): void {
  for (let i = 0; i < x.length; i++) x[i] *= s;
}
function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}
function allFinite(x: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return false;
  return true;
}
