import { sql } from 'drizzle-orm';
import { bigserial, boolean, customType, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users, workspaceColumn, workspaces } from '../workspaces/schema.ts';
import { SLA_STATES } from './sla/state.ts';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/** Per-workspace counters, so tickets get short numbers (#1042) for subjects and conversation. */
export const counters = pgTable(
  'counters',
  {
    workspaceId: workspaceColumn(),
    name: text('name').notNull(),
    value: integer('value').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.name] })],
);

export const tickets = pgTable(
  'tickets',
  {
    id: uuid('id').primaryKey(),
    workspaceId: workspaceColumn(),
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
    /** The earliest running SLA deadline (kept by the SLA timer), so "SLA at risk" is an index scan. */
    slaDueAt: timestamp('sla_due_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('tickets_workspace_number_key').on(t.workspaceId, t.number),
    index('tickets_workspace_status_idx').on(t.workspaceId, t.status, t.updatedAt),
    index('tickets_workspace_customer_idx').on(t.workspaceId, t.customerId),
    index('tickets_workspace_assignee_idx').on(t.workspaceId, t.assigneeId, t.status),
    index('tickets_workspace_sla_due_idx').on(t.workspaceId, t.slaDueAt),
    /** Reports count a period's tickets. */
    index('tickets_workspace_created_idx').on(t.workspaceId, t.createdAt),
  ],
);

export const ticketMessages = pgTable(
  'ticket_messages',
  {
    id: uuid('id').primaryKey(),
    workspaceId: workspaceColumn(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    authorKind: text('author_kind', { enum: ['customer', 'agent', 'system'] }).notNull(),
    authorUserId: uuid('author_user_id'),
    /** false: an internal note, never shown or sent to the customer. */
    public: boolean('public').notNull(),
    channel: text('channel').notNull(),
    bodyText: text('body_text').notNull(),
    /** Inbound email: the quoted thread and signature below what the sender wrote, kept out of body_text. */
    trimmedText: text('trimmed_text'),
    /** Sanitised before it is stored: no script or event handler reaches an agent's browser. */
    bodyHtml: text('body_html'),
    fromAddress: text('from_address'),
    emailMessageId: text('email_message_id'),
    inReplyTo: text('in_reply_to'),
    /** Outbound email: queued | sent | outbox (no SMTP_URL) | failed. */
    delivery: text('delivery'),
    /** A logged phone call: direction, duration, outcome. */
    call: jsonb('call').$type<import('./calls.ts').CallDetails>(),
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
  workspaceId: workspaceColumn(),
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
    workspaceId: workspaceColumn(),
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

/**
 * What the service report needs of each ticket, kept in the transaction of every
 * change (src/service/facts.ts): the dimensions it groups by, copied from the
 * ticket, and ticketFacts (metrics.ts) of its history in calendar and in
 * business milliseconds, and its SLA outcome per target (sla/state.ts
 * slaOutcomes), both computed with the SLA policy's calendar and targets named
 * by calendar_key. So the report reads this table alone.
 */
export const ticketFacts = pgTable(
  'ticket_facts',
  {
    ticketId: uuid('ticket_id')
      .primaryKey()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    workspaceId: workspaceColumn(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    channel: text('channel').notNull(),
    priority: text('priority').notNull(),
    teamId: uuid('team_id'),
    assigneeId: uuid('assignee_id'),
    tags: text('tags').array().notNull(),
    calendarKey: text('calendar_key').notNull(),
    solved: boolean('solved').notNull(),
    reopened: boolean('reopened').notNull(),
    oneTouch: boolean('one_touch').notNull(),
    firstResponseMs: doublePrecision('first_response_ms'),
    firstResponseBusinessMs: doublePrecision('first_response_business_ms'),
    /** One per next response, in order; the business array is the same responses in business time. */
    nextResponseMs: doublePrecision('next_response_ms').array().notNull(),
    nextResponseBusinessMs: doublePrecision('next_response_business_ms').array().notNull(),
    firstResolutionMs: doublePrecision('first_resolution_ms'),
    firstResolutionBusinessMs: doublePrecision('first_resolution_business_ms'),
    fullResolutionMs: doublePrecision('full_resolution_ms'),
    fullResolutionBusinessMs: doublePrecision('full_resolution_business_ms'),
    /** Per SLA target: met, breached, or running (null: the target never applied); a running clock breaches once its due time passes (null: paused). */
    firstResponseSla: text('first_response_sla', { enum: SLA_STATES }),
    firstResponseSlaDueAt: timestamp('first_response_sla_due_at', { withTimezone: true }),
    nextResponseSla: text('next_response_sla', { enum: SLA_STATES }),
    nextResponseSlaDueAt: timestamp('next_response_sla_due_at', { withTimezone: true }),
    resolutionSla: text('resolution_sla', { enum: SLA_STATES }),
    resolutionSlaDueAt: timestamp('resolution_sla_due_at', { withTimezone: true }),
  },
  // With the calendar key, counting a period's current facts (report.ts, before each report) is an index-only scan.
  (t) => [index('ticket_facts_workspace_key_created_idx').on(t.workspaceId, t.calendarKey, t.createdAt)],
);

/** A workspace's SLA policy (calendar, targets per priority); absent means the default one. */
export const slaPolicies = pgTable('sla_policies', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  policy: jsonb('policy').$type<import('./sla/policy.ts').SlaPolicy>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
});

/** Teams own tickets; their routing decides who of the members gets the next one. */
export const teams = pgTable(
  'teams',
  {
    id: uuid('id').primaryKey(),
    workspaceId: workspaceColumn(),
    name: text('name').notNull(),
    routing: text('routing', { enum: ['manual', 'round-robin', 'load'] }).notNull().default('round-robin'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [uniqueIndex('teams_workspace_name_key').on(t.workspaceId, t.name)],
);

export const teamMembers = pgTable(
  'team_members',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    workspaceId: workspaceColumn(),
    /** Round-robin's cursor: the member assigned longest ago goes next. */
    lastAssignedAt: timestamp('last_assigned_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] })],
);

/** An agent's availability and capacity (open tickets at once) for routing and live chat. */
export const agentStatus = pgTable(
  'agent_status',
  {
    workspaceId: workspaceColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    availability: text('availability', { enum: ['online', 'away', 'offline'] }).notNull().default('offline'),
    capacity: integer('capacity').notNull().default(10),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })],
);

/** A macro: a canned reply and/or ticket changes an agent applies in one click. */
export const macros = pgTable(
  'macros',
  {
    id: uuid('id').primaryKey(),
    workspaceId: workspaceColumn(),
    name: text('name').notNull(),
    reply: text('reply'),
    replyPublic: boolean('reply_public').notNull().default(true),
    actions: jsonb('actions').$type<import('./automation/rules.ts').Action[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [uniqueIndex('macros_workspace_name_key').on(t.workspaceId, t.name)],
);

/** When a ticket event matches the conditions, do the actions. */
export const automations = pgTable(
  'automations',
  {
    id: uuid('id').primaryKey(),
    workspaceId: workspaceColumn(),
    name: text('name').notNull(),
    trigger: text('trigger', { enum: ['ticket.created', 'ticket.updated', 'message.created'] }).notNull(),
    conditions: jsonb('conditions').$type<import('./automation/rules.ts').Condition[]>().notNull().default([]),
    actions: jsonb('actions').$type<import('./automation/rules.ts').Action[]>().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    position: integer('position').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('automations_workspace_idx').on(t.workspaceId, t.trigger, t.position)],
);

/** Service recovery: what was done to make it right, and what it cost. */
export const ticketRecoveries = pgTable(
  'ticket_recoveries',
  {
    id: uuid('id').primaryKey(),
    workspaceId: workspaceColumn(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['replacement', 'refund', 'discount', 'credit', 'apology', 'other'] }).notNull(),
    /** In the currency's minor unit (cents), so sums are exact. */
    costMinor: integer('cost_minor').notNull().default(0),
    currency: text('currency').notNull(),
    note: text('note'),
    createdBy: uuid('created_by'),
    at: timestamp('at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('ticket_recoveries_workspace_idx').on(t.workspaceId, t.at), index('ticket_recoveries_ticket_idx').on(t.ticketId)],
);

/** A live-chat conversation from the website widget: the visitor's token (hashed) opens it again. */
export const chatConversations = pgTable('chat_conversations', {
  ticketId: uuid('ticket_id')
    .primaryKey()
    .references(() => tickets.id, { onDelete: 'cascade' }),
  workspaceId: workspaceColumn(),
  tokenHash: text('token_hash').notNull().unique(),
  visitorId: text('visitor_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().default(sql`now()`),
});
