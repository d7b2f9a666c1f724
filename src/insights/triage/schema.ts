import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { workspaceColumn } from '../../workspaces/schema.ts';

const actorKind = (name: string) => text(name, { enum: ['user', 'key'] });

/**
 * A workspace's triage model: what it predicts (the ticket's team, or one custom
 * field), the classifier in the text classifier's file format, and how good it
 * was in cross-validation. One per workspace; training again replaces it.
 */
export const triageModels = pgTable('triage_models', {
  workspaceId: workspaceColumn().primaryKey(),
  target: text('target', { enum: ['team', 'field'] }).notNull(),
  /** The custom field predicted when target is "field". */
  field: text('field'),
  /** The classifier as model-file.ts writes it (JSON text: it is only ever read whole). */
  model: text('model').notNull(),
  /** Training examples per label. */
  labelCounts: jsonb('label_counts').$type<Record<string, number>>().notNull(),
  examples: integer('examples').notNull(),
  source: text('source', { enum: ['tickets', 'upload'] }).notNull(),
  folds: integer('folds').notNull(),
  accuracy: real('accuracy').notNull(),
  macroF1: real('macro_f1').notNull(),
  /** Mean recall per label (cross-validated); null for models trained before it was kept. */
  balancedAccuracy: real('balanced_accuracy'),
  /** A prediction at least this confident is applied to the ticket. */
  threshold: real('threshold').notNull().default(0.7),
  trainedAt: timestamp('trained_at', { withTimezone: true }).notNull(),
  trainedByKind: actorKind('trained_by_kind').notNull(),
  trainedById: text('trained_by_id').notNull(),
});

/**
 * A training too large to run while the request waits: the examples are in its
 * durable job; this says it is coming (or why it failed) until the model replaces it.
 */
export const triageTrainings = pgTable('triage_trainings', {
  workspaceId: workspaceColumn().primaryKey(),
  examples: integer('examples').notNull(),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().default(sql`now()`),
  /** Set when the training job refused the data; the message says why. */
  failedAt: timestamp('failed_at', { withTimezone: true }),
  message: text('message'),
});

/**
 * What triage predicted for a ticket from its first message, and whether it was
 * applied; a person changing an applied value afterwards is a correction, so
 * accuracy in use can be measured.
 */
export const triagePredictions = pgTable(
  'triage_predictions',
  {
    workspaceId: workspaceColumn(),
    ticketId: uuid('ticket_id').notNull(),
    target: text('target', { enum: ['team', 'field'] }).notNull(),
    field: text('field'),
    label: text('label').notNull(),
    confidence: real('confidence').notNull(),
    alternatives: jsonb('alternatives').$type<{ label: string; confidence: number }[]>().notNull(),
    applied: boolean('applied').notNull(),
    /** Why it was not applied: below_threshold, already_set, unknown_team. */
    reason: text('reason'),
    /** The trainedAt of the model that predicted, so figures are per model. */
    modelTrainedAt: timestamp('model_trained_at', { withTimezone: true }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().default(sql`now()`),
    /** What a person changed an applied prediction to (a team name or field value; null when cleared). */
    correctedTo: text('corrected_to'),
    correctedAt: timestamp('corrected_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.ticketId] }), index('triage_predictions_model_idx').on(t.workspaceId, t.modelTrainedAt)],
);
