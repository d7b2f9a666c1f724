/**
 * One-vs-rest linear SVM (squared hinge loss, L2 regularisation) trained by dual
 * coordinate descent with shrinking: the liblinear algorithm (Hsieh et al. 2008),
 * which converges in a handful of passes on sparse TF-IDF text.
 */
import { type LinearModel, toFeatureMajor } from './linear.ts';
import type { SparseRows } from './sparse.ts';
import { mulberry32, shuffleInPlace } from './random.ts';

export interface SvmOptions {
  /** Inverse regularisation strength. */
  c: number;
  /** Stop when the projected-gradient spread falls under this (liblinear's default 0.1). */
  tolerance: number;
  maxPasses: number;
  seed: number;
  /** Value of the constant feature that carries the intercept. */
  biasFeature: number;
  /** 'squared' (L2-loss, smooth, the default) or 'hinge' (L1-loss, box-constrained dual). */
  loss: 'squared' | 'hinge';
}

export const DEFAULT_SVM: SvmOptions = { c: 1, tolerance: 0.1, maxPasses: 50, seed: 1, biasFeature: 1, loss: 'squared' };

export function trainSvm(
  x: SparseRows,
  y: Int32Array,
  classes: number,
  options: Partial<SvmOptions> = {},
  onClassDone?: (done: number, total: number) => void,
): LinearModel {
  const opt = { ...DEFAULT_SVM, ...options };
  const perClass: Float32Array[] = [];
  const bias = new Float32Array(classes);
  // Diagonal of Q: ||x_i||^2 plus the bias feature plus the squared-hinge term 1/(2C).
  const qii = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let s = opt.biasFeature * opt.biasFeature + (opt.loss === 'squared' ? 1 / (2 * opt.c) : 0);
    for (let p = x.indptr[i]; p < x.indptr[i + 1]; p++) s += x.values[p] * x.values[p];
    qii[i] = s;
  }
  for (let c = 0; c < classes; c++) {
    const [w, b] = trainBinary(x, y, c, qii, opt);
    perClass.push(w);
    bias[c] = b;
    onClassDone?.(c + 1, classes);
  }
  return { classes, cols: x.cols, weights: toFeatureMajor(perClass, x.cols), bias };
}

function trainBinary(x: SparseRows, y: Int32Array, positive: number, qii: Float64Array, opt: SvmOptions): [Float32Array, number] {
  const n = x.rows;
  const w = new Float64Array(x.cols);
  let wb = 0;
  const alpha = new Float64Array(n);
  const squared = opt.loss === 'squared';
  const diag = squared ? 1 / (2 * opt.c) : 0;
  const upper = squared ? Infinity : opt.c;
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  let active = n;
  let pgMaxOld = Infinity;
  let pgMinOld = -Infinity;
  const rand = mulberry32(opt.seed + positive);
  const { indptr, indices, values } = x;
  for (let pass = 0; pass < opt.maxPasses; pass++) {
    shuffleInPlace(index, active, rand);
    let pgMax = -Infinity;
    let pgMin = Infinity;
    for (let s = 0; s < active; s++) {
      const i = index[s];
      const yi = y[i] === positive ? 1 : -1;
      let dot = wb * opt.biasFeature;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) dot += w[indices[p]] * values[p];
      const g = yi * dot - 1 + diag * alpha[i];
      let pg = 0;
      if (alpha[i] === 0) {
        // At the bound and pushing outwards: likely to stay there, so stop visiting it (shrinking).
        if (g > pgMaxOld) {
          active--;
          index[s] = index[active];
          index[active] = i;
          s--;
          continue;
        }
        if (g < 0) pg = g;
      } else if (alpha[i] === upper) {
        if (g < pgMinOld) {
          active--;
          index[s] = index[active];
          index[active] = i;
          s--;
          continue;
        }
        if (g > 0) pg = g;
      } else pg = g;
      if (pg > pgMax) pgMax = pg;
      if (pg < pgMin) pgMin = pg;
      if (Math.abs(pg) > 1e-12) {
        const old = alpha[i];
        alpha[i] = Math.min(Math.max(old - g / qii[i], 0), upper);
        const d = (alpha[i] - old) * yi;
        for (let p = indptr[i]; p < indptr[i + 1]; p++) w[indices[p]] += d * values[p];
        wb += d * opt.biasFeature;
      }
    }
    if (pgMax - pgMin <= opt.tolerance) {
      if (active === n) break;
      // Converged on the shrunk set: check everything once more before stopping.
      active = n;
      pgMaxOld = Infinity;
      pgMinOld = -Infinity;
      continue;
    }
    pgMaxOld = pgMax <= 0 ? Infinity : pgMax;
    pgMinOld = pgMin >= 0 ? -Infinity : pgMin;
  }
  return [Float32Array.from(w), wb * opt.biasFeature];
}
