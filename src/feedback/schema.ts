import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { workspaceColumn } from '../workspaces/schema.ts';
import type { AnswerValue, Question } from './questions.ts';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true });

export interface SurveyTrigger {
  /**
   * `event`: a journey event of this name; `ticket_solved`: a ticket is solved; `periodic`: every customer, every `everyDays` (relationship NPS);
   * `page`: the website widget, on a page whose path starts with `pathPrefix`, `delaySeconds` after it opened.
   */
  type: 'event' | 'ticket_solved' | 'periodic' | 'page';
  event?: string;
  /** Send this long after the trigger (CSAT after a solved ticket: 24 h by default). */
  delayMinutes?: number;
  everyDays?: number;
  pathPrefix?: string;
  delaySeconds?: number;
}

export const surveys = pgTable(
  'surveys',
  {
    id: uuid('id').primaryKey(),
    workspaceId: workspaceColumn(),
    name: text('name').notNull(),
    /** Where the answers sit on the journey (a survey after delivery belongs to "Delivery"). */
    touchpointId: uuid('touchpoint_id'),
    status: text('status', { enum: ['active', 'paused'] }).notNull().default('active'),
    /** The first is the default. */
    languages: text('languages').array().notNull().default(sql`'{en}'::text[]`),
    title: jsonb('title').$type<string | Record<string, string>>(),
    questions: jsonb('questions').$type<Question[]>().notNull(),
    triggers: jsonb('triggers').$type<SurveyTrigger[]>().notNull().default([]),
    samplePercent: smallint('sample_percent').notNull().default(100),
    /** No customer is asked again (by any survey) within this many days. */
    recontactDays: integer('recontact_days').notNull().default(30),
    /** No email between these local hours of the customer's (or the workspace's) time zone; null = none. */
    quietStartHour: smallint('quiet_start_hour'),
    quietEndHour: smallint('quiet_end_hour'),
    /** Only this segment's customers are invited (the rest are skipped with the reason); null = everyone. No foreign key: a deleted segment leaves the survey asking nobody, not everybody. */
    segmentId: uuid('segment_id'),
    createdAt: timestamptz('created_at').notNull().default(sql`now()`),
    updatedAt: timestamptz('updated_at').notNull().default(sql`now()`),
  },
  (t) => [index('surveys_workspace_idx').on(t.workspaceId)],
);

/** One invitation of one customer to one survey, and how far it got. */
export const surveySends = pgTable(
  'survey_sends',
  {
    id: uuid('id').primaryKey(),
    workspaceId: workspaceColumn(),
    surveyId: uuid('survey_id')
      .notNull()
      .references(() => surveys.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id').notNull(),
    /** `widget`: the survey was shown on the website (a display is a send: the recontact rule and the funnel count it). */
    channel: text('channel', { enum: ['email', 'widget'] }).notNull().default('email'),
    trigger: text('trigger').notNull(),
    ticketId: uuid('ticket_id'),
    touchpointId: uuid('touchpoint_id'),
    language: text('language').notNull(),
    status: text('status', { enum: ['scheduled', 'sent', 'outbox', 'failed', 'skipped'] }).notNull().default('scheduled'),
    /** Why a send was skipped (asked recently, no email). */
    note: text('note'),
    scheduledFor: timestamptz('scheduled_for').notNull(),
    emailMessageId: text('email_message_id'),
    sentAt: timestamptz('sent_at'),
    openedAt: timestamptz('opened_at'),
    /** The one-click score was used: the link's token answers once. */
    answeredAt: timestamptz('answered_at'),
    createdAt: timestamptz('created_at').notNull().default(sql`now()`),
  },
  (t) => [index('survey_sends_customer_idx').on(t.workspaceId, t.customerId, t.scheduledFor), index('survey_sends_survey_idx').on(t.workspaceId, t.surveyId, t.scheduledFor)],
);

export const surveyResponses = pgTable(
  'survey_responses',
  {
    id: uuid('id').primaryKey(),
    workspaceId: workspaceColumn(),
    surveyId: uuid('survey_id')
      .notNull()
      .references(() => surveys.id, { onDelete: 'cascade' }),
    sendId: uuid('send_id'),
    customerId: uuid('customer_id'),
    touchpointId: uuid('touchpoint_id'),
    ticketId: uuid('ticket_id'),
    channel: text('channel', { enum: ['email', 'link', 'kiosk', 'web', 'widget', 'api'] }).notNull(),
    language: text('language').notNull(),
    answers: jsonb('answers').$type<Record<string, AnswerValue>>().notNull().default({}),
    startedAt: timestamptz('started_at').notNull(),
    /** When it was answered (the last answer, or `submittedAt` of an import). */
    submittedAt: timestamptz('submitted_at').notNull(),
    completedAt: timestamptz('completed_at'),
    /** The closed loop looked at this response (once). */
    loopCheckedAt: timestamptz('loop_checked_at'),
    followUpTicketId: uuid('follow_up_ticket_id'),
  },
  (t) => [
    uniqueIndex('survey_responses_send_idx').on(t.sendId),
    index('survey_responses_follow_up_idx').on(t.workspaceId, t.submittedAt).where(sql`follow_up_ticket_id is not null`),
    index('survey_responses_survey_idx').on(t.workspaceId, t.surveyId, t.submittedAt),
    index('survey_responses_customer_idx').on(t.workspaceId, t.customerId),
  ],
);

/**
 * Each scored answer as a row, with what the reports group by, so that NPS by month
 * and touchpoint over a million responses is one indexed aggregate.
 */
export const surveyScores = pgTable(
  'survey_scores',
  {
    responseId: uuid('response_id')
      .notNull()
      .references(() => surveyResponses.id, { onDelete: 'cascade' }),
    questionId: text('question_id').notNull(),
    workspaceId: workspaceColumn(),
    surveyId: uuid('survey_id').notNull(),
    touchpointId: uuid('touchpoint_id'),
    channel: text('channel').notNull(),
    kind: text('kind', { enum: ['nps', 'csat', 'ces', 'rating'] }).notNull(),
    scale: smallint('scale').notNull(),
    value: smallint('value').notNull(),
    /** CSAT top box, CES agreeing (see questions.ts); null for NPS and ratings. */
    favourable: boolean('favourable'),
    at: timestamptz('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.responseId, t.questionId] }), index('survey_scores_survey_idx').on(t.workspaceId, t.surveyId, t.at)],
);

/**
 * The scores counted per UTC day and what the report groups by, kept in the
 * transaction of every answer: a report over a million answers reads a few
 * thousand rows instead of a million.
 */
export const surveyScoreDays = pgTable(
  'survey_score_days',
  {
    workspaceId: workspaceColumn(),
    day: date('day').notNull(),
    surveyId: uuid('survey_id').notNull(),
    touchpointId: uuid('touchpoint_id'),
    channel: text('channel').notNull(),
    kind: text('kind', { enum: ['nps', 'csat', 'ces', 'rating'] }).notNull(),
    scale: smallint('scale').notNull(),
    n: integer('n').notNull(),
    promoters: integer('promoters').notNull(),
    passives: integer('passives').notNull(),
    detractors: integer('detractors').notNull(),
    favourable: integer('favourable').notNull(),
    sum: integer('sum').notNull(),
  },
  (t) => [unique('survey_score_days_key').on(t.workspaceId, t.day, t.surveyId, t.touchpointId, t.channel, t.kind, t.scale).nullsNotDistinct()],
);

/**
 * A survey's public page (its link or its kiosk) per UTC day: how often it was
 * opened, and how many responses were started and completed there. These channels
 * have no invitation, so the page view is their funnel's first stage. Counters,
 * not rows: a view is one upsert, and the pages know no visitor to tell repeat
 * views apart (a kiosk starting over after an answer is a new view, as it should be).
 */
export const surveyPageDays = pgTable(
  'survey_page_days',
  {
    workspaceId: workspaceColumn(),
    surveyId: uuid('survey_id')
      .notNull()
      .references(() => surveys.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: ['link', 'kiosk'] }).notNull(),
    day: date('day').notNull(),
    views: integer('views').notNull().default(0),
    started: integer('started').notNull().default(0),
    completed: integer('completed').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.surveyId, t.channel, t.day] })],
);

export interface LoopCondition {
  /** `review`: an online review's stars on a 5-point scale. */
  kind: 'nps' | 'csat' | 'ces' | 'rating' | 'review';
  /** Matches scores from min to max (both included). */
  min?: number;
  max?: number;
  /** Or any of these words in a text answer (case-insensitive). */
  words?: string[];
}

export interface LoopAction {
  type: 'ticket';
  teamId: string | null;
  priority: 'low' | 'normal' | 'high' | 'urgent';
}

/** The closed loop: when a response matches, a follow-up ticket for a team. */
export const feedbackRules = pgTable(
  'feedback_rules',
  {
    id: uuid('id').primaryKey(),
    workspaceId: workspaceColumn(),
    name: text('name').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** Only this survey's responses; null: every survey's. */
    surveyId: uuid('survey_id'),
    condition: jsonb('condition').$type<LoopCondition>().notNull(),
    action: jsonb('action').$type<LoopAction>().notNull(),
    position: integer('position').notNull().default(0),
    createdAt: timestamptz('created_at').notNull().default(sql`now()`),
  },
  (t) => [index('feedback_rules_workspace_idx').on(t.workspaceId)],
);

/** Online reviews and social posts about the business, imported from their platforms. */
export const reviews = pgTable(
  'reviews',
  {
    id: uuid('id').primaryKey(),
    workspaceId: workspaceColumn(),
    kind: text('kind', { enum: ['review', 'social'] }).notNull(),
    /** Where it was posted: google, trustpilot, app-store, x, instagram… (lower case). */
    source: text('source').notNull(),
    /** The platform's id, or one derived from the content: an import run twice stores it once. */
    externalId: text('external_id').notNull(),
    /** Stars on `scale` (1…scale); null for a post without a rating. */
    rating: smallint('rating'),
    scale: smallint('scale').notNull().default(5),
    title: text('title'),
    body: text('body'),
    author: text('author'),
    url: text('url'),
    postedAt: timestamptz('posted_at').notNull(),
    customerId: uuid('customer_id'),
    followUpTicketId: uuid('follow_up_ticket_id'),
    createdAt: timestamptz('created_at').notNull().default(sql`now()`),
  },
  (t) => [uniqueIndex('reviews_external_idx').on(t.workspaceId, t.source, t.externalId), index('reviews_posted_idx').on(t.workspaceId, t.postedAt)],
);
