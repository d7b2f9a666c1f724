/**
 * `touchpoint clv …`: fit the customer-base models on a transactions CSV and score
 * customers. The commands are thin: all modelling lives in ./clv/ so it can be tested
 * without a process, and every number printed comes from those functions.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { fitBgNbd, type BgNbdFit } from './clv/bgnbd.ts';
import { DEFAULT_MONTHLY_DISCOUNT_RATE, MONTH_IN_UNITS, scoreCustomers } from './clv/clv.ts';
import { fitGammaGamma, frequencySpendCorrelation, populationMeanValue, type GammaGammaFit } from './clv/gamma-gamma.ts';
import { summarizeTransactionsFile, type SummaryReport, type TimeUnit } from './clv/transactions.ts';
import { writeCsv } from '../platform/csv.ts';

interface CommonOptions {
  input: string;
  calibrationEnd: string;
  unit: TimeUnit;
}
interface FitOptions extends CommonOptions {
  json?: boolean;
}
interface PredictOptions extends CommonOptions {
  horizon: number;
  discountRate: number;
  discountPeriod?: number;
  output: string;
}

const INPUT_HELP = `
Input: a CSV with a header and the columns customer_id, date (YYYY-MM-DD or YYYYMMDD)
and amount (>= 0); other columns are ignored. Purchases of one customer on one day
count as one purchase (amounts summed); the first purchase starts the relationship and
is not counted as a repeat. Rows with a negative or non-numeric amount, an invalid or
future date, or no customer_id are skipped and reported on stderr (counts, and the
first 20 lines); the models are fitted on the remaining rows. Customers whose first
purchase is after the calibration end are left out.`;

function positiveNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive number.`);
    return n;
  };
}

function nonNegativeNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a number >= 0.`);
    return n;
  };
}

function addCommonOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--input <file>', 'transactions CSV (customer_id,date,amount)')
    .requiredOption('--calibration-end <date>', 'last day of the calibration period, inclusive (YYYY-MM-DD)')
    .addOption(new Option('--unit <unit>', 'time unit for recency, T, the horizon and the parameters').choices(['week', 'day']).default('week'));
}

export function registerPredictCommands(program: Command): void {
  const clv = program
    .command('clv')
    .description('Repeat purchases, churn risk (P(alive)) and customer lifetime value from transaction history (BG/NBD + Gamma-Gamma)');

  addCommonOptions(
    clv
      .command('fit')
      .description(
        'Fit the BG/NBD purchase/drop-out model (Fader, Hardie & Lee 2005) and the Gamma-Gamma spend model by maximum likelihood',
      ),
  )
    .option('--json', 'print one JSON line: customers, bgnbd {r, alpha, a, b, logLikelihood}, gammaGamma {p, q, v}')
    .addHelpText(
      'after',
      `${INPUT_HELP}

The Gamma-Gamma model is fitted on repeat buyers with a positive mean repeat spend.
alpha and the log-likelihood depend on --unit (alpha is a time scale; the likelihood is a
density over times); r, a, b and the predictions do not.
Exits with code 1 and a message if a model cannot be fitted (e.g. nobody bought twice).

Example:
  touchpoint clv fit --input transactions.csv --calibration-end 1997-09-30 --json`,
    )
    .action(async (opts: FitOptions) => {
      const report = await load(opts);
      const bg = fitBgNbd(report.summaries);
      const gg = fitGammaGamma(report.summaries.x, report.summaries.monetary);
      if (opts.json) {
        const { r, alpha, a, b } = bg.params;
        const { p, q, v } = gg.params;
        const out = { customers: bg.customers, bgnbd: { r, alpha, a, b, logLikelihood: bg.logLikelihood }, gammaGamma: { p, q, v } };
        process.stdout.write(`${JSON.stringify(out)}\n`);
      } else {
        process.stdout.write(fitSummary(report, bg, gg));
      }
    });

  addCommonOptions(
    clv
      .command('predict')
      .description('Fit both models, then write per-customer expected purchases, P(alive), expected spend and discounted CLV to a CSV'),
  )
    .requiredOption('--horizon <units>', 'forecast horizon in time units (e.g. 39 weeks)', positiveNumber('--horizon'))
    .option('--discount-rate <rate>', 'discount rate per discount period (monthly by default)', nonNegativeNumber('--discount-rate'), DEFAULT_MONTHLY_DISCOUNT_RATE)
    .option(
      '--discount-period <units>',
      'length of one discount period in time units (default a month: 4.345 weeks or 30 days, as lifetimes)',
      positiveNumber('--discount-period'),
    )
    .requiredOption('--output <file>', 'CSV to write')
    .addHelpText(
      'after',
      `${INPUT_HELP}

Output columns:
  customer_id             as in the input
  frequency               repeat purchase days in the calibration period (x)
  recency                 time from first to last purchase (t_x), in --unit
  T                       time from first purchase to the calibration end, in --unit
  expected_purchases      BG/NBD expected purchases in the --horizon after the calibration end
  p_alive                 probability the customer has not dropped out (BG/NBD; 1 for
                          customers with no repeat purchase, by the model's assumption)
  expected_average_value  Gamma-Gamma expected value per purchase; customers with no repeat
                          purchase get the population mean value p·v/(q−1)
  clv                     Σ over discount periods i of (expected purchases in period i)
                          × expected_average_value / (1 + discount rate)^i, over the horizon
                          (a partial last period is discounted at its fractional end); revenue, not margin

Example:
  touchpoint clv predict --input transactions.csv --calibration-end 1997-09-30 --horizon 39 --output clv.csv`,
    )
    .action(async (opts: PredictOptions) => {
      const report = await load(opts);
      const s = report.summaries;
      const bg = fitBgNbd(s);
      const gg = fitGammaGamma(s.x, s.monetary);
      const scores = scoreCustomers(bg.params, gg.params, s, {
        horizon: opts.horizon,
        discountRate: opts.discountRate,
        periodLength: opts.discountPeriod ?? MONTH_IN_UNITS[opts.unit],
      });
      function* rows(): Generator<Record<string, unknown>> {
        for (let i = 0; i < s.ids.length; i++) {
          yield {
            customer_id: s.ids[i],
            frequency: s.x[i],
            recency: num(s.tx[i]),
            T: num(s.T[i]),
            expected_purchases: num(scores.expectedPurchases[i]),
            p_alive: num(scores.pAlive[i]),
            expected_average_value: num(scores.expectedAverageValue[i]),
            clv: num(scores.clv[i]),
          };
        }
      }
      const columns = ['customer_id', 'frequency', 'recency', 'T', 'expected_purchases', 'p_alive', 'expected_average_value', 'clv'];
      await writeCsv(opts.output, columns, rows());
      const total = (a: Float64Array): number => a.reduce((sum, v) => sum + v, 0);
      process.stdout.write(
        `Wrote ${s.ids.length} customers to ${opts.output}: ${total(scores.expectedPurchases).toFixed(1)} expected purchases ` +
          `and ${total(scores.clv).toFixed(2)} discounted CLV over the next ${opts.horizon} ${opts.unit}s.\n`,
      );
    });
}

/** 10 significant digits: exact enough for any use, without 17-digit noise in the CSV. */
function num(v: number): string {
  return String(Number(v.toPrecision(10)));
}

async function load(opts: CommonOptions): Promise<SummaryReport> {
  const report = await summarizeTransactionsFile(opts.input, { calibrationEnd: opts.calibrationEnd, unit: opts.unit });
  if (report.invalidRows > 0) {
    const counts = Object.entries(report.errorCounts)
      .filter(([, n]) => n > 0)
      .map(([kind, n]) => `${n} ${kind.replaceAll('_', ' ')}`)
      .join(', ');
    const lines = report.errors.map((e) => `  line ${e.line}: ${e.message}`).join('\n');
    const more = report.invalidRows > report.errors.length ? `\n  … and ${report.invalidRows - report.errors.length} more` : '';
    process.stderr.write(`${opts.input}: skipped ${report.invalidRows} of ${report.rowsRead} rows (${counts}):\n${lines}${more}\n`);
  }
  if (report.customersAfterCalibration > 0) {
    process.stderr.write(
      `${opts.input}: ${report.customersAfterCalibration} customers first bought after ${report.summaries.calibrationEnd} and are left out\n`,
    );
  }
  return report;
}

function fitSummary(report: SummaryReport, bg: BgNbdFit, gg: GammaGammaFit): string {
  const s = report.summaries;
  const unit = s.unit;
  const { r, alpha, a, b } = bg.params;
  const { p, q, v } = gg.params;
  const repeatBuyers = s.x.reduce((n, x) => n + (x > 0 ? 1 : 0), 0);
  const f = (x: number, digits = 4): string => x.toPrecision(digits);
  return [
    `Customers: ${bg.customers} (${repeatBuyers} repeat buyers) from ${report.rowsUsed} transactions, calibration to ${s.calibrationEnd}, unit ${unit}`,
    '',
    `BG/NBD  r = ${f(r)}  alpha = ${f(alpha)}  a = ${f(a)}  b = ${f(b)}  log-likelihood = ${bg.logLikelihood.toFixed(2)}`,
    `  mean purchase rate while alive: ${f(r / alpha, 3)} per ${unit}; mean drop-out probability after a purchase: ${f(a / (a + b), 3)}`,
    `Gamma-Gamma  p = ${f(p)}  q = ${f(q)}  v = ${f(v)}  (${gg.customers} repeat buyers${gg.zeroSpendExcluded ? `, ${gg.zeroSpendExcluded} with zero spend left out` : ''})`,
    `  population mean value per purchase: ${q > 1 ? populationMeanValue(gg.params).toFixed(2) : 'infinite (q <= 1)'}; ` +
      `frequency/spend correlation: ${frequencySpendCorrelation(s.x, s.monetary).toFixed(3)} (the model assumes about 0)`,
    '',
  ].join('\n');
}
