import { doublePrecision, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { workspaceColumn, workspaces } from '../workspaces/schema.ts';

// What the daily refresh learnt from a workspace's orders (src/recommend/refresh.ts),
// replaced whole by each refresh. Products are named by the key the orders give them
// (sku, else product_id, else name).

/** Every product that was bought, with how many customers bought it (the popularity fallback). */
export const productStats = pgTable(
  'product_stats',
  {
    workspaceId: workspaceColumn(),
    sku: text('sku').notNull(),
    name: text('name'),
    customers: integer('customers').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.sku] }), index('product_stats_popular_idx').on(t.workspaceId, t.customers, t.sku)],
);

/** Each product's best neighbours: rank 1 is the product most often bought by the same customers. */
export const productNeighbours = pgTable(
  'product_neighbours',
  {
    workspaceId: workspaceColumn(),
    sku: text('sku').notNull(),
    rank: integer('rank').notNull(),
    neighbourSku: text('neighbour_sku').notNull(),
    score: doublePrecision('score').notNull(),
    customersBoth: integer('customers_both').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.sku, t.rank] })],
);

/** One row per workspace: when the neighbours were last computed, and from how much. */
export const recommendationModels = pgTable('recommendation_models', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull(),
  customers: integer('customers').notNull(),
  products: integer('products').notNull(),
  orders: integer('orders').notNull(),
});
