import { beforeAll, describe, expect, it } from 'vitest';
import { ModelFitError } from './errors.ts';
import {
  conditionalExpectedAverageValue,
  fitGammaGamma,
  frequencySpendCorrelation,
  gammaGammaLogLikelihood,
  populationMeanValue,
  type GammaGammaFit,
} from './gamma-gamma.ts';
import { CDNOW_CALIBRATION_END, cdnowFile } from './test-data.ts';
import { summarizeTransactionsFile, type CustomerSummaries } from './transactions.ts';

let cdnow: CustomerSummaries;
let fit: GammaGammaFit;
beforeAll(async () => {
  cdnow = (await summarizeTransactionsFile(cdnowFile('transactions_sample.csv'), { calibrationEnd: CDNOW_CALIBRATION_END })).summaries;
  fit = fitGammaGamma(cdnow.x, cdnow.monetary);
});

describe('Gamma-Gamma on CDNOW repeat buyers', () => {
  it('fits the published p = 6.25, q = 3.74, v = 15.44 on the 946 repeat buyers', () => {
    expect(fit.customers).toBe(946);
    expect(fit.params.p).toBeCloseTo(6.25, 2);
    expect(fit.params.q).toBeCloseTo(3.74, 2);
    expect(fit.params.v).toBeCloseTo(15.44, 2);
  });

  it('is at a maximum of the likelihood', () => {
    const best = gammaGammaLogLikelihood(fit.params, cdnow.x, cdnow.monetary);
    expect(best).toBeCloseTo(fit.logLikelihood, 6);
    for (const k of ['p', 'q', 'v'] as const) {
      for (const f of [0.99, 1.01]) {
        expect(gammaGammaLogLikelihood({ ...fit.params, [k]: fit.params[k] * f }, cdnow.x, cdnow.monetary)).toBeLessThan(best);
      }
    }
  });

  it('predicts the population mean 35.17 (lifetimes docs) for customers without repeat purchases', () => {
    expect(populationMeanValue(fit.params)).toBeCloseTo(35.17, 2);
    expect(conditionalExpectedAverageValue(fit.params, 0, 0)).toBe(populationMeanValue(fit.params));
  });

  it('shrinks a customer mean towards the population mean, less so with more purchases', () => {
    const { p, q } = fit.params;
    const pop = populationMeanValue(fit.params);
    for (const [x, m] of [
      [1, 10],
      [2, 22.345],
      [20, 100],
    ]) {
      const weight = (p * x) / (p * x + q - 1);
      expect(conditionalExpectedAverageValue(fit.params, x, m)).toBeCloseTo(weight * m + (1 - weight) * pop, 10);
    }
  });

  it('reports the frequency/spend correlation the model assumes away (small on CDNOW)', () => {
    expect(Math.abs(frequencySpendCorrelation(cdnow.x, cdnow.monetary))).toBeLessThan(0.2);
  });
});

describe('Gamma-Gamma failures', () => {
  it('cannot be fitted without repeat buyers', () => {
    const x = Float64Array.from([0, 0, 0]);
    const m = Float64Array.from([0, 0, 0]);
    expect(() => fitGammaGamma(x, m)).toThrow(ModelFitError);
    expect(() => fitGammaGamma(x, m)).toThrow(/no customer made a repeat purchase/);
  });
  it('leaves zero-spend repeat buyers out and says how many', () => {
    const x = Float64Array.from([...cdnow.x, 3]);
    const m = Float64Array.from([...cdnow.monetary, 0]);
    const f = fitGammaGamma(x, m);
    expect(f.zeroSpendExcluded).toBe(1);
    expect(f.params.p).toBeCloseTo(fit.params.p, 8);
  });
  it('refuses to predict a value when the population mean is infinite (q <= 1)', () => {
    expect(() => conditionalExpectedAverageValue({ p: 2, q: 0.9, v: 10 }, 3, 20)).toThrow(/q = 0.9 <= 1/);
  });
  it('rejects negative or non-finite spend', () => {
    expect(() => fitGammaGamma(Float64Array.from([1, 2]), Float64Array.from([-5, 3]))).toThrow(RangeError);
    expect(() => fitGammaGamma(Float64Array.from([1, 2]), Float64Array.from([Number.NaN, 3]))).toThrow(RangeError);
  });
});
