import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { workspaceColumn } from '../workspaces/schema.ts';

export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey(),
    workspaceId: workspaceColumn(),
    name: text('name'),
    email: text('email'),
    phone: text('phone'),
    traits: jsonb('traits').$type<Record<string, unknown>>().notNull().default({}),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
    /** Set when this profile was merged into another; lookups follow it. */
    mergedIntoId: uuid('merged_into_id'),
  },
  (t) => [
    index('customers_workspace_email_idx').on(t.workspaceId, sql`lower(${t.email})`),
    index('customers_workspace_name_idx').on(t.workspaceId, sql`lower(${t.name})`),
    index('customers_workspace_seen_idx').on(t.workspaceId, t.lastSeenAt),
    // A merge repoints profiles merged into the one going away: without it every merge scans the customers.
    index('customers_merged_into_idx').on(t.mergedIntoId).where(sql`${t.mergedIntoId} is not null`),
  ],
);

/** Every way we know a customer by: userId, email, phone, anonymous ids. */
export const customerIdentities = pgTable(
  'customer_identities',
  {
    workspaceId: workspaceColumn(),
    kind: text('kind', { enum: ['user_id', 'email', 'phone', 'anonymous_id'] }).notNull(),
    value: text('value').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.kind, t.value] }), index('customer_identities_customer_idx').on(t.customerId)],
);
