import { sql } from 'drizzle-orm';
import { index, pgTable, primaryKey, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { workspaceColumn } from '../workspaces/schema.ts';

/**
 * How the customer felt in one text (a ticket message now; survey comments and
 * reviews later), computed by a background job on arrival. The text itself stays
 * with its domain; this keeps the reading and where the text sits in the journey.
 */
export const textSentiments = pgTable(
  'text_sentiments',
  {
    workspaceId: workspaceColumn(),
    /** The record the text belongs to, as on its journey entry (ticket_message, …). */
    refType: text('ref_type').notNull(),
    refId: text('ref_id').notNull(),
    customerId: uuid('customer_id'),
    touchpointId: uuid('touchpoint_id'),
    /** Where the text came from: the ticket's channel, a survey, a review site. */
    source: text('source').notNull(),
    sentiment: text('sentiment', { enum: ['negative', 'neutral', 'positive'] }).notNull(),
    /** P(positive) - P(negative), in [-1, 1]. */
    score: real('score').notNull(),
    confidence: real('confidence').notNull(),
    flags: text('flags').array().notNull().default(sql`'{}'::text[]`),
    /** When the text was written. */
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.refType, t.refId] }), index('text_sentiments_workspace_at_idx').on(t.workspaceId, t.at)],
);
