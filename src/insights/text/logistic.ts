/**
 * Multinomial logistic regression trained by stochastic gradient descent with
 * L2 regularisation. The weight decay is applied lazily through one global scale
 * factor, so each step touches only the few hundred weights of the text's n-grams
 * instead of the whole matrix.
 */
import { type LinearModel, scoreAll } from './linear.ts';
import { mulberry32, shuffleInPlace } from './random.ts';
import type { SparseRows } from './sparse.ts';

export interface LogisticOptions {
  /** L2 penalty per example (scikit-learn's C is 1 / (lambda * n)). */
  lambda: number;
  epochs: number;
  /** Initial step size; decays as eta0 / (1 + eta0 * lambda * t) (Bottou 2012). */
  eta0: number;
  seed: number;
  /** Per-example weights (e.g. to balance classes or sources); default 1. */
  sampleWeights?: Float32Array;
  /**
   * A fixed model whose scores are added before the softmax. The returned model is
   * then the correction to it, so the L2 penalty pulls towards `offset` instead of
   * towards zero: how a small workspace data set adapts a general model without erasing it.
   */
  offset?: LinearModel;
}

export const DEFAULT_LOGISTIC: LogisticOptions = { lambda: 1e-5, epochs: 15, eta0: 0.5, seed: 1 };

export function trainLogistic(x: SparseRows, y: Int32Array, classes: number, options: Partial<LogisticOptions> = {}): LinearModel {
  const opt = { ...DEFAULT_LOGISTIC, ...options };
  const k = classes;
  const w = new Float32Array(x.cols * k);
  const bias = new Float64Array(k);
  const p = new Float64Array(k);
  let scale = 1;
  const order = new Int32Array(x.rows);
  for (let i = 0; i < x.rows; i++) order[i] = i;
  const rand = mulberry32(opt.seed);
  const { indptr, indices, values } = x;
  const offset = opt.offset ? scoreAll(opt.offset, x) : null;
  let t = 0;
  for (let epoch = 0; epoch < opt.epochs; epoch++) {
    shuffleInPlace(order, order.length, rand);
    for (let s = 0; s < order.length; s++) {
      const i = order[s];
      const eta = opt.eta0 / (1 + opt.eta0 * opt.lambda * t++);
      for (let c = 0; c < k; c++) p[c] = 0;
      for (let q = indptr[i]; q < indptr[i + 1]; q++) {
        const base = indices[q] * k;
        const v = values[q];
        for (let c = 0; c < k; c++) p[c] += v * w[base + c];
      }
      if (offset) {
        for (let c = 0; c < k; c++) p[c] = p[c] * scale + bias[c] + offset[i * k + c];
      } else for (let c = 0; c < k; c++) p[c] = p[c] * scale + bias[c];
      let max = -Infinity;
      for (let c = 0; c < k; c++) {
        if (p[c] > max) max = p[c];
      }
      let sum = 0;
      for (let c = 0; c < k; c++) {
        p[c] = Math.exp(p[c] - max);
        sum += p[c];
      }
      const weight = opt.sampleWeights ? opt.sampleWeights[i] : 1;
      for (let c = 0; c < k; c++) p[c] = (p[c] / sum) * weight;
      p[y[i]] -= weight; // gradient of the (weighted) cross-entropy with respect to the scores
      scale *= 1 - eta * opt.lambda;
      const step = eta / scale;
      for (let q = indptr[i]; q < indptr[i + 1]; q++) {
        const base = indices[q] * k;
        const v = values[q] * step;
        for (let c = 0; c < k; c++) w[base + c] -= v * p[c];
      }
      for (let c = 0; c < k; c++) bias[c] -= eta * p[c];
      // Fold the scale back in before it underflows Float32 precision.
      if (scale < 1e-4) {
        for (let j = 0; j < w.length; j++) w[j] *= scale;
        scale = 1;
      }
    }
  }
  for (let j = 0; j < w.length; j++) w[j] *= scale;
  return { classes: k, cols: x.cols, weights: w, bias: Float32Array.from(bias) };
}
