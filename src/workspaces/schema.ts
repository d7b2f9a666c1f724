import { sql } from 'drizzle-orm';
import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A workspace's records go with it. */
export const workspaceColumn = () =>
  uuid('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' });

export const workspaces = pgTable('workspaces', {
  id: uuid('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  createdAt: timestamptz('created_at'),
  /** Session lifetime set by the workspace's admins: a session ends unused this long, and this long after login whatever. */
  sessionIdleHours: integer('session_idle_hours').notNull().default(168),
  sessionMaxHours: integer('session_max_hours').notNull().default(720),
});

export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  createdAt: timestamptz('created_at'),
});

export const memberships = pgTable(
  'memberships',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    workspaceId: workspaceColumn(),
    role: text('role', { enum: ['admin', 'agent', 'analyst'] }).notNull(),
    /**
     * Deactivated: may not log in here, kept in the list. Removed: no longer a
     * member; the row stays so that their name still stands on past tickets.
     */
    status: text('status', { enum: ['active', 'deactivated', 'removed'] }).notNull().default('active'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.workspaceId] })],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie's token: a stolen database does not give working sessions. */
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    workspaceId: workspaceColumn(),
    createdAt: timestamptz('created_at'),
    /** Kept to the minute: the idle lifetime counts from here. */
    lastSeenAt: timestamptz('last_seen_at'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_workspace_idx').on(t.workspaceId)],
);

/**
 * Login attempts per email address (its SHA-256, whether or not it has an account),
 * in the database so that every server process and a restart see the same count.
 */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    emailHash: text('email_hash').primaryKey(),
    failures: integer('failures').notNull().default(0),
    lastAttemptAt: timestamptz('last_attempt_at'),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
  },
  (t) => [index('login_attempts_last_attempt_idx').on(t.lastAttemptAt)],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey(),
    workspaceId: workspaceColumn(),
    type: text('type', { enum: ['write', 'secret'] }).notNull(),
    name: text('name').notNull(),
    /** The first characters, shown in lists so people can tell keys apart. */
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull().unique(),
    createdAt: timestamptz('created_at'),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('api_keys_workspace_idx').on(t.workspaceId)],
);

function timestamptz(name: string) {
  return timestamp(name, { withTimezone: true })
    .notNull()
    .default(sql`now()`);
}
