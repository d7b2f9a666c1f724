import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { workspaceColumn } from '../workspaces/schema.ts';

/**
 * The spine: one row per touchpoint of a customer's journey. Tracked events land
 * here raw (customer unresolved) and the journey processor resolves the customer
 * and the touchpoint; other domains (tickets, survey answers, reviews) append rows
 * of their own kind with a reference to their record.
 */
export const journeyEvents = pgTable(
  'journey_events',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    workspaceId: workspaceColumn(),
    customerId: uuid('customer_id'),
    kind: text('kind').notNull(),
    name: text('name'),
    pagePath: text('page_path'),
    messageId: text('message_id'),
    anonymousId: text('anonymous_id'),
    userId: text('user_id'),
    previousId: text('previous_id'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().default(sql`now()`),
    touchpointId: uuid('touchpoint_id'),
    properties: jsonb('properties').$type<Record<string, unknown>>().notNull().default({}),
    traits: jsonb('traits').$type<Record<string, unknown>>(),
    context: jsonb('context').$type<Record<string, unknown>>(),
    source: text('source').notNull(),
    refType: text('ref_type'),
    refId: text('ref_id'),
    processedAt: timestamp('processed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('journey_events_message_id_key').on(t.workspaceId, t.messageId),
    // Partial where most rows would hold a null: an event arrives without its customer (the
    // processor sets it) and only other domains' entries carry a ref, so an ingested event
    // touches two fewer indexes.
    index('journey_events_customer_at_idx').on(t.workspaceId, t.customerId, t.at, t.id).where(sql`${t.customerId} is not null`),
    index('journey_events_pending_idx').on(t.id).where(sql`${t.processedAt} is null`),
    index('journey_events_unmapped_idx')
      .on(t.workspaceId, t.kind, t.name)
      .where(sql`${t.touchpointId} is null and ${t.processedAt} is not null`),
    index('journey_events_ref_idx').on(t.workspaceId, t.refType, t.refId).where(sql`${t.refType} is not null`),
  ],
);
