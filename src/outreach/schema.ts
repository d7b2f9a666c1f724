import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { workspaceColumn } from '../workspaces/schema.ts';
import type { OutreachAction, OutreachTrigger } from './rules.ts';

/** When something happens to a customer (slipping away, likely to need help, a late delivery), do something first. */
export const outreachRules = pgTable('outreach_rules', {
  id: uuid('id').primaryKey(),
  workspaceId: workspaceColumn(),
  name: text('name').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  trigger: jsonb('trigger').$type<OutreachTrigger>().notNull(),
  action: jsonb('action').$type<OutreachAction>().notNull(),
  /** A customer is acted on by a rule at most once in this many days. */
  cooldownDays: integer('cooldown_days').notNull(),
  /** This share of the customers a rule matches is left alone, so the report can say what the action changed. */
  holdoutPercent: integer('holdout_percent').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
});

/** Each time a rule matched a customer: what was done (or that they were held out), and why. */
export const outreachActions = pgTable(
  'outreach_actions',
  {
    id: uuid('id').primaryKey(),
    workspaceId: workspaceColumn(),
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => outreachRules.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id').notNull(),
    firedAt: timestamp('fired_at', { withTimezone: true }).notNull(),
    reason: text('reason').notNull(),
    heldOut: boolean('held_out').notNull(),
    /** message | ticket | segment | held_out | skipped_no_email | skipped_segment_deleted */
    result: text('result').notNull(),
    ticketId: uuid('ticket_id'),
  },
  (t) => [index('outreach_actions_rule_customer_idx').on(t.ruleId, t.customerId, t.firedAt), index('outreach_actions_workspace_fired_idx').on(t.workspaceId, t.firedAt)],
);
