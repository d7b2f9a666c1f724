import { sql } from 'drizzle-orm';
import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Secrets of this installation, made on first use (the key that signs survey links, the
 * key that seals webhook secrets). Kept in the database so every server process of a
 * PostgreSQL deployment signs alike; `value` is sealed with the installation key, which
 * is not in the database (see instance-secrets.ts).
 */
export const instanceSecrets = pgTable('instance_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
});
