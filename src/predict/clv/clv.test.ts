import { beforeAll, describe, expect, it } from 'vitest';
import { conditionalExpectedPurchases, fitBgNbd, type BgNbdParams } from './bgnbd.ts';
import { discountSchedule, scoreCustomers } from './clv.ts';
import { conditionalExpectedAverageValue, fitGammaGamma, type GammaGammaParams } from './gamma-gamma.ts';
import { readCalibrationHoldoutCsv, type CalibrationHoldoutData } from './holdout.ts';
import { cdnowFile } from './test-data.ts';

let data: CalibrationHoldoutData;
let bg: BgNbdParams;
let gg: GammaGammaParams;
beforeAll(async () => {
  data = await readCalibrationHoldoutCsv(cdnowFile('cdnow_cbs_cal39_holdout39.csv'));
  bg = fitBgNbd(data).params;
  gg = fitGammaGamma(data.x, data.monetary).params;
});

describe('discount schedule', () => {
  it('splits the horizon into periods and discounts each at its end', () => {
    const { ends, factors } = discountSchedule({ horizon: 39, discountRate: 0.01, periodLength: 4.345 });
    expect(ends).toHaveLength(9);
    expect(ends[0]).toBeCloseTo(4.345, 12);
    expect(ends[8]).toBe(39); // the partial last period ends at the horizon
    expect(factors[0]).toBeCloseTo(1 / 1.01, 14);
    expect(factors[8]).toBeCloseTo(Math.pow(1.01, -39 / 4.345), 14);
  });
  it('does not grow a spurious period from round-off', () => {
    expect(discountSchedule({ horizon: 12 * 4.345, discountRate: 0.01, periodLength: 4.345 }).ends).toHaveLength(12);
  });
  it('rejects nonsense options', () => {
    expect(() => discountSchedule({ horizon: 0, discountRate: 0.01, periodLength: 4.345 })).toThrow(/horizon/);
    expect(() => discountSchedule({ horizon: 39, discountRate: -0.1, periodLength: 4.345 })).toThrow(/discount rate/);
    expect(() => discountSchedule({ horizon: 39, discountRate: Number.NaN, periodLength: 4.345 })).toThrow(/discount rate/);
  });
});

describe('scoreCustomers', () => {
  it('without discounting, CLV = expected purchases × expected value', () => {
    const s = scoreCustomers(bg, gg, data, { horizon: 39, discountRate: 0, periodLength: 4.345 });
    for (let i = 0; i < 50; i++) {
      expect(s.clv[i]).toBeCloseTo(s.expectedPurchases[i] * s.expectedAverageValue[i], 9);
      expect(s.expectedPurchases[i]).toBeCloseTo(conditionalExpectedPurchases(bg, 39, data.x[i], data.tx[i], data.T[i]), 12);
    }
  });

  it('matches a direct transcription of lifetimes customer_lifetime_value', () => {
    const months = 12;
    const factor = 4.345;
    const s = scoreCustomers(bg, gg, data, { horizon: months * factor, discountRate: 0.01, periodLength: factor });
    for (let i = 0; i < 100; i++) {
      const [x, tx, T] = [data.x[i], data.tx[i], data.T[i]];
      let clv = 0;
      for (let k = 1; k <= months; k++) {
        const purchases = conditionalExpectedPurchases(bg, k * factor, x, tx, T) - conditionalExpectedPurchases(bg, (k - 1) * factor, x, tx, T);
        clv += (conditionalExpectedAverageValue(gg, x, data.monetary[i]) * purchases) / Math.pow(1.01, k);
      }
      expect(s.clv[i]).toBeCloseTo(clv, 9);
    }
  });

  it("reproduces lifetimes' documented CLV example on CDNOW (time = 12, discount 0.01, freq 'D' on weekly data)", () => {
    // The lifetimes docs call customer_lifetime_value on the weekly CDNOW summary with the default
    // freq = 'D', i.e. 12 periods of 30 time units; their table starts 140.10, 18.94, 38.18, …, 1003.87.
    const s = scoreCustomers(bg, gg, data, { horizon: 360, discountRate: 0.01, periodLength: 30 });
    const documented = [140.096, 18.943, 38.181, 38.181, 38.181, 1003.868, 28.11, 38.181, 167.418, 38.181];
    documented.forEach((v, i) => expect(Math.abs(s.clv[i] / v - 1)).toBeLessThan(2e-3));
  });

  it('gives the same scores with and without sharing work between identical histories', () => {
    const options = { horizon: 39, discountRate: 0.01, periodLength: 4.345 };
    const shared = scoreCustomers(bg, gg, data, options);
    const each = scoreCustomers(bg, gg, data, { ...options, dedupe: false });
    expect(shared.clv).toEqual(each.clv);
    expect(shared.pAlive).toEqual(each.pAlive);
    expect(shared.expectedPurchases).toEqual(each.expectedPurchases);
  });

  it('gives finite, non-negative scores for every CDNOW customer', () => {
    const s = scoreCustomers(bg, gg, data, { horizon: 39, discountRate: 0.01, periodLength: 4.345 });
    for (const column of [s.expectedPurchases, s.pAlive, s.expectedAverageValue, s.clv]) {
      expect(column).toHaveLength(2357);
      expect(column.filter((v) => !Number.isFinite(v) || v < 0)).toHaveLength(0);
    }
  });
});
