import { beforeAll, describe, expect, it } from 'vitest';
import {
  bgnbdLogLikelihood,
  bgnbdLogLikelihoodGradient,
  conditionalExpectedPurchases,
  fitBgNbd,
  probabilityAlive,
  type BgNbdFit,
  type BgNbdParams,
} from './bgnbd.ts';
import { ModelFitError } from './errors.ts';
import { histories } from './history.ts';
import { hyp2f1 } from './hyp2f1.ts';
import { CDNOW_CALIBRATION_END, cdnowFile } from './test-data.ts';
import { summarizeTransactionsFile, type CustomerSummaries } from './transactions.ts';

/** Published BG/NBD estimates on the CDNOW sample (Fader, Hardie & Lee 2005; BTYD; lifetimes). */
const PUBLISHED = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4257 };
const PUBLISHED_LOG_LIKELIHOOD = -9582.43;

/** |actual / expected − 1| <= rel: "the same to about 3–4 significant digits". */
function expectRelative(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual / expected - 1)).toBeLessThanOrEqual(rel);
}

/** FHL (2005) eq. 10 evaluated literally with the general 2F1, as BTYD/lifetimes do. */
function literalExpectation(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const h = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t));
  const num = ((a + b + x - 1) / (a - 1)) * (1 - h * Math.pow((alpha + T) / (alpha + T + t), r + x));
  const den = 1 + (x > 0 ? (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x) : 0);
  return num / den;
}

let cdnow: CustomerSummaries;
let fit: BgNbdFit;
beforeAll(async () => {
  cdnow = (await summarizeTransactionsFile(cdnowFile('transactions_sample.csv'), { calibrationEnd: CDNOW_CALIBRATION_END })).summaries;
  fit = fitBgNbd(cdnow);
});

describe('BG/NBD on CDNOW (2,357 customers, calibration to 1997-09-30, weeks)', () => {
  it('fits the published parameters and log-likelihood', () => {
    expect(fit.customers).toBe(2357);
    expectRelative(fit.params.r, PUBLISHED.r, 5e-4);
    expectRelative(fit.params.alpha, PUBLISHED.alpha, 5e-4);
    expectRelative(fit.params.a, PUBLISHED.a, 5e-4);
    expectRelative(fit.params.b, PUBLISHED.b, 5e-4);
    expect(fit.logLikelihood).toBeCloseTo(PUBLISHED_LOG_LIKELIHOOD, 1);
    expect(fit.distinctHistories).toBeLessThan(2357); // the fit ran on compressed rows
  });

  it('gives the published log-likelihood at the published parameters (likelihood checked apart from the optimiser)', () => {
    expect(bgnbdLogLikelihood(PUBLISHED, cdnow)).toBeCloseTo(PUBLISHED_LOG_LIKELIHOOD, 1);
  });

  it('predicts 1.226 purchases in 39 weeks for x = 2, t_x = 30.43, T = 38.86', () => {
    expect(conditionalExpectedPurchases(fit.params, 39, 2, 30.43, 38.86)).toBeCloseTo(1.226, 3);
  });

  it('gives P(alive) from the closed form, and 1 for customers without repeat purchases', () => {
    const { r, alpha, a, b } = fit.params;
    const closed = 1 / (1 + (a / (b + 1)) * Math.pow((alpha + 38.86) / (alpha + 30.43), r + 2));
    expect(probabilityAlive(fit.params, 2, 30.43, 38.86)).toBeCloseTo(closed, 14);
    expect(probabilityAlive(fit.params, 0, 0, 38.86)).toBe(1);
  });

  it('has an analytic gradient that matches finite differences', () => {
    const g = bgnbdLogLikelihoodGradient(PUBLISHED, cdnow);
    const keys = ['r', 'alpha', 'a', 'b'] as const;
    keys.forEach((k, i) => {
      const h = 1e-6;
      const up = { ...PUBLISHED, [k]: PUBLISHED[k] * Math.exp(h) };
      const down = { ...PUBLISHED, [k]: PUBLISHED[k] * Math.exp(-h) };
      const numeric = (bgnbdLogLikelihood(up, cdnow) - bgnbdLogLikelihood(down, cdnow)) / (2 * h);
      expect(Math.abs(g[i] - numeric)).toBeLessThan(1e-4 * Math.max(1, Math.abs(numeric)));
    });
  });

  it('finds the same model from day units (alpha scales by 7, the rest is unchanged)', async () => {
    const days = (await summarizeTransactionsFile(cdnowFile('transactions_sample.csv'), { calibrationEnd: CDNOW_CALIBRATION_END, unit: 'day' }))
      .summaries;
    const f = fitBgNbd(days);
    expectRelative(f.params.alpha, 7 * fit.params.alpha, 1e-5);
    expectRelative(f.params.r, fit.params.r, 1e-5);
    expectRelative(f.params.a, fit.params.a, 1e-5);
    expectRelative(f.params.b, fit.params.b, 1e-5);
  });
});

describe('BG/NBD conditional expectation numerics', () => {
  it('agrees with the literal FHL formula wherever that one is finite', () => {
    const params: BgNbdParams[] = [PUBLISHED, { r: 1.3, alpha: 12, a: 2.5, b: 4 }, { r: 0.3, alpha: 2, a: 0.3, b: 0.5 }];
    let compared = 0;
    for (const p of params) {
      for (const x of [0, 1, 2, 5, 20]) {
        for (const T of [0.5, 10, 38.86]) {
          for (const frac of [0, 0.3, 1]) {
            const tx = x === 0 ? 0 : frac * T;
            for (const t of [0.5, 5, 39, 100, 400]) {
              const literal = literalExpectation(p, t, x, tx, T);
              if (!Number.isFinite(literal)) continue;
              const stable = conditionalExpectedPurchases(p, t, x, tx, T);
              expect(Math.abs(stable - literal)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(literal)));
              compared++;
            }
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(600);
  });

  it('is continuous through a = 1 and a + b + x − 1 = 0, where the literal formula divides by zero', () => {
    const base = { r: 0.5, alpha: 5, b: 2 };
    const at = conditionalExpectedPurchases({ ...base, a: 1 }, 39, 3, 20, 30);
    expect(Number.isFinite(at)).toBe(true);
    expect(at).toBeCloseTo(conditionalExpectedPurchases({ ...base, a: 1 + 1e-7 }, 39, 3, 20, 30), 6);
    expect(at).toBeCloseTo(conditionalExpectedPurchases({ ...base, a: 1 - 1e-7 }, 39, 3, 20, 30), 6);
    const pole = { r: 0.5, alpha: 5, a: 0.4, b: 0.6 }; // a + b − 1 = 0 for x = 0
    const atPole = conditionalExpectedPurchases(pole, 39, 0, 0, 30);
    expect(Number.isFinite(atPole)).toBe(true);
    expect(atPole).toBeCloseTo(conditionalExpectedPurchases({ ...pole, b: 0.6 + 1e-7 }, 39, 0, 0, 30), 6);
  });

  it('stays finite for heavy buyers and long horizons (no overflow into NaN)', () => {
    const p = fit.params;
    for (const [t, x, tx, T] of [
      [39, 2000, 10, 39],
      [39, 2000, 39, 39],
      [5200, 50, 38, 39],
      [1e5, 3, 1, 2],
    ]) {
      const e = conditionalExpectedPurchases(p, t, x, tx, T);
      expect(Number.isFinite(e)).toBe(true);
      expect(e).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(probabilityAlive(p, x, tx, T))).toBe(true);
    }
    // Alive heavy buyer: about x/T purchases per week for a while.
    expect(conditionalExpectedPurchases(p, 1, 2000, 39, 39)).toBeGreaterThan(40);
    expect(conditionalExpectedPurchases(p, 0, 2, 30, 38)).toBe(0);
  });

  it('rejects impossible histories', () => {
    expect(() => conditionalExpectedPurchases(PUBLISHED, 39, 2, 40, 38)).toThrow(RangeError);
    expect(() => conditionalExpectedPurchases(PUBLISHED, 39, 1.5, 10, 38)).toThrow(RangeError);
    expect(() => conditionalExpectedPurchases(PUBLISHED, -1, 1, 10, 38)).toThrow(RangeError);
  });
});

describe('BG/NBD fit failures', () => {
  it('refuses a data set where nobody bought twice, with a clear error and no NaN', () => {
    const onlyFirstPurchases = histories([0, 0, 0, 0], [0, 0, 0, 0], [10, 20, 30, 39]);
    expect(() => fitBgNbd(onlyFirstPurchases)).toThrow(ModelFitError);
    expect(() => fitBgNbd(onlyFirstPurchases)).toThrow(/none of the 4 customers made a repeat purchase/);
  });
  it('refuses an empty data set', () => {
    expect(() => fitBgNbd(histories([], [], []))).toThrow(/no customers/);
  });
  it('says so when the optimum is on the edge of the parameter space (tiny data, drop-out not identified)', () => {
    const x = [0, 0, 0, 0, 0, 0, 1, 2, 0, 3, 0, 1];
    const tx = [0, 0, 0, 0, 0, 0, 5, 20, 0, 30, 0, 2];
    const T = [39, 39, 30, 20, 39, 10, 39, 35, 39, 39, 25, 39];
    expect(() => fitBgNbd(histories(x, tx, T))).toThrow(/edge of the parameter space/);
  });
  it('uses one-purchase customers: dropping them changes the fit', () => {
    const oneTimers = cdnow.x.filter((v) => v === 0).length;
    expect(oneTimers).toBe(2357 - 946);
    const keep = Array.from(cdnow.x.keys()).filter((i) => cdnow.x[i] > 0);
    const repeatOnly = fitBgNbd(histories(keep.map((i) => cdnow.x[i]), keep.map((i) => cdnow.tx[i]), keep.map((i) => cdnow.T[i])));
    expect(Math.abs(repeatOnly.params.r / fit.params.r - 1)).toBeGreaterThan(0.1);
  });
  it('rejects invalid histories before fitting', () => {
    expect(() => fitBgNbd(histories([1], [5], [3]))).toThrow(/t_x <= T/);
    expect(() => fitBgNbd(histories([Number.NaN], [0], [3]))).toThrow(RangeError);
  });
});
