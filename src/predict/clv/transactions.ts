/**
 * Transaction rows (customer_id, date, amount; other columns ignored) → one
 * calibration-period summary per customer, as BTYD/lifetimes compute it:
 *
 *  - purchases of one customer on one day are merged into one (amounts summed),
 *    because the models count purchase occasions, not order lines;
 *  - the first purchase only marks the start of the relationship: x counts the
 *    repeat purchase days up to and including the calibration end;
 *  - t_x = last purchase − first purchase, T = calibration end − first purchase,
 *    both in the chosen unit (weeks = days / 7, or days);
 *  - monetary value = mean of the repeat purchase days' totals (0 when x = 0), the
 *    input of the Gamma-Gamma model;
 *  - optionally, holdout purchases = purchase days in (calibration end, holdout end].
 * Customers whose first purchase is after the calibration end are left out (they
 * are counted). Bad rows are skipped and reported per line, never turned into NaN.
 *
 * Rows are buffered column-wise in typed arrays and grouped with a counting sort,
 * so a million customers cost tens of MB, not a million objects.
 */
import { CsvError, readCsv, type CsvRow } from '../../platform/csv.ts';
import { formatDay, parseDay, today } from './dates.ts';
import type { PurchaseHistories } from './history.ts';

export type TimeUnit = 'week' | 'day';
export const UNIT_DAYS: Record<TimeUnit, number> = { week: 7, day: 1 };
export const REQUIRED_COLUMNS = ['customer_id', 'date', 'amount'];

export type RowErrorKind = 'missing_customer_id' | 'bad_amount' | 'negative_amount' | 'bad_date' | 'future_date';

export interface RowError {
  line: number;
  kind: RowErrorKind;
  message: string;
}

export interface SummaryOptions {
  /** Last day of the calibration period (YYYY-MM-DD or YYYYMMDD), inclusive. */
  calibrationEnd: string;
  unit?: TimeUnit;
  /** If set, also count purchase days in (calibrationEnd, holdoutEnd]. */
  holdoutEnd?: string;
  /** How many row errors to keep with their messages (all are counted). Default 20. */
  maxErrorsListed?: number;
  /** Day number treated as today, for tests; default the machine's date. */
  today?: number;
}

export interface CustomerSummaries extends PurchaseHistories {
  unit: TimeUnit;
  calibrationEnd: string;
  ids: string[];
  /** Mean value of the repeat purchase days in the calibration period (0 when x = 0). */
  monetary: Float64Array;
  /** Day number of each customer's first purchase. */
  firstPurchase: Int32Array;
  /** Purchase days in the holdout period, when holdoutEnd was given. */
  holdout?: Float64Array;
}

export interface SummaryReport {
  summaries: CustomerSummaries;
  rowsRead: number;
  rowsUsed: number;
  /** The first maxErrorsListed problems, in input order. */
  errors: RowError[];
  errorCounts: Record<RowErrorKind, number>;
  invalidRows: number;
  /** Customers left out because their first purchase is after the calibration end. */
  customersAfterCalibration: number;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Reads and summarises a transactions CSV; throws CsvError if a required column is missing. */
export async function summarizeTransactionsFile(file: string, options: SummaryOptions): Promise<SummaryReport> {
  const report = await summarizeTransactions(readCsv(file, { requiredColumns: REQUIRED_COLUMNS }), options);
  // A header-only file is valid CSV but no data set; say so rather than "no customers" later.
  if (report.rowsRead === 0) throw new CsvError(`${file}: no transaction rows (expected a header with ${REQUIRED_COLUMNS.join(', ')} and data rows)`);
  return report;
}

export async function summarizeTransactions(
  rows: AsyncIterable<CsvRow> | Iterable<CsvRow>,
  options: SummaryOptions,
): Promise<SummaryReport> {
  const unit = options.unit ?? 'week';
  if (!(unit in UNIT_DAYS)) throw new RangeError(`unknown time unit "${unit}" (use week or day)`);
  const calEnd = parseDay(options.calibrationEnd);
  if (calEnd === null) throw new RangeError(`calibration end "${options.calibrationEnd}" is not a date (use YYYY-MM-DD)`);
  const holdoutEnd = options.holdoutEnd === undefined ? null : parseDay(options.holdoutEnd);
  if (options.holdoutEnd !== undefined && (holdoutEnd === null || holdoutEnd <= calEnd)) {
    throw new RangeError(`holdout end "${options.holdoutEnd}" must be a date after the calibration end`);
  }
  const maxListed = options.maxErrorsListed ?? 20;
  const todayDay = options.today ?? today();
  // T is observed time since the first purchase; a calibration period reaching into the future would inflate it.
  if (calEnd > todayDay) throw new RangeError(`calibration end ${formatDay(calEnd)} is in the future (today is ${formatDay(todayDay)})`);

  const ids: string[] = [];
  const index = new Map<string, number>();
  const buf = new RowBuffer();
  const errors: RowError[] = [];
  const errorCounts: Record<RowErrorKind, number> = {
    missing_customer_id: 0,
    bad_amount: 0,
    negative_amount: 0,
    bad_date: 0,
    future_date: 0,
  };
  let rowsRead = 0;
  let invalidRows = 0;
  const fail = (line: number, kind: RowErrorKind, message: string): void => {
    invalidRows++;
    errorCounts[kind]++;
    if (errors.length < maxListed) errors.push({ line, kind, message });
  };

  const handle = ({ line, values }: CsvRow): void => {
    rowsRead++;
    const id = (values.customer_id ?? '').trim();
    const dateText = values.date ?? '';
    const amountText = (values.amount ?? '').trim();
    if (id === '') {
      fail(line, 'missing_customer_id', 'customer_id is empty');
      return;
    }
    if (!NUMBER.test(amountText)) {
      fail(line, 'bad_amount', `amount "${amountText}" is not a number`);
      return;
    }
    const amount = Number(amountText);
    if (!Number.isFinite(amount)) {
      fail(line, 'bad_amount', `amount "${amountText}" is out of range`);
      return;
    }
    if (amount < 0) {
      fail(line, 'negative_amount', `amount ${amountText} is negative (refunds are not purchases)`);
      return;
    }
    const day = parseDay(dateText);
    if (day === null) {
      fail(line, 'bad_date', `date "${dateText}" is not a valid YYYY-MM-DD or YYYYMMDD date`);
      return;
    }
    if (day > todayDay) {
      fail(line, 'future_date', `date ${formatDay(day)} is in the future (today is ${formatDay(todayDay)})`);
      return;
    }
    let c = index.get(id);
    if (c === undefined) {
      c = ids.length;
      index.set(id, c);
      ids.push(id);
    }
    buf.push(c, day, amount);
  };
  // Plain arrays and generators are walked synchronously: an await per row would cost a microtask each.
  if (Symbol.asyncIterator in rows) {
    for await (const row of rows) handle(row);
  } else {
    for (const row of rows) handle(row);
  }

  const summaries = summarise(buf, ids, { calEnd, holdoutEnd, unit, calibrationEnd: formatDay(calEnd) });
  return {
    summaries: summaries.result,
    rowsRead,
    rowsUsed: buf.length,
    errors,
    errorCounts,
    invalidRows,
    customersAfterCalibration: summaries.afterCalibration,
  };
}

/** Growable columns (customer index, day, amount) for the valid rows. */
class RowBuffer {
  customer = new Int32Array(1024);
  day = new Int32Array(1024);
  amount = new Float64Array(1024);
  length = 0;
  push(c: number, d: number, a: number): void {
    if (this.length === this.customer.length) {
      const grow = <T extends Int32Array | Float64Array>(old: T, fresh: T): T => {
        fresh.set(old);
        return fresh;
      };
      const size = this.length * 2;
      this.customer = grow(this.customer, new Int32Array(size));
      this.day = grow(this.day, new Int32Array(size));
      this.amount = grow(this.amount, new Float64Array(size));
    }
    this.customer[this.length] = c;
    this.day[this.length] = d;
    this.amount[this.length] = a;
    this.length++;
  }
}

interface Period {
  calEnd: number;
  holdoutEnd: number | null;
  unit: TimeUnit;
  calibrationEnd: string;
}

function summarise(buf: RowBuffer, ids: string[], period: Period): { result: CustomerSummaries; afterCalibration: number } {
  const nCustomers = ids.length;
  // Counting sort of the rows by customer: start[c] .. start[c+1] are customer c's rows.
  const start = new Int32Array(nCustomers + 1);
  for (let i = 0; i < buf.length; i++) start[buf.customer[i] + 1]++;
  for (let c = 0; c < nCustomers; c++) start[c + 1] += start[c];
  const fill = start.slice(0, nCustomers);
  const days = new Int32Array(buf.length);
  const amounts = new Float64Array(buf.length);
  for (let i = 0; i < buf.length; i++) {
    const k = fill[buf.customer[i]]++;
    days[k] = buf.day[i];
    amounts[k] = buf.amount[i];
  }

  const unitDays = UNIT_DAYS[period.unit];
  const keep: number[] = [];
  const x = new Float64Array(nCustomers);
  const tx = new Float64Array(nCustomers);
  const T = new Float64Array(nCustomers);
  const monetary = new Float64Array(nCustomers);
  const first = new Int32Array(nCustomers);
  const holdout = period.holdoutEnd === null ? undefined : new Float64Array(nCustomers);
  let afterCalibration = 0;
  let out = 0;
  for (let c = 0; c < nCustomers; c++) {
    const lo = start[c];
    const hi = start[c + 1];
    sortByDay(days, amounts, lo, hi);
    const firstDay = days[lo];
    if (firstDay > period.calEnd) {
      afterCalibration++;
      continue;
    }
    let repeatDays = 0;
    let repeatValue = 0;
    let lastDay = firstDay;
    let holdoutDays = 0;
    let i = lo;
    while (i < hi) {
      // One purchase occasion: every row of this customer on this day.
      const d = days[i];
      let value = 0;
      while (i < hi && days[i] === d) value += amounts[i++];
      if (d === firstDay) continue;
      if (d <= period.calEnd) {
        repeatDays++;
        repeatValue += value;
        lastDay = d;
      } else if (period.holdoutEnd !== null && d <= period.holdoutEnd) {
        holdoutDays++;
      }
    }
    keep.push(c);
    x[out] = repeatDays;
    tx[out] = (lastDay - firstDay) / unitDays;
    T[out] = (period.calEnd - firstDay) / unitDays;
    monetary[out] = repeatDays > 0 ? repeatValue / repeatDays : 0;
    first[out] = firstDay;
    if (holdout) holdout[out] = holdoutDays;
    out++;
  }
  return {
    result: {
      unit: period.unit,
      calibrationEnd: period.calibrationEnd,
      ids: keep.length === nCustomers ? ids : keep.map((c) => ids[c]),
      x: x.slice(0, out),
      tx: tx.slice(0, out),
      T: T.slice(0, out),
      monetary: monetary.slice(0, out),
      firstPurchase: first.slice(0, out),
      holdout: holdout?.slice(0, out),
    },
    afterCalibration,
  };
}

function sortByDay(days: Int32Array, amounts: Float64Array, lo: number, hi: number): void {
  if (hi - lo > 32) {
    // Rare heavy buyers: O(k log k) instead of insertion sort's O(k²).
    const order = Array.from({ length: hi - lo }, (_, k) => lo + k).sort((p, q) => days[p] - days[q]);
    const d = order.map((k) => days[k]);
    const a = order.map((k) => amounts[k]);
    days.set(d, lo);
    amounts.set(a, lo);
    return;
  }
  for (let i = lo + 1; i < hi; i++) {
    const d = days[i];
    const a = amounts[i];
    let j = i - 1;
    while (j >= lo && days[j] > d) {
      days[j + 1] = days[j];
      amounts[j + 1] = amounts[j];
      j--;
    }
    days[j + 1] = d;
    amounts[j + 1] = a;
  }
}
