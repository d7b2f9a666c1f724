import { formatMoney } from './format';

// A customer's value and churn risk, as the predictions API gives them (see
// src/predict/presenters.ts): refreshed daily by the server, never computed here.

export type Activity = 'active' | 'at_risk' | 'lost' | 'one_time';
export type ModelStatus = 'pending' | 'fitted' | 'partial' | 'not_fitted';

export interface CustomerPredictions {
  customerId: string;
  asOf: string | null;
  currency: string | null;
  purchases: number;
  totalSpend: number;
  firstPurchaseAt: string | null;
  lastPurchaseAt: string | null;
  frequency: number | null;
  pAlive: number | null;
  activity: Activity | null;
  expectedPurchases: number | null;
  expectedAverageValue: number | null;
  clv: number | null;
  model: { status: ModelStatus; message: string | null; refreshedAt: string | null };
  needHelp: NeedHelp | null;
}

export type NeedLevel = 'high' | 'elevated' | 'usual';

/** The chance of a support contact within a few days, and the journey's reasons for it. */
export interface NeedHelp {
  probability: number;
  level: NeedLevel;
  horizonDays: number;
  reasons: { key: string; reason: string; contribution: number }[];
  asOf: string;
}

/** The need-for-help model: learned from the workspace's contacts, or preset until there are enough; null before the first refresh. */
export interface HelpModel {
  status: 'learned' | 'prior';
  message: string | null;
  refreshedAt: string;
  horizonDays: number;
  examples: number;
  contacts: number;
  baseRate: number | null;
  auc: number | null;
}

export const NEED_LABELS: Record<NeedLevel, string> = {
  high: 'Likely to need help',
  elevated: 'May need help',
  usual: 'Usual need for help',
};

/** P(alive) in plain words; a one-time buyer's P(alive) is 1 by the model's assumption, so it is not called active. */
export const ACTIVITY_LABELS: Record<Activity, string> = {
  active: 'Likely active',
  at_risk: 'At risk',
  lost: 'Probably lost',
  one_time: 'One purchase so far',
};

/** Amounts in the workspace's currency when its purchases state one, else as plain numbers. */
export function formatAmount(amount: number | null, currency: string | null): string {
  if (amount === null) return '—';
  return currency ? formatMoney(amount, currency) : amount.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

export function formatExpected(n: number | null): string {
  return n === null ? '—' : n.toLocaleString(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

const asOfDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** The figures change once a day, so the day says enough (the time is in the tooltip). */
export function formatAsOf(iso: string): string {
  return asOfDate.format(new Date(iso));
}
