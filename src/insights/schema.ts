import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, real, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { workspaceColumn } from '../workspaces/schema.ts';

/**
 * How the customer felt in one text (a ticket message now; survey comments and
 * reviews later), computed by a background job on arrival. The text itself stays
 * with its domain; this keeps the reading and where the text sits in the journey.
 */
export const textSentiments = pgTable(
  'text_sentiments',
  {
    workspaceId: workspaceColumn(),
    /** The record the text belongs to, as on its journey entry (ticket_message, …). */
    refType: text('ref_type').notNull(),
    refId: text('ref_id').notNull(),
    customerId: uuid('customer_id'),
    touchpointId: uuid('touchpoint_id'),
    /** Where the text came from: the ticket's channel, a survey, a review site. */
    source: text('source').notNull(),
    sentiment: text('sentiment', { enum: ['negative', 'neutral', 'positive'] }).notNull(),
    /** P(positive) - P(negative), in [-1, 1]. */
    score: real('score').notNull(),
    confidence: real('confidence').notNull(),
    flags: text('flags').array().notNull().default(sql`'{}'::text[]`),
    /** When the text was written. */
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.refType, t.refId] }), index('text_sentiments_workspace_at_idx').on(t.workspaceId, t.at)],
);

const timestamptz = (name: string) => timestamp(name, { withTimezone: true });

/**
 * One computation of a workspace's themes over [from, to): the daily run of the
 * last 30 days (`rolling`), or a period someone asked for. GET reads the stored
 * result; a workspace keeps its last few runs.
 */
export const themeRuns = pgTable(
  'theme_runs',
  {
    id: uuid('id').primaryKey(),
    workspaceId: workspaceColumn(),
    from: timestamptz('from').notNull(),
    to: timestamptz('to').notNull(),
    rolling: boolean('rolling').notNull(),
    /** Customer texts of the period, and those in no theme. */
    texts: integer('texts').notNull(),
    other: integer('other').notNull(),
    /** Clusters before small ones were folded, and the silhouette of each k tried. */
    k: integer('k').notNull(),
    tried: jsonb('tried').$type<{ k: number; silhouette: number }[]>().notNull(),
    seconds: real('seconds').notNull(),
    computedAt: timestamptz('computed_at').notNull(),
  },
  (t) => [index('theme_runs_workspace_idx').on(t.workspaceId, t.computedAt)],
);

/** A theme of a run: what its texts have in common, in figures and a few references (the texts stay with their domains). */
export const themes = pgTable(
  'themes',
  {
    id: uuid('id').primaryKey(),
    workspaceId: workspaceColumn(),
    runId: uuid('run_id')
      .notNull()
      .references(() => themeRuns.id, { onDelete: 'cascade' }),
    /** 1 = the largest. */
    rank: smallint('rank').notNull(),
    name: text('name').notNull(),
    terms: text('terms').array().notNull(),
    volume: integer('volume').notNull(),
    previousVolume: integer('previous_volume').notNull(),
    meanSentiment: real('mean_sentiment').notNull(),
    series: jsonb('series').$type<{ bucket: 'day' | 'week'; start: string; counts: number[] }>().notNull(),
    /** The spike test: last 7 days against the 4 weeks before. */
    lastWeek: integer('last_week').notNull(),
    fourWeeksBefore: integer('four_weeks_before').notNull(),
    spikePValue: real('spike_p_value').notNull(),
    spiked: boolean('spiked').notNull(),
    /** The texts closest to the theme's centre, as refs (ticket_message, survey_response, review). */
    quotes: jsonb('quotes').$type<{ type: string; id: string }[]>().notNull(),
    customerCount: integer('customer_count').notNull(),
    /** The customers with most texts in the theme, a few. */
    customerIds: uuid('customer_ids').array().notNull(),
    touchpoints: jsonb('touchpoints').$type<{ touchpointId: string; count: number }[]>().notNull(),
    sources: jsonb('sources').$type<{ source: string; count: number }[]>().notNull(),
  },
  (t) => [index('themes_run_idx').on(t.runId, t.rank)],
);

/**
 * Which texts a theme holds, for the latest run only (earlier runs' go when a run
 * is saved): what asks "was this customer's comment about a theme?" reads.
 */
export const themeTexts = pgTable(
  'theme_texts',
  {
    workspaceId: workspaceColumn(),
    runId: uuid('run_id')
      .notNull()
      .references(() => themeRuns.id, { onDelete: 'cascade' }),
    themeId: uuid('theme_id')
      .notNull()
      .references(() => themes.id, { onDelete: 'cascade' }),
    refType: text('ref_type').notNull(),
    refId: text('ref_id').notNull(),
    customerId: uuid('customer_id'),
    at: timestamptz('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.refType, t.refId] }), index('theme_texts_customer_idx').on(t.workspaceId, t.customerId)],
);

/**
 * A spike in progress: opened (and announced by the `theme.spiked` webhook) when a
 * rolling run first flags a theme, carried by the next runs while they flag a
 * theme of the same terms, ended when one does not.
 */
export const themeSpikes = pgTable(
  'theme_spikes',
  {
    id: uuid('id').primaryKey(),
    workspaceId: workspaceColumn(),
    name: text('name').notNull(),
    terms: text('terms').array().notNull(),
    startedAt: timestamptz('started_at').notNull(),
    lastSeenAt: timestamptz('last_seen_at').notNull(),
    endedAt: timestamptz('ended_at'),
  },
  (t) => [index('theme_spikes_open_idx').on(t.workspaceId).where(sql`ended_at is null`)],
);
