/**
 * A workspace's purchases → each customer's figures and the workspace's model, with
 * the same functions `touchpoint clv` uses: transactions are summarised into
 * (x, t_x, T) as BTYD does (same-day purchases merged, the first purchase not a
 * repeat), BG/NBD and Gamma-Gamma are fitted by maximum likelihood, and customers
 * are scored. Pure: the refresh job does the loading and storing.
 *
 * The unit is the day (the data's resolution, and the unit the horizons are stated
 * in); days are UTC calendar days and the calibration ends today.
 */
import type { Purchase } from '../journeys/store.ts';
import { fitBgNbd, expectedPurchasesBatch, probabilityAlive, type BgNbdFit } from './clv/bgnbd.ts';
import { DEFAULT_MONTHLY_DISCOUNT_RATE, MONTH_IN_UNITS, scoreCustomers, type CustomerScores } from './clv/clv.ts';
import { formatDay } from './clv/dates.ts';
import { ModelFitError } from './clv/errors.ts';
import { fitGammaGamma, type GammaGammaParams } from './clv/gamma-gamma.ts';
import { summarizeTransactions, type CustomerSummaries } from './clv/transactions.ts';

/** Expected purchases are over the next 90 days. */
export const HORIZON_DAYS = 90;
/** CLV is over 12 months of 30 days, discounted monthly (lifetimes' convention, as the CLI). */
export const CLV_MONTHS = 12;
/**
 * Below this many customers with purchases the fit describes a handful of people,
 * not a customer base: its P(alive) would look precise and mean little.
 */
export const MIN_CUSTOMERS = 20;

export type ModelStatus = 'fitted' | 'partial' | 'not_fitted';

export interface ModelFigures {
  status: ModelStatus;
  /** Why a model is missing and what was left out, or null. */
  message: string | null;
  calibrationEnd: string;
  customers: number;
  repeatBuyers: number;
  purchases: number;
  skippedPurchases: number;
  currency: string | null;
  bgnbd: (BgNbdFit['params'] & { logLikelihood: number }) | null;
  gammaGamma: GammaGammaParams | null;
}

export interface CustomerFigures {
  customerId: string;
  purchases: number;
  totalSpend: number;
  firstPurchaseAt: Date;
  lastPurchaseAt: Date;
  frequency: number;
  recency: number;
  age: number;
  pAlive: number | null;
  expectedPurchases: number | null;
  expectedAverageValue: number | null;
  clv: number | null;
}

export interface Figures {
  model: ModelFigures;
  customers: CustomerFigures[];
}

/** The part of the models that could be fitted, or why not. */
interface Fitted {
  status: ModelStatus;
  reason: string | null;
  bg: BgNbdFit | null;
  gg: GammaGammaParams | null;
  pAlive: Float64Array | null;
  expected: Float64Array | null;
  scores: CustomerScores | null;
}

export async function computeFigures(all: Purchase[], now: Date): Promise<Figures> {
  // The spend model needs a value for every purchase, so an order without one is left out (and counted).
  const purchases = all.filter((p) => p.amount !== null);
  // Days are UTC days on both sides (purchase dates and "today"), whatever the server's time zone.
  const today = Math.floor(now.getTime() / 86_400_000);
  const calibrationEnd = formatDay(today);
  const report = await summarizeTransactions(
    purchases.map((p, i) => ({ line: i + 1, values: { customer_id: p.customerId, date: p.at.toISOString().slice(0, 10), amount: String(p.amount) } })),
    { calibrationEnd, unit: 'day', today },
  );
  const s = report.summaries;
  const fitted = fit(s);
  const currencies = [...new Set(purchases.map((p) => p.currency).filter((c) => c !== null))].sort();
  const skipped = all.length - purchases.length;
  const notes = [
    fitted.reason,
    skipped > 0 && `${skipped} purchase ${skipped === 1 ? 'event' : 'events'} without a usable amount (revenue or total, a number >= 0) left out.`,
    currencies.length > 1 && `Purchases are in several currencies (${currencies.join(', ')}); their amounts are added as they are.`,
  ].filter((n): n is string => typeof n === 'string');

  return {
    model: {
      status: fitted.status,
      message: notes.length > 0 ? notes.join(' ') : null,
      calibrationEnd,
      customers: s.ids.length,
      repeatBuyers: s.x.reduce((n, x) => n + (x > 0 ? 1 : 0), 0),
      purchases: purchases.length,
      skippedPurchases: skipped,
      currency: currencies.length === 1 ? currencies[0]! : null,
      bgnbd: fitted.bg && { ...fitted.bg.params, logLikelihood: fitted.bg.logLikelihood },
      gammaGamma: fitted.gg,
    },
    customers: customerFigures(purchases, s, fitted),
  };
}

function fit(s: CustomerSummaries): Fitted {
  const none = { bg: null, gg: null, pAlive: null, expected: null, scores: null };
  const n = s.ids.length;
  if (n === 0) {
    return { ...none, status: 'not_fitted', reason: 'No purchases yet: the models start from Order Completed events with a revenue or total.' };
  }
  if (n < MIN_CUSTOMERS) {
    return {
      ...none,
      status: 'not_fitted',
      reason: `Too few customers to fit the models: ${n} ${n === 1 ? 'has' : 'have'} purchases, at least ${MIN_CUSTOMERS} are needed. Purchases and spend are shown meanwhile.`,
    };
  }
  let bg: BgNbdFit;
  let pAlive: Float64Array;
  let expected: Float64Array;
  try {
    bg = fitBgNbd(s);
    pAlive = s.x.map((x, i) => probabilityAlive(bg.params, x, s.tx[i]!, s.T[i]!));
    expected = expectedPurchasesBatch(bg.params, s, HORIZON_DAYS);
  } catch (err) {
    if (!(err instanceof ModelFitError)) throw err;
    return { ...none, status: 'not_fitted', reason: `${err.message}.` };
  }
  try {
    const gg = fitGammaGamma(s.x, s.monetary).params;
    const month = MONTH_IN_UNITS.day;
    const scores = scoreCustomers(bg.params, gg, s, { horizon: CLV_MONTHS * month, periodLength: month, discountRate: DEFAULT_MONTHLY_DISCOUNT_RATE });
    return { status: 'fitted', reason: null, bg, gg, pAlive, expected, scores };
  } catch (err) {
    if (!(err instanceof ModelFitError)) throw err;
    return {
      ...none,
      bg,
      pAlive,
      expected,
      status: 'partial',
      reason: `${err.message}. P(alive) and expected purchases are shown; expected order value and CLV are not.`,
    };
  }
}

function customerFigures(purchases: Purchase[], s: CustomerSummaries, fitted: Fitted): CustomerFigures[] {
  const totals = new Map<string, { purchases: number; spend: number; first: Date; last: Date }>();
  for (const p of purchases) {
    const t = totals.get(p.customerId);
    if (!t) totals.set(p.customerId, { purchases: 1, spend: p.amount!, first: p.at, last: p.at });
    else {
      t.purchases++;
      t.spend += p.amount!;
      if (p.at < t.first) t.first = p.at;
      if (p.at > t.last) t.last = p.at;
    }
  }
  return s.ids.map((customerId, i) => {
    const t = totals.get(customerId)!;
    return {
      customerId,
      purchases: t.purchases,
      totalSpend: t.spend,
      firstPurchaseAt: t.first,
      lastPurchaseAt: t.last,
      frequency: s.x[i]!,
      recency: s.tx[i]!,
      age: s.T[i]!,
      pAlive: finiteOrNull(fitted.pAlive?.[i], 0, 1),
      expectedPurchases: finiteOrNull(fitted.expected?.[i], 0),
      expectedAverageValue: finiteOrNull(fitted.scores?.expectedAverageValue[i], 0),
      clv: finiteOrNull(fitted.scores?.clv[i], 0),
    };
  });
}

/**
 * The last guard before storage: the fitting code already refuses non-finite
 * results, and round-off may only nudge a value past its range, so that is clamped.
 */
export function finiteOrNull(value: number | undefined, min: number, max = Infinity): number | null {
  if (value === undefined || !Number.isFinite(value)) return null;
  return Math.min(max, Math.max(min, value));
}
