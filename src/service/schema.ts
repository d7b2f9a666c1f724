import { sql } from 'drizzle-orm';
import { bigserial, boolean, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/schema.ts';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/** Per-workspace counters, so tickets get short numbers (#1042) for subjects and conversation. */
export const counters = pgTable(
  'counters',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    value: integer('value').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.name] })],
);

export const tickets = pgTable(
  'tickets',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    customerId: uuid('customer_id').notNull(),
    subject: text('subject').notNull(),
    status: text('status', { enum: ['new', 'open', 'pending', 'on-hold', 'solved', 'closed'] }).notNull().default('new'),
    priority: text('priority', { enum: ['low', 'normal', 'high', 'urgent'] }).notNull().default('normal'),
    channel: text('channel', { enum: ['email', 'chat', 'phone', 'api', 'web'] }).notNull(),
    teamId: uuid('team_id'),
    assigneeId: uuid('assignee_id'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
    firstResponseAt: timestamp('first_response_at', { withTimezone: true }),
    solvedAt: timestamp('solved_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('tickets_workspace_number_key').on(t.workspaceId, t.number),
    index('tickets_workspace_status_idx').on(t.workspaceId, t.status, t.updatedAt),
    index('tickets_workspace_customer_idx').on(t.workspaceId, t.customerId),
    index('tickets_workspace_assignee_idx').on(t.workspaceId, t.assigneeId, t.status),
  ],
);

export const ticketMessages = pgTable(
  'ticket_messages',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    authorKind: text('author_kind', { enum: ['customer', 'agent', 'system'] }).notNull(),
    authorUserId: uuid('author_user_id'),
    /** false: an internal note, never shown or sent to the customer. */
    public: boolean('public').notNull(),
    channel: text('channel').notNull(),
    bodyText: text('body_text').notNull(),
    /** Sanitised before it is stored: no script or event handler reaches an agent's browser. */
    bodyHtml: text('body_html'),
    fromAddress: text('from_address'),
    emailMessageId: text('email_message_id'),
    inReplyTo: text('in_reply_to'),
    /** Outbound email: queued | sent | outbox (no SMTP_URL) | failed. */
    delivery: text('delivery'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    index('ticket_messages_ticket_idx').on(t.ticketId, t.createdAt),
    uniqueIndex('ticket_messages_email_id_key').on(t.workspaceId, t.emailMessageId),
  ],
);

export const ticketAttachments = pgTable('ticket_attachments', {
  id: uuid('id').primaryKey(),
  workspaceId: uuid('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  messageId: uuid('message_id')
    .notNull()
    .references(() => ticketMessages.id, { onDelete: 'cascade' }),
  filename: text('filename').notNull(),
  contentType: text('content_type').notNull(),
  size: integer('size').notNull(),
  content: bytea('content').notNull(),
});

/** Who changed what, when: the ticket's full history, also the source of service metrics. */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    actorKind: text('actor_kind', { enum: ['customer', 'agent', 'system', 'key'] }).notNull(),
    actorId: text('actor_id'),
    type: text('type').notNull(),
    fromValue: jsonb('from_value'),
    toValue: jsonb('to_value'),
    at: timestamp('at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('ticket_events_ticket_idx').on(t.ticketId, t.at)],
);

/** A workspace's SLA policy (calendar, targets per priority); absent means the default one. */
export const slaPolicies = pgTable('sla_policies', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  policy: jsonb('policy').$type<import('./sla/policy.ts').SlaPolicy>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
});
