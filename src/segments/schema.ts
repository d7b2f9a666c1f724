import { sql } from 'drizzle-orm';
import { index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { workspaceColumn } from '../workspaces/schema.ts';

/** A named list of customers ("at risk, high value"), filled by hand, by the API or by outreach rules. */
export const segments = pgTable(
  'segments',
  {
    id: uuid('id').primaryKey(),
    workspaceId: workspaceColumn(),
    name: text('name').notNull(),
    description: text('description'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [uniqueIndex('segments_workspace_name_key').on(t.workspaceId, t.name)],
);

export const segmentMembers = pgTable(
  'segment_members',
  {
    segmentId: uuid('segment_id')
      .notNull()
      .references(() => segments.id, { onDelete: 'cascade' }),
    workspaceId: workspaceColumn(),
    customerId: uuid('customer_id').notNull(),
    /** Who added them: "api", "user:<id>", "outreach-rule:<id>". */
    addedBy: text('added_by').notNull(),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.segmentId, t.customerId] }), index('segment_members_customer_idx').on(t.workspaceId, t.customerId)],
);
