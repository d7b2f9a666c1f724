import { describe, expect, it } from 'vitest';
import { fitBgNbd } from './bgnbd.ts';
import { holdoutCheck, holdoutTable, readCalibrationHoldoutCsv } from './holdout.ts';
import { CDNOW_CALIBRATION_END, CDNOW_HOLDOUT_END, cdnowFile } from './test-data.ts';
import { summarizeTransactionsFile } from './transactions.ts';

// Conditional expectations by calibration frequency for this split, as tabulated in the BTYD
// walkthrough (bgnbd.PlotFreqVsConditionalExpectedFrequency, CDNOW sample, 39 + 39 weeks).
const BTYD_ACTUAL = [0.2367, 0.697, 1.3925, 1.56, 2.5323, 2.9474, 3.8621, 6.3594];
const BTYD_EXPECTED = [0.2251, 0.5231, 1.0441, 1.5203, 2.1638, 2.6538, 3.504, 6.157];

describe('holdout check (weeks 40–78)', () => {
  it('compares predicted and actual holdout purchases by calibration frequency 0..7+', async () => {
    const data = await readCalibrationHoldoutCsv(cdnowFile('cdnow_cbs_cal39_holdout39.csv'));
    const fit = fitBgNbd(data);
    const check = holdoutCheck(fit.params, data, data.actual, 39);
    expect(check.groups.map((g) => g.frequency)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    expect(check.groups.reduce((n, g) => n + g.customers, 0)).toBe(2357);
    check.groups.forEach((g, i) => {
      expect(g.actual).toBeCloseTo(BTYD_ACTUAL[i], 3);
      expect(g.predicted).toBeCloseTo(BTYD_EXPECTED[i], 2);
    });
    expect(check.totalActual).toBe(data.actual.reduce((s, v) => s + v, 0));
    // The model under-forecasts CDNOW's holdout by ~12% (the known result for this split), not by a factor.
    expect(check.totalPredicted / check.totalActual).toBeGreaterThan(0.8);
    expect(check.totalPredicted / check.totalActual).toBeLessThan(1);
    expect(holdoutTable(check)).toContain('| 7+ | 64 |');
  });

  it('gives the same table from raw transactions as from the published split', async () => {
    const report = await summarizeTransactionsFile(cdnowFile('transactions_sample.csv'), {
      calibrationEnd: CDNOW_CALIBRATION_END,
      holdoutEnd: CDNOW_HOLDOUT_END,
    });
    const s = report.summaries;
    const fromTransactions = holdoutCheck(fitBgNbd(s).params, s, s.holdout ?? new Float64Array(0), 39);
    const data = await readCalibrationHoldoutCsv(cdnowFile('cdnow_cbs_cal39_holdout39.csv'));
    const fromSplit = holdoutCheck(fitBgNbd(data).params, data, data.actual, 39);
    fromTransactions.groups.forEach((g, i) => {
      expect(g.customers).toBe(fromSplit.groups[i].customers);
      expect(g.actual).toBe(fromSplit.groups[i].actual);
      expect(g.predicted).toBeCloseTo(fromSplit.groups[i].predicted, 4);
    });
  });

  it('leaves empty groups out instead of printing NaN', () => {
    const h = { x: Float64Array.from([0, 1]), tx: Float64Array.from([0, 3]), T: Float64Array.from([10, 10]) };
    const check = holdoutCheck({ r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 }, h, Float64Array.from([0, 2]), 39);
    expect(check.groups.map((g) => g.frequency)).toEqual(['0', '1']);
  });
});
