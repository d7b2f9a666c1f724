import { z } from 'zod';
import { ACTIVITIES, activityOf } from './activity.ts';
import { CLV_MONTHS, HORIZON_DAYS, MIN_CUSTOMERS } from './figures.ts';
import { DEFAULT_MONTHLY_DISCOUNT_RATE } from './clv/clv.ts';
import type { CustomerPrediction, PredictionModel } from './store.ts';
import type { HelpModelRow, HelpScoreRow } from './need-help/store.ts';

const money = z.number().describe('In the purchases’ currency, major unit');

export const figuresSchema = z.object({
  asOf: z.string().nullable().describe('When these figures were computed (the last refresh); null before the first'),
  purchases: z.number().describe('Orders with a usable amount, each order once'),
  totalSpend: money,
  firstPurchaseAt: z.string().nullable(),
  lastPurchaseAt: z.string().nullable(),
  frequency: z.number().nullable().describe('Repeat purchase days (x): same-day orders are one purchase, the first is not a repeat'),
  recency: z.number().nullable().describe('Days from the first to the last purchase day (t_x)'),
  age: z.number().nullable().describe('Days from the first purchase day to the refresh day (T)'),
  pAlive: z.number().nullable().describe('BG/NBD probability that the customer is still a customer, 0–1'),
  activity: z.enum(ACTIVITIES).nullable().describe(`P(alive) in words: active >= 0.7, at_risk, lost < 0.3; one_time for customers with no repeat purchase yet`),
  expectedPurchases: z.number().nullable().describe(`BG/NBD expected purchases in the next ${HORIZON_DAYS} days`),
  expectedAverageValue: money.nullable().describe('Gamma-Gamma expected value of one order'),
  clv: money.nullable().describe(`Expected revenue over the next ${CLV_MONTHS} months, discounted ${DEFAULT_MONTHLY_DISCOUNT_RATE * 100}% a month`),
});

export const modelStatusSchema = z
  .enum(['pending', 'fitted', 'partial', 'not_fitted'])
  .describe('pending: not computed yet; fitted: both models; partial: BG/NBD only (no spend model, so no CLV); not_fitted: purchases and spend only');

export const modelSchema = z.object({
  status: modelStatusSchema,
  message: z.string().nullable().describe('Why a model is missing, and what data was left out'),
  refreshedAt: z.string().nullable(),
  calibrationEnd: z.string().nullable().describe('The last day of data the models saw (UTC)'),
  unit: z.literal('day'),
  horizonDays: z.number(),
  clvMonths: z.number(),
  monthlyDiscountRate: z.number(),
  minCustomers: z.number().describe('Customers with purchases needed before the models are fitted'),
  customers: z.number(),
  repeatBuyers: z.number(),
  purchases: z.number(),
  skippedPurchases: z.number().describe('Purchase events left out: no revenue or total that is a number >= 0'),
  currency: z.string().nullable(),
  bgnbd: z.object({ r: z.number(), alpha: z.number(), a: z.number(), b: z.number(), logLikelihood: z.number() }).nullable(),
  gammaGamma: z.object({ p: z.number(), q: z.number(), v: z.number() }).nullable(),
});

export const helpModelSchema = z
  .object({
    status: z.enum(['learned', 'prior']).describe('learned: from this workspace’s history of contacts; prior: preset weights, until the history holds enough contacts'),
    message: z.string().nullable(),
    refreshedAt: z.string(),
    horizonDays: z.number().describe('The score is the chance of opening a ticket within this many days'),
    examples: z.number().describe('(customer, past week) pairs the model learned from'),
    contacts: z.number().describe('Of those, how many were followed by a ticket'),
    baseRate: z.number().nullable().describe('contacts / examples: the usual chance, against which levels are set'),
    auc: z.number().nullable().describe('Out-of-time check: fitted without the newest week, then ranking that week’s customers (0.5 is chance, 1 perfect)'),
    weights: z.record(z.string(), z.number()).describe('Log-odds per unit of each signal'),
    intercept: z.number(),
  })
  .nullable()
  .describe('null before the first refresh');

export const needHelpSchema = z
  .object({
    probability: z.number().describe('Chance of opening a ticket within horizonDays, 0–1'),
    level: z.enum(['high', 'elevated', 'usual']).describe('high: at least 3× the usual chance (baseRate); elevated: at least 1.5×'),
    horizonDays: z.number(),
    reasons: z.array(z.object({ key: z.string(), reason: z.string(), contribution: z.number().describe('Log-odds this signal adds') })),
    asOf: z.string(),
  })
  .nullable()
  .describe('null: nothing in the customer’s journey in the last 30 days (or not computed yet), so no score');

export const customerPredictionSchema = figuresSchema.extend({
  customerId: z.string(),
  currency: z.string().nullable(),
  model: modelSchema.pick({ status: true, message: true, refreshedAt: true }),
  needHelp: needHelpSchema,
});

export const rankedNeedSchema = z.object({
  customer: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
  needHelp: needHelpSchema.unwrap(),
});

export const rankedCustomerSchema = figuresSchema.extend({
  customer: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
});

const round = (v: number | null, digits: number) => (v === null ? null : Number(v.toFixed(digits)));

export function presentFigures(row: CustomerPrediction | undefined, model: PredictionModel | undefined): z.infer<typeof figuresSchema> {
  if (!row) {
    // No purchases as of the last refresh (or no refresh yet): say so with zeros, not with guesses.
    const none = { firstPurchaseAt: null, lastPurchaseAt: null, frequency: null, recency: null, age: null };
    return { asOf: model?.refreshedAt.toISOString() ?? null, purchases: 0, totalSpend: 0, ...none, pAlive: null, activity: null, expectedPurchases: null, expectedAverageValue: null, clv: null };
  }
  return {
    asOf: row.computedAt.toISOString(),
    purchases: row.purchases,
    totalSpend: round(row.totalSpend, 2)!,
    firstPurchaseAt: row.firstPurchaseAt.toISOString(),
    lastPurchaseAt: row.lastPurchaseAt.toISOString(),
    frequency: row.frequency,
    recency: row.recency,
    age: row.age,
    pAlive: round(row.pAlive, 4),
    activity: activityOf(row.pAlive, row.frequency),
    expectedPurchases: round(row.expectedPurchases, 3),
    expectedAverageValue: round(row.expectedAverageValue, 2),
    clv: round(row.clv, 2),
  };
}

export function presentModel(m: PredictionModel | undefined): z.infer<typeof modelSchema> {
  const settings = { unit: 'day' as const, horizonDays: HORIZON_DAYS, clvMonths: CLV_MONTHS, monthlyDiscountRate: DEFAULT_MONTHLY_DISCOUNT_RATE, minCustomers: MIN_CUSTOMERS };
  if (!m) {
    return {
      status: 'pending',
      message: 'Not computed yet: the models are refreshed when the server starts and every day after, or on request.',
      refreshedAt: null,
      calibrationEnd: null,
      ...settings,
      customers: 0,
      repeatBuyers: 0,
      purchases: 0,
      skippedPurchases: 0,
      currency: null,
      bgnbd: null,
      gammaGamma: null,
    };
  }
  // A fit's parameters are written together (replaceFigures), so one null means none.
  return {
    status: m.status,
    message: m.message,
    refreshedAt: m.refreshedAt.toISOString(),
    calibrationEnd: m.calibrationEnd,
    ...settings,
    customers: m.customers,
    repeatBuyers: m.repeatBuyers,
    purchases: m.purchases,
    skippedPurchases: m.skippedPurchases,
    currency: m.currency,
    bgnbd: m.r === null ? null : { r: m.r, alpha: m.alpha!, a: m.a!, b: m.b!, logLikelihood: m.logLikelihood! },
    gammaGamma: m.p === null ? null : { p: m.p, q: m.q!, v: m.v! },
  };
}

const baseRateOf = (m: HelpModelRow) => (m.examples > 0 ? m.contacts / m.examples : null);

export function presentHelpModel(m: HelpModelRow | undefined): z.infer<typeof helpModelSchema> {
  if (!m) return null;
  const { status, message, horizonDays, examples, contacts, auc, weights, intercept } = m;
  return { status, message, refreshedAt: m.refreshedAt.toISOString(), horizonDays, examples, contacts, baseRate: round(baseRateOf(m), 4), auc: round(auc, 3), weights, intercept };
}

export function presentNeedHelp(row: HelpScoreRow | undefined, model: HelpModelRow | undefined): z.infer<typeof needHelpSchema> {
  if (!row || !model) return null;
  const base = baseRateOf(model);
  const lift = base ? row.probability / base : 1;
  return {
    probability: round(row.probability, 4)!,
    level: lift >= 3 ? 'high' : lift >= 1.5 ? 'elevated' : 'usual',
    horizonDays: model.horizonDays,
    reasons: row.reasons,
    asOf: row.computedAt.toISOString(),
  };
}
