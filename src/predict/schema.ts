import { date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { workspaceColumn, workspaces } from '../workspaces/schema.ts';

/**
 * Each customer's repeat-purchase, churn-risk and value figures, as of the last
 * refresh of their workspace (which replaces all of them at once). Times are in
 * days. The model figures are null when the workspace's model could not be fitted
 * (its prediction_models row says why); purchases and spend are always there.
 */
export const customerPredictions = pgTable(
  'customer_predictions',
  {
    workspaceId: workspaceColumn(),
    customerId: uuid('customer_id').notNull(),
    /** Orders with a usable amount (each order once). */
    purchases: integer('purchases').notNull(),
    totalSpend: doublePrecision('total_spend').notNull(),
    firstPurchaseAt: timestamp('first_purchase_at', { withTimezone: true }).notNull(),
    lastPurchaseAt: timestamp('last_purchase_at', { withTimezone: true }).notNull(),
    /** x: repeat purchase days (the first day and same-day orders not counted again). */
    frequency: integer('frequency').notNull(),
    /** t_x: days from the first to the last purchase day. */
    recency: doublePrecision('recency').notNull(),
    /** T: days from the first purchase day to the refresh day. */
    age: doublePrecision('age').notNull(),
    pAlive: doublePrecision('p_alive'),
    expectedPurchases: doublePrecision('expected_purchases'),
    expectedAverageValue: doublePrecision('expected_average_value'),
    clv: doublePrecision('clv'),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.customerId] }),
    index('customer_predictions_clv_idx').on(t.workspaceId, t.clv, t.customerId),
    index('customer_predictions_p_alive_idx').on(t.workspaceId, t.pAlive, t.customerId),
  ],
);

/** One row per workspace: the last refresh, its fitted parameters, or why there are none. */
export const predictionModels = pgTable('prediction_models', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  /** fitted: both models; partial: BG/NBD only (no spend model, so no CLV); not_fitted: counts and spend only. */
  status: text('status', { enum: ['fitted', 'partial', 'not_fitted'] }).notNull(),
  /** Why a model could not be fitted, in words an admin can act on; null when fitted. */
  message: text('message'),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull(),
  /** The last day of data (UTC), the models' "now". */
  calibrationEnd: date('calibration_end', { mode: 'string' }).notNull(),
  customers: integer('customers').notNull(),
  repeatBuyers: integer('repeat_buyers').notNull(),
  purchases: integer('purchases').notNull(),
  /** Purchase events left out because they carry no usable amount. */
  skippedPurchases: integer('skipped_purchases').notNull(),
  /** The one currency the purchases state, when they agree. */
  currency: text('currency'),
  r: doublePrecision('r'),
  alpha: doublePrecision('alpha'),
  a: doublePrecision('a'),
  b: doublePrecision('b'),
  logLikelihood: doublePrecision('log_likelihood'),
  p: doublePrecision('p'),
  q: doublePrecision('q'),
  v: doublePrecision('v'),
});

/**
 * Each recently active customer's need-for-help score: the probability of opening a
 * ticket in the next days, with the reasons that weigh most; replaced as a whole by
 * each refresh, like the figures above. Customers with nothing recent have no row.
 */
export const helpScores = pgTable(
  'help_scores',
  {
    workspaceId: workspaceColumn(),
    customerId: uuid('customer_id').notNull(),
    probability: doublePrecision('probability').notNull(),
    reasons: jsonb('reasons').$type<{ key: string; reason: string; contribution: number }[]>().notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.customerId] }), index('help_scores_probability_idx').on(t.workspaceId, t.probability, t.customerId)],
);

/** One row per workspace: the need-for-help model of the last refresh (learned, or the stated prior) and how well it ranked. */
export const helpModels = pgTable('help_models', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  status: text('status', { enum: ['learned', 'prior'] }).notNull(),
  message: text('message'),
  horizonDays: integer('horizon_days').notNull(),
  intercept: doublePrecision('intercept').notNull(),
  weights: jsonb('weights').$type<Record<string, number>>().notNull(),
  examples: integer('examples').notNull(),
  contacts: integer('contacts').notNull(),
  auc: doublePrecision('auc'),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull(),
});
