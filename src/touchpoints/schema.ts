import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { workspaceColumn } from '../workspaces/schema.ts';

export const touchpoints = pgTable(
  'touchpoints',
  {
    id: uuid('id').primaryKey(),
    workspaceId: workspaceColumn(),
    name: text('name').notNull(),
    stage: text('stage').notNull(),
    channel: text('channel').notNull(),
    description: text('description'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [unique('touchpoints_workspace_name_key').on(t.workspaceId, t.name)],
);

/** Maps incoming events to a touchpoint by event type, event name and page path pattern. */
export const touchpointRules = pgTable(
  'touchpoint_rules',
  {
    id: uuid('id').primaryKey(),
    workspaceId: workspaceColumn(),
    touchpointId: uuid('touchpoint_id')
      .notNull()
      .references(() => touchpoints.id, { onDelete: 'cascade' }),
    eventKind: text('event_kind'),
    eventName: text('event_name'),
    pathPattern: text('path_pattern'),
    priority: integer('priority').notNull().default(100),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('touchpoint_rules_workspace_idx').on(t.workspaceId)],
);
