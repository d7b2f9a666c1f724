/**
 * The need-for-help score: the probability that a customer opens a ticket in the
 * next `horizonDays`, from the signals of their recent journey, with the reasons
 * that weigh most. The model is learned from the workspace's own history: at
 * weekly moments in the past, what each active customer's signals were and
 * whether they contacted support in the following days. Until the history holds
 * enough contacts, a prior (hand-set weights, stated below) stands in, and says so.
 */
import { areaUnderCurve } from './auc.ts';
import { fitLogistic, probability } from './logistic.ts';
import { contactedWithin, featuresAt, isActive, SIGNALS, type CustomerHistory } from './signals.ts';

const DAY = 86_400_000;

export const DEFAULT_HORIZON_DAYS = 7;
/** Weekly moments of history to learn from (about three months). */
export const SNAPSHOTS = 12;
/** Contacts needed in the history before the workspace's own model replaces the prior. */
export const MIN_CONTACTS = 20;
/** Contributions (in log-odds) below this are not worth a reason. */
const REASON_FLOOR = 0.05;

/**
 * Log-odds weights set by hand from what help desks see: a late delivery or a failed
 * payment sends people to support, repeated help-page visits mean they did not find
 * the answer. Base rate about 2% a week.
 */
export const PRIOR = {
  intercept: -3.9,
  weights: { delivery_delayed: 2.0, payment_failed: 1.6, help_pages: 0.6, open_ticket: 0.8, low_score: 1.2, recent_contact: 0.7, in_transit: 0.5, recent_order: 0.3 } as Record<string, number>,
};

export interface HelpModel {
  status: 'learned' | 'prior';
  horizonDays: number;
  intercept: number;
  /** Log-odds per unit of each signal, by key (a signal missing from a stored model weighs 0). */
  weights: Record<string, number>;
  /** Training examples: (customer, past moment) pairs of active customers, and how many contacted support after. */
  examples: number;
  contacts: number;
  /** Out-of-time check: fitted without the newest moment, then scored on it; null when it has no contact (or no non-contact). */
  auc: number | null;
  message: string | null;
}

export interface HelpScore {
  probability: number;
  reasons: { key: string; reason: string; contribution: number }[];
}

interface Example {
  x: number[];
  y: boolean;
  snapshot: number;
}

function examplesOf(histories: CustomerHistory[], now: number, horizonDays: number): Example[] {
  const out: Example[] = [];
  for (let k = 0; k < SNAPSHOTS; k++) {
    const at = now - horizonDays * DAY - k * 7 * DAY;
    for (const h of histories) if (isActive(h, at)) out.push({ x: featuresAt(h, at), y: contactedWithin(h, at, horizonDays), snapshot: k });
  }
  return out;
}

const asWeights = (values: number[]) => Object.fromEntries(SIGNALS.map((s, j) => [s.key, values[j]!]));
const weightVector = (m: Pick<HelpModel, 'weights'>) => SIGNALS.map((s) => m.weights[s.key] ?? 0);

export function trainHelpModel(histories: CustomerHistory[], now: Date, horizonDays = DEFAULT_HORIZON_DAYS): HelpModel {
  const examples = examplesOf(histories, now.getTime(), horizonDays);
  const contacts = examples.filter((e) => e.y).length;
  const newest = examples.filter((e) => e.snapshot === 0);
  const older = examples.filter((e) => e.snapshot > 0);
  const aucOf = (m: { intercept: number; weights: number[] }) => areaUnderCurve(newest.map((e) => probability(m, e.x)), newest.map((e) => e.y));
  if (contacts < MIN_CONTACTS || contacts === examples.length) {
    return {
      status: 'prior',
      horizonDays,
      ...PRIOR,
      examples: examples.length,
      contacts,
      auc: aucOf({ intercept: PRIOR.intercept, weights: weightVector(PRIOR) }),
      message: `Using preset weights: the last ${SNAPSHOTS} weeks hold ${contacts} support contacts after moments of customer activity, and ${MIN_CONTACTS} are needed to learn this workspace's own.`,
    };
  }
  const holdout = older.some((e) => e.y) ? fitLogistic(older.map((e) => e.x), older.map((e) => e.y)) : null;
  const fit = fitLogistic(examples.map((e) => e.x), examples.map((e) => e.y));
  return {
    status: 'learned',
    horizonDays,
    intercept: fit.intercept,
    weights: asWeights(fit.weights),
    examples: examples.length,
    contacts,
    auc: holdout ? aucOf(holdout) : null,
    message: null,
  };
}

export function scoreCustomer(model: Pick<HelpModel, 'intercept' | 'weights'>, h: CustomerHistory, now: Date): HelpScore {
  const x = featuresAt(h, now.getTime());
  const w = weightVector(model);
  const reasons = SIGNALS.map((s, j) => ({ key: s.key, reason: s.reason(x[j]!), contribution: w[j]! * x[j]! }))
    .filter((r) => r.contribution >= REASON_FLOOR)
    .sort((a, b) => b.contribution - a.contribution)
    .map((r) => ({ ...r, contribution: Number(r.contribution.toFixed(3)) }));
  return { probability: probability({ intercept: model.intercept, weights: w }, x), reasons };
}

/** Scores every customer active now; the others are left out (nothing recent to go on). */
export function scoreActiveCustomers(model: HelpModel, histories: CustomerHistory[], now: Date): { customerId: string; score: HelpScore }[] {
  return histories.filter((h) => isActive(h, now.getTime())).map((h) => ({ customerId: h.customerId, score: scoreCustomer(model, h, now) }));
}
