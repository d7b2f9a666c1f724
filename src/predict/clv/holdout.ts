/**
 * The BG/NBD validation of Fader, Hardie & Lee (2005, fig. 4): fit on a calibration
 * period, then compare, for groups of customers with the same number of calibration
 * repeat purchases (0, 1, …, 7+), the average purchases the model expects in the
 * holdout period with the average they actually made. A model that fits the
 * calibration data but tracks this table badly is not fit for forecasting.
 */
import { readCsv } from '../../platform/csv.ts';
import { conditionalExpectedPurchases } from './bgnbd-predict.ts';
import type { BgNbdParams } from './bgnbd.ts';
import { validateHistories, type PurchaseHistories } from './history.ts';

export interface HoldoutGroup {
  /** "0", "1", …, "7+" */
  frequency: string;
  customers: number;
  /** Mean actual purchases per customer in the holdout period. */
  actual: number;
  /** Mean conditional expected purchases per customer in the holdout period. */
  predicted: number;
}

export interface HoldoutCheck {
  groups: HoldoutGroup[];
  totalActual: number;
  totalPredicted: number;
}

/**
 * @param actual        purchases of each customer in the holdout period
 * @param holdoutLength length of the holdout period in the histories' time unit (39 weeks for CDNOW)
 * @param topGroup      calibration frequencies >= this are pooled ("7+")
 */
export function holdoutCheck(
  params: BgNbdParams,
  h: PurchaseHistories,
  actual: Float64Array,
  holdoutLength: number,
  topGroup = 7,
): HoldoutCheck {
  validateHistories(h);
  if (actual.length !== h.x.length) throw new RangeError('actual holdout purchases and histories differ in length');
  const count = new Float64Array(topGroup + 1);
  const sumActual = new Float64Array(topGroup + 1);
  const sumPredicted = new Float64Array(topGroup + 1);
  let totalActual = 0;
  let totalPredicted = 0;
  for (let i = 0; i < h.x.length; i++) {
    const g = Math.min(h.x[i], topGroup);
    const predicted = conditionalExpectedPurchases(params, holdoutLength, h.x[i], h.tx[i], h.T[i]);
    count[g]++;
    sumActual[g] += actual[i];
    sumPredicted[g] += predicted;
    totalActual += actual[i];
    totalPredicted += predicted;
  }
  const groups: HoldoutGroup[] = [];
  for (let g = 0; g <= topGroup; g++) {
    if (count[g] === 0) continue; // an empty group has no mean; leave it out rather than print NaN
    groups.push({
      frequency: g === topGroup ? `${g}+` : String(g),
      customers: count[g],
      actual: sumActual[g] / count[g],
      predicted: sumPredicted[g] / count[g],
    });
  }
  return { groups, totalActual, totalPredicted };
}

/** Markdown table of a holdout check (bench report, CLI). */
export function holdoutTable(check: HoldoutCheck): string {
  const lines = ['| calibration repeat purchases | customers | actual holdout purchases (mean) | predicted (mean) |', '|---|---:|---:|---:|'];
  for (const g of check.groups) {
    lines.push(`| ${g.frequency} | ${g.customers} | ${g.actual.toFixed(3)} | ${g.predicted.toFixed(3)} |`);
  }
  lines.push(`| all | ${check.groups.reduce((s, g) => s + g.customers, 0)} | total ${check.totalActual.toFixed(0)} | total ${check.totalPredicted.toFixed(1)} |`);
  return lines.join('\n');
}

export interface CalibrationHoldoutData extends PurchaseHistories {
  ids: string[];
  /** x_star: repeat purchases in the holdout period. */
  actual: Float64Array;
  /** Mean repeat-transaction value in the calibration period. */
  monetary: Float64Array;
}

/**
 * Reads a BTYD-style calibration/holdout file with columns
 * sampleid, x, t_x, T_cal, x_star, m_x_cal_repeat_avg (cdnow_cbs_cal39_holdout39.csv).
 */
export async function readCalibrationHoldoutCsv(file: string): Promise<CalibrationHoldoutData> {
  const ids: string[] = [];
  const cols: number[][] = [[], [], [], [], []];
  const names = ['x', 't_x', 'T_cal', 'x_star', 'm_x_cal_repeat_avg'];
  for await (const { line, values } of readCsv(file, { requiredColumns: ['sampleid', ...names] })) {
    ids.push(values.sampleid);
    names.forEach((name, k) => {
      const v = Number(values[name]);
      if (values[name].trim() === '' || !Number.isFinite(v)) throw new RangeError(`${file} line ${line}: ${name} "${values[name]}" is not a number`);
      cols[k].push(v);
    });
  }
  const [x, tx, T, actual, monetary] = cols.map((c) => Float64Array.from(c));
  const data = { ids, x, tx, T, actual, monetary };
  validateHistories(data);
  return data;
}
