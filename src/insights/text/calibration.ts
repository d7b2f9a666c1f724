/**
 * Turning raw linear scores into probabilities people can act on. SVM margins are
 * not probabilities; a softmax with one fitted temperature (Guo et al. 2017,
 * "temperature scaling") makes "0.9 confident" right about 90% of the time
 * without changing which label wins.
 */

/** Softmax of scores / temperature, written into `out`. */
export function softmax(scores: ArrayLike<number>, temperature: number, out: Float64Array): Float64Array {
  let max = -Infinity;
  for (let c = 0; c < out.length; c++) if (scores[c] / temperature > max) max = scores[c] / temperature;
  let sum = 0;
  for (let c = 0; c < out.length; c++) {
    out[c] = Math.exp(scores[c] / temperature - max);
    sum += out[c];
  }
  for (let c = 0; c < out.length; c++) out[c] /= sum;
  return out;
}

/** Mean negative log-likelihood of the true labels under softmax(scores / t). */
export function meanNll(scores: Float32Array, labels: ArrayLike<number>, classes: number, temperature: number): number {
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const base = i * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) if (scores[base + c] > max) max = scores[base + c];
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp((scores[base + c] - max) / temperature);
    total += Math.log(sum) - (scores[base + labels[i]] - max) / temperature;
  }
  return total / labels.length;
}

/**
 * The temperature minimising held-out NLL, by golden-section search on log(t)
 * (the NLL is unimodal in t). Scores must come from data the model did not train on.
 */
export function fitTemperature(scores: Float32Array, labels: ArrayLike<number>, classes: number): number {
  let lo = Math.log(1e-3);
  let hi = Math.log(1e3);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  let fa = meanNll(scores, labels, classes, Math.exp(a));
  let fb = meanNll(scores, labels, classes, Math.exp(b));
  for (let iter = 0; iter < 60 && hi - lo > 1e-4; iter++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - ratio * (hi - lo);
      fa = meanNll(scores, labels, classes, Math.exp(a));
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + ratio * (hi - lo);
      fb = meanNll(scores, labels, classes, Math.exp(b));
    }
  }
  return Math.exp((lo + hi) / 2);
}

/**
 * Expected calibration error: the gap between confidence and accuracy, averaged
 * over `bins` equal-width confidence bins weighted by how many predictions fall in each.
 */
export function expectedCalibrationError(confidence: ArrayLike<number>, correct: ArrayLike<boolean>, bins = 10): number {
  const count = new Float64Array(bins);
  const conf = new Float64Array(bins);
  const hits = new Float64Array(bins);
  for (let i = 0; i < confidence.length; i++) {
    const b = Math.min(bins - 1, Math.floor(confidence[i] * bins));
    count[b]++;
    conf[b] += confidence[i];
    if (correct[i]) hits[b]++;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) if (count[b] > 0) ece += Math.abs(conf[b] - hits[b]) / confidence.length;
  return ece;
}
