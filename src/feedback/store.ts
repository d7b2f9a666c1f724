import crypto from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/client.ts';
import { queryRows } from '../platform/db/query.ts';
import { feedbackRules, reviews, surveyResponses, surveyScores, surveySends, surveys, type SurveyTrigger } from './schema.ts';
import { isFavourable, isScoreQuestion, type Question } from './questions.ts';

export type Survey = typeof surveys.$inferSelect;
export type NewSurvey = typeof surveys.$inferInsert;
export type SurveySend = typeof surveySends.$inferSelect;
export type SurveyResponse = typeof surveyResponses.$inferSelect;
export type FeedbackRule = typeof feedbackRules.$inferSelect;

export async function insertSurvey(db: Db, row: Omit<NewSurvey, 'id'>): Promise<Survey> {
  const [saved] = await db.insert(surveys).values({ id: crypto.randomUUID(), ...row }).returning();
  return saved!;
}

export async function getSurvey(db: Db, workspaceId: string, id: string): Promise<Survey | undefined> {
  const [row] = await db.select().from(surveys).where(and(eq(surveys.workspaceId, workspaceId), eq(surveys.id, id)));
  return row;
}

/** A survey by id alone: for its public link and kiosk, where the id is what the customer has. */
export async function findSurvey(db: Db, id: string): Promise<Survey | undefined> {
  const [row] = await db.select().from(surveys).where(eq(surveys.id, id));
  return row;
}

export const listSurveys = (db: Db, workspaceId: string) => db.select().from(surveys).where(eq(surveys.workspaceId, workspaceId)).orderBy(asc(surveys.createdAt));

export async function updateSurvey(db: Db, workspaceId: string, id: string, patch: Partial<NewSurvey>): Promise<Survey | undefined> {
  const [row] = await db
    .update(surveys)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(surveys.workspaceId, workspaceId), eq(surveys.id, id)))
    .returning();
  return row;
}

/** Active surveys with a trigger of this type (and event name). */
export async function surveysTriggeredBy(db: Db, workspaceId: string, type: SurveyTrigger['type'], event?: string): Promise<Survey[]> {
  const match = JSON.stringify([event === undefined ? { type } : { type, event }]);
  return db
    .select()
    .from(surveys)
    .where(and(eq(surveys.workspaceId, workspaceId), eq(surveys.status, 'active'), sql`${surveys.triggers} @> ${match}::jsonb`));
}

/** Which questions already have answers: their type and scale may no longer change. */
export async function answeredQuestionIds(db: Db, surveyId: string): Promise<Set<string>> {
  const rows = await queryRows<{ id: string }>(db, sql`select distinct jsonb_object_keys(answers) as id from survey_responses where survey_id = ${surveyId}`);
  return new Set(rows.map((r) => r.id));
}

export async function insertSend(db: Db, row: Omit<typeof surveySends.$inferInsert, 'id'>): Promise<SurveySend> {
  const [saved] = await db.insert(surveySends).values({ id: crypto.randomUUID(), ...row }).returning();
  return saved!;
}

export async function getSend(db: Db, id: string, forUpdate = false): Promise<SurveySend | undefined> {
  const query = db.select().from(surveySends).where(eq(surveySends.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** Marks an invitation answered if it was not yet: the one statement that makes a link answer once. */
export async function claimSend(db: Db, id: string, at: Date): Promise<boolean> {
  return (await queryRows(db, sendClaim(id, at))).length > 0;
}

/** The claim as a query (returning the id when it claimed), also within a larger statement; `also`: a further condition. */
export const sendClaim = (id: string, at: Date, also?: SQL): SQL => sql`
  update survey_sends set answered_at = ${at.toISOString()}::timestamptz, opened_at = coalesce(opened_at, ${at.toISOString()}::timestamptz)
  where id = ${id}::uuid and answered_at is null ${also ? sql`and ${also}` : sql``}
  returning id`;

export async function updateSend(db: Db, id: string, patch: Partial<typeof surveySends.$inferInsert>): Promise<void> {
  await db.update(surveySends).set(patch).where(eq(surveySends.id, id));
}

/** The customer's latest invitation (sent or waiting) since a time: the recontact rule. */
export async function lastSendSince(db: Db, workspaceId: string, customerId: string, since: Date): Promise<SurveySend | undefined> {
  const [row] = await db
    .select()
    .from(surveySends)
    .where(and(eq(surveySends.workspaceId, workspaceId), eq(surveySends.customerId, customerId), gte(surveySends.scheduledFor, since), sql`${surveySends.status} in ('scheduled', 'sent', 'outbox')`))
    .orderBy(desc(surveySends.scheduledFor))
    .limit(1);
  return row;
}

export const sendsOfSurvey = (db: Db, workspaceId: string, surveyId: string, limit = 200) =>
  db.select().from(surveySends).where(and(eq(surveySends.workspaceId, workspaceId), eq(surveySends.surveyId, surveyId))).orderBy(desc(surveySends.scheduledFor)).limit(limit);

export async function getResponse(db: Db, id: string, forUpdate = false): Promise<SurveyResponse | undefined> {
  const query = db.select().from(surveyResponses).where(eq(surveyResponses.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** The response an invitation or a widget display started, if any (one per send). */
export async function responseOfSend(db: Db, sendId: string, forUpdate = false): Promise<SurveyResponse | undefined> {
  const query = db.select().from(surveyResponses).where(eq(surveyResponses.sendId, sendId));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function updateResponse(db: Db, id: string, patch: Partial<typeof surveyResponses.$inferInsert>): Promise<SurveyResponse> {
  const [row] = await db.update(surveyResponses).set(patch).where(eq(surveyResponses.id, id)).returning();
  return row!;
}

type ScoreRow = typeof surveyScores.$inferInsert;

/**
 * The insert of a new response, as part of a larger statement (a `with`) that
 * writes its scores, journey entry and loop job too; `onlyIf` names a relation of
 * that statement without whose rows nothing is written.
 */
export const responseInsert = (r: SurveyResponse, onlyIf?: SQL): SQL => sql`
  insert into survey_responses (id, workspace_id, survey_id, send_id, customer_id, touchpoint_id, ticket_id, channel, language, answers, started_at, submitted_at, completed_at)
  select ${r.id}::uuid, ${r.workspaceId}::uuid, ${r.surveyId}::uuid, ${r.sendId}::uuid, ${r.customerId}::uuid, ${r.touchpointId}::uuid, ${r.ticketId}::uuid, ${r.channel},
         ${r.language}, ${JSON.stringify(r.answers)}::jsonb, ${r.startedAt.toISOString()}::timestamptz, ${r.submittedAt.toISOString()}::timestamptz,
         ${r.completedAt?.toISOString() ?? null}::timestamptz
  ${onlyIf ? sql`where exists (select 1 from ${onlyIf})` : sql``}
  returning id`;

/**
 * Writes a response's score rows from its answers (one per answered score question)
 * and adds them to the day counts, in one statement; `replace` first takes away the
 * rows of a response that has some (a score changed on the answer page).
 */
export async function writeScores(db: Db, response: SurveyResponse, questions: Question[], replace: boolean): Promise<void> {
  if (replace) {
    await db.execute(sql`
      with old as (delete from survey_scores where response_id = ${response.id} returning *)
      ${countIntoDays(sql`old`, -1)}`);
  }
  const rows = scoreRows(response, questions);
  if (rows.length > 0) await db.execute(sql`with ${scoreInserts(rows)} select 1`);
}

/** A response's score rows: one per answered score question. */
export function scoreRows(response: SurveyResponse, questions: Question[]): ScoreRow[] {
  return questions.flatMap((q) => {
    const value = response.answers[q.id];
    if (!isScoreQuestion(q) || typeof value !== 'number') return [];
    return [
      {
        responseId: response.id,
        questionId: q.id,
        workspaceId: response.workspaceId,
        surveyId: response.surveyId,
        touchpointId: response.touchpointId,
        channel: response.channel,
        kind: q.type,
        scale: q.type === 'nps' ? 11 : q.scale,
        value,
        favourable: isFavourable(q, value),
        at: response.submittedAt,
      },
    ];
  });
}

/**
 * The `with` parts (`scores`, `score_days`) that insert score rows (at least one)
 * and add them to the day counts; `onlyIf` as in responseInsert.
 */
export const scoreInserts = (rows: ScoreRow[], onlyIf?: SQL): SQL => sql`
  scores as (
    insert into survey_scores (response_id, question_id, workspace_id, survey_id, touchpoint_id, channel, kind, scale, value, favourable, at)
    select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x("responseId" uuid, "questionId" text, "workspaceId" uuid, "surveyId" uuid,
      "touchpointId" uuid, channel text, kind text, scale smallint, value smallint, favourable boolean, at timestamptz)
    ${onlyIf ? sql`where exists (select 1 from ${onlyIf})` : sql``}
    returning *),
  score_days as (${countIntoDays(sql`scores`, 1)})`;

/** Adds (sign 1) or takes away (sign −1) the score rows of `source` (a CTE of survey_scores rows) from the day counts. */
const countIntoDays = (source: SQL, sign: 1 | -1) => sql`
  insert into survey_score_days as d (workspace_id, day, survey_id, touchpoint_id, channel, kind, scale, n, promoters, passives, detractors, favourable, sum)
  select workspace_id, (at at time zone 'UTC')::date, survey_id, touchpoint_id, channel, kind, scale, ${sign} * count(*),
         ${sign} * count(*) filter (where kind = 'nps' and value >= 9), ${sign} * count(*) filter (where kind = 'nps' and value between 7 and 8),
         ${sign} * count(*) filter (where kind = 'nps' and value <= 6), ${sign} * count(*) filter (where favourable), ${sign} * sum(value)
  from ${source}
  group by 1, 2, 3, 4, 5, 6, 7
  on conflict (workspace_id, day, survey_id, touchpoint_id, channel, kind, scale) do update set
    n = d.n + excluded.n, promoters = d.promoters + excluded.promoters, passives = d.passives + excluded.passives,
    detractors = d.detractors + excluded.detractors, favourable = d.favourable + excluded.favourable, sum = d.sum + excluded.sum`;

/** Recounts a workspace's day counts from its score rows (after a bulk load that bypassed writeScores). */
export async function rebuildScoreDays(db: Db, workspaceId: string): Promise<void> {
  await db.execute(sql`delete from survey_score_days where workspace_id = ${workspaceId}`);
  await db.execute(sql`with rows as (select * from survey_scores where workspace_id = ${workspaceId}) ${countIntoDays(sql`rows`, 1)}`);
}

export interface ResponseFilter {
  surveyId?: string;
  customerId?: string;
  from?: Date;
  to?: Date;
}

export async function listResponses(db: Db, workspaceId: string, filter: ResponseFilter, limit: number, after?: { at: Date; id: string }): Promise<SurveyResponse[]> {
  const where: SQL[] = [eq(surveyResponses.workspaceId, workspaceId)];
  if (filter.surveyId) where.push(eq(surveyResponses.surveyId, filter.surveyId));
  if (filter.customerId) where.push(eq(surveyResponses.customerId, filter.customerId));
  if (filter.from) where.push(gte(surveyResponses.submittedAt, filter.from));
  if (filter.to) where.push(lt(surveyResponses.submittedAt, filter.to));
  if (after) where.push(sql`(${surveyResponses.submittedAt}, ${surveyResponses.id}) < (${after.at.toISOString()}, ${after.id})`);
  return db
    .select()
    .from(surveyResponses)
    .where(and(...where))
    .orderBy(desc(surveyResponses.submittedAt), desc(surveyResponses.id))
    .limit(limit);
}

/** Responses whose closed loop is still to be looked at (the job's catch-up after a restart). */
export const uncheckedResponses = (db: Db, before: Date, limit = 100) =>
  db
    .select({ id: surveyResponses.id, workspaceId: surveyResponses.workspaceId })
    .from(surveyResponses)
    .where(and(isNull(surveyResponses.loopCheckedAt), lt(surveyResponses.submittedAt, before)))
    .limit(limit);

export async function insertRule(db: Db, row: Omit<typeof feedbackRules.$inferInsert, 'id'>): Promise<FeedbackRule> {
  const [saved] = await db.insert(feedbackRules).values({ id: crypto.randomUUID(), ...row }).returning();
  return saved!;
}

export const listRules = (db: Db, workspaceId: string) =>
  db.select().from(feedbackRules).where(eq(feedbackRules.workspaceId, workspaceId)).orderBy(asc(feedbackRules.position), asc(feedbackRules.createdAt));

export async function updateRule(db: Db, workspaceId: string, id: string, patch: Partial<typeof feedbackRules.$inferInsert>): Promise<FeedbackRule | undefined> {
  // An empty change is no SQL update at all: the rule as it is.
  if (Object.keys(patch).length === 0) return (await listRules(db, workspaceId)).find((r) => r.id === id);
  const [row] = await db.update(feedbackRules).set(patch).where(and(eq(feedbackRules.workspaceId, workspaceId), eq(feedbackRules.id, id))).returning();
  return row;
}

export async function deleteRule(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const rows = await db.delete(feedbackRules).where(and(eq(feedbackRules.workspaceId, workspaceId), eq(feedbackRules.id, id))).returning({ id: feedbackRules.id });
  return rows.length > 0;
}

/** A merged-away customer's feedback follows them. */
export async function reassignFeedback(db: Db, workspaceId: string, fromId: string, intoId: string): Promise<void> {
  await db.update(surveyResponses).set({ customerId: intoId }).where(and(eq(surveyResponses.workspaceId, workspaceId), eq(surveyResponses.customerId, fromId)));
  await db.update(surveySends).set({ customerId: intoId }).where(and(eq(surveySends.workspaceId, workspaceId), eq(surveySends.customerId, fromId)));
  await db.update(reviews).set({ customerId: intoId }).where(and(eq(reviews.workspaceId, workspaceId), eq(reviews.customerId, fromId)));
}

/** The customer's latest score of each kind (the agent's sidebar: "last feedback"). */
export async function latestScores(db: Db, workspaceId: string, customerId: string): Promise<{ kind: string; value: number; scale: number; at: Date; surveyId: string }[]> {
  const rows = await queryRows<{ kind: string; value: number; scale: number; at: string | Date; survey_id: string }>(
    db,
    sql`select distinct on (s.kind) s.kind, s.value, s.scale, s.at, s.survey_id
        from survey_scores s join survey_responses r on r.id = s.response_id
        where r.workspace_id = ${workspaceId} and r.customer_id = ${customerId}
        order by s.kind, s.at desc`,
  );
  return rows.map((r) => ({ kind: r.kind, value: r.value, scale: r.scale, at: new Date(r.at), surveyId: r.survey_id }));
}

export interface ScoreAggregate {
  key: string | null;
  /** The key in the second grouping, if any. */
  subKey: string | null;
  kind: 'nps' | 'csat' | 'ces' | 'rating';
  n: number;
  promoters: number;
  passives: number;
  detractors: number;
  favourable: number;
  sum: number;
  /** The scales the answers used (a mean is only meaningful on one). */
  minScale: number;
  maxScale: number;
}

export type ScoreGrouping = 'none' | 'survey' | 'touchpoint' | 'channel' | 'week' | 'month' | 'segment';

/** Which customers are in which segment, for a report grouped by segment (the segments domain says). */
export type Memberships = { segmentId: string; customerIds: string[] }[];

/**
 * Scores answered in the UTC days of [from, to) (both end days counted whole), per
 * group and kind. Summed from the day counts; grouped by segment, counted from the
 * scores of the segments' members (a customer in two segments counts in both).
 */
export async function scoreAggregates(
  db: Db,
  workspaceId: string,
  q: { from: Date; to: Date; surveyId?: string; groupBy: ScoreGrouping; thenBy?: ScoreGrouping; memberships?: Memberships },
): Promise<ScoreAggregate[]> {
  const bySegment = q.groupBy === 'segment' || q.thenBy === 'segment';
  const day = bySegment ? sql`(s.at at time zone 'UTC')::date` : sql`day`;
  const column = (name: string) => sql.raw(bySegment ? `s.${name}` : name);
  const key: Record<ScoreGrouping, SQL> = {
    none: sql`null::text`,
    survey: sql`${column('survey_id')}::text`,
    touchpoint: sql`${column('touchpoint_id')}::text`,
    channel: column('channel'),
    week: sql`to_char(date_trunc('week', ${day}), 'YYYY-MM-DD')`,
    month: sql`to_char(${day}, 'YYYY-MM')`,
    segment: sql`m.segment_id::text`,
  };
  const lastDay = new Date(q.to.getTime() - 1).toISOString().slice(0, 10);
  const firstDay = q.from.toISOString().slice(0, 10);
  const pairs = (q.memberships ?? []).flatMap((m) => m.customerIds.map((c) => [m.segmentId, c] as const));
  const rows = await queryRows<Record<string, string | number | null>>(
    db,
    bySegment
      ? // Uuids only, so the array literals need no quoting: two array parameters, not a parameter per pair.
        sql`with m(segment_id, customer_id) as (select * from unnest(${`{${pairs.map((p) => p[0]).join(',')}}`}::uuid[], ${`{${pairs.map((p) => p[1]).join(',')}}`}::uuid[]))
          select ${key[q.groupBy]} as key, ${key[q.thenBy ?? 'none']} as sub_key, s.kind, count(*)::int as n,
            (count(*) filter (where s.kind = 'nps' and s.value >= 9))::int as promoters, (count(*) filter (where s.kind = 'nps' and s.value between 7 and 8))::int as passives,
            (count(*) filter (where s.kind = 'nps' and s.value <= 6))::int as detractors, (count(*) filter (where s.favourable))::int as favourable, sum(s.value)::int as sum,
            min(s.scale)::int as min_scale, max(s.scale)::int as max_scale
          from survey_scores s join survey_responses r on r.id = s.response_id join m on m.customer_id = r.customer_id
          where s.workspace_id = ${workspaceId} and ${day} >= ${firstDay}::date and ${day} <= ${lastDay}::date
            ${q.surveyId ? sql`and s.survey_id = ${q.surveyId}` : sql``}
          group by 1, 2, s.kind`
      : sql`select ${key[q.groupBy]} as key, ${key[q.thenBy ?? 'none']} as sub_key, kind, sum(n)::int as n, sum(promoters)::int as promoters, sum(passives)::int as passives,
          sum(detractors)::int as detractors, sum(favourable)::int as favourable, sum(sum)::int as sum,
          min(scale)::int as min_scale, max(scale)::int as max_scale
        from survey_score_days
        where workspace_id = ${workspaceId} and day >= ${firstDay}::date and day <= ${lastDay}::date and n > 0
          ${q.surveyId ? sql`and survey_id = ${q.surveyId}` : sql``}
        group by 1, 2, kind`,
  );
  return rows.map((r) => ({
    key: r.key === null ? null : String(r.key),
    subKey: r.sub_key === null ? null : String(r.sub_key),
    kind: r.kind as ScoreAggregate['kind'],
    n: Number(r.n),
    promoters: Number(r.promoters),
    passives: Number(r.passives),
    detractors: Number(r.detractors),
    favourable: Number(r.favourable),
    sum: Number(r.sum),
    minScale: Number(r.min_scale),
    maxScale: Number(r.max_scale),
  }));
}

export interface ScoredResponse {
  responseId: string;
  /** null: an anonymous answer (a kiosk, a public link without a customer). */
  customerId: string | null;
  at: Date;
  value: number;
  /** CSAT top box, CES agreeing that it was easy (the question's direction applied); null for NPS. */
  favourable: boolean | null;
}

/**
 * The scores of one kind answered in [from, to), one per response (a survey
 * asking twice counts its first question), oldest first: the drivers' outcomes.
 */
export async function scoredResponses(db: Db, workspaceId: string, q: { kind: ScoreAggregate['kind']; from: Date; to: Date; surveyId?: string }): Promise<ScoredResponse[]> {
  const rows = await queryRows<{ response_id: string; customer_id: string | null; at: string | Date; value: number; favourable: boolean | null }>(
    db,
    sql`select * from (
          select distinct on (s.response_id) s.response_id, r.customer_id, s.at, s.value, s.favourable
          from survey_scores s join survey_responses r on r.id = s.response_id
          where s.workspace_id = ${workspaceId} and s.kind = ${q.kind}
            and s.at >= ${q.from.toISOString()}::timestamptz and s.at < ${q.to.toISOString()}::timestamptz
            ${q.surveyId ? sql`and s.survey_id = ${q.surveyId}` : sql``}
          order by s.response_id, s.question_id) x
        order by at, response_id`,
  );
  return rows.map((r) => ({ responseId: r.response_id, customerId: r.customer_id, at: new Date(r.at), value: Number(r.value), favourable: r.favourable }));
}

/** How far the invitations scheduled in [from, to) got. */
export async function funnelCounts(db: Db, workspaceId: string, q: { from: Date; to: Date; surveyId?: string }) {
  const rows = await queryRows<{ sent: number; delivered: number; opened: number; started: number; completed: number }>(
    db,
    sql`select count(*) filter (where s.status in ('sent', 'failed'))::int as sent,
          count(*) filter (where s.status = 'sent')::int as delivered,
          count(*) filter (where s.opened_at is not null)::int as opened,
          count(*) filter (where s.answered_at is not null)::int as started,
          count(r.completed_at)::int as completed
        from survey_sends s left join survey_responses r on r.send_id = s.id
        where s.workspace_id = ${workspaceId} and s.scheduled_for >= ${q.from.toISOString()} and s.scheduled_for < ${q.to.toISOString()}
          ${q.surveyId ? sql`and s.survey_id = ${q.surveyId}` : sql``}`,
  );
  return rows[0]!;
}

export type PageChannel = 'link' | 'kiosk';

/**
 * Adds to a public page's day count (a view, or a response started and perhaps
 * completed there); also as part of a larger statement, where `onlyIf` names a
 * relation of it without whose rows nothing is counted.
 */
export const pageDayCount = (p: { workspaceId: string; surveyId: string; channel: PageChannel; at: Date }, n: { views?: number; started?: number; completed?: number }, onlyIf?: SQL): SQL => sql`
  insert into survey_page_days as d (workspace_id, survey_id, channel, day, views, started, completed)
  select ${p.workspaceId}::uuid, ${p.surveyId}::uuid, ${p.channel}, (${p.at.toISOString()}::timestamptz at time zone 'UTC')::date, ${n.views ?? 0}::int, ${n.started ?? 0}::int, ${n.completed ?? 0}::int
  ${onlyIf ? sql`where exists (select 1 from ${onlyIf})` : sql``}
  on conflict (workspace_id, survey_id, channel, day) do update set
    views = d.views + excluded.views, started = d.started + excluded.started, completed = d.completed + excluded.completed`;

export async function recordPageView(db: Db, survey: Survey, channel: PageChannel, at = new Date()): Promise<void> {
  await db.execute(pageDayCount({ workspaceId: survey.workspaceId, surveyId: survey.id, channel, at }, { views: 1 }));
}

/** How far visitors of the public pages got in the UTC days of [from, to) (both end days counted whole), per channel. */
export async function pageFunnelCounts(db: Db, workspaceId: string, q: { from: Date; to: Date; surveyId?: string }) {
  const rows = await queryRows<{ channel: PageChannel; opened: number; started: number; completed: number }>(
    db,
    sql`select c.channel, coalesce(sum(d.views), 0)::int as opened, coalesce(sum(d.started), 0)::int as started, coalesce(sum(d.completed), 0)::int as completed
        from (values ('link'), ('kiosk')) as c(channel)
        left join survey_page_days d on d.channel = c.channel and d.workspace_id = ${workspaceId}
          and d.day >= ${q.from.toISOString().slice(0, 10)}::date and d.day <= ${new Date(q.to.getTime() - 1).toISOString().slice(0, 10)}::date
          ${q.surveyId ? sql`and d.survey_id = ${q.surveyId}` : sql``}
        group by c.channel order by c.channel desc`,
  );
  return rows;
}

/** Follow-up tickets the loop opened for detractors (NPS 0–6) who answered in [from, to). */
export async function detractorFollowUps(db: Db, workspaceId: string, q: { from: Date; to: Date; surveyId?: string }): Promise<{ submittedAt: Date; followUpTicketId: string }[]> {
  const rows = await queryRows<{ at: string | Date; ticket: string }>(
    db,
    sql`select r.submitted_at as at, r.follow_up_ticket_id as ticket
        from survey_responses r
        where r.workspace_id = ${workspaceId} and r.follow_up_ticket_id is not null
          and r.submitted_at >= ${q.from.toISOString()} and r.submitted_at < ${q.to.toISOString()}
          ${q.surveyId ? sql`and r.survey_id = ${q.surveyId}` : sql``}
          and exists (select 1 from survey_scores s where s.response_id = r.id and s.kind = 'nps' and s.value <= 6)`,
  );
  return rows.map((r) => ({ submittedAt: new Date(r.at), followUpTicketId: r.ticket }));
}

export type Review = typeof reviews.$inferSelect;

/** A new review, or undefined when this source's review of this id is already stored. */
export async function insertReview(db: Db, row: Omit<typeof reviews.$inferInsert, 'id'>): Promise<Review | undefined> {
  const [saved] = await db
    .insert(reviews)
    .values({ id: crypto.randomUUID(), ...row })
    .onConflictDoNothing({ target: [reviews.workspaceId, reviews.source, reviews.externalId] })
    .returning();
  return saved;
}

/** Responses by id with their survey's questions (to read their comments). */
export async function responsesWithQuestions(db: Db, workspaceId: string, ids: string[]): Promise<{ id: string; answers: SurveyResponse['answers']; questions: Survey['questions'] }[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: surveyResponses.id, answers: surveyResponses.answers, questions: surveys.questions })
    .from(surveyResponses)
    .innerJoin(surveys, eq(surveys.id, surveyResponses.surveyId))
    .where(and(eq(surveyResponses.workspaceId, workspaceId), inArray(surveyResponses.id, ids)));
}

export async function reviewsByIds(db: Db, workspaceId: string, ids: string[]): Promise<Review[]> {
  if (ids.length === 0) return [];
  return db.select().from(reviews).where(and(eq(reviews.workspaceId, workspaceId), inArray(reviews.id, ids)));
}

export async function updateReview(db: Db, id: string, patch: Partial<typeof reviews.$inferInsert>): Promise<void> {
  await db.update(reviews).set(patch).where(eq(reviews.id, id));
}

export async function listReviews(db: Db, workspaceId: string, q: { source?: string; from?: Date; to?: Date }, limit: number, after?: { at: Date; id: string }): Promise<Review[]> {
  const where: SQL[] = [eq(reviews.workspaceId, workspaceId)];
  if (q.source) where.push(eq(reviews.source, q.source));
  if (q.from) where.push(gte(reviews.postedAt, q.from));
  if (q.to) where.push(lt(reviews.postedAt, q.to));
  if (after) where.push(sql`(${reviews.postedAt}, ${reviews.id}) < (${after.at.toISOString()}, ${after.id})`);
  return db.select().from(reviews).where(and(...where)).orderBy(desc(reviews.postedAt), desc(reviews.id)).limit(limit);
}

export interface ReviewAggregate {
  source: string;
  kind: string;
  n: number;
  rated: number;
  /** Mean stars on a 5-point scale (each review's rating rescaled to 1–5). */
  meanStars: number | null;
  positive: number;
  negative: number;
}

/** Reviews and posts of [from, to) per source: how many, mean stars on 5, 4–5 stars and 1–2 stars. */
export async function reviewAggregates(db: Db, workspaceId: string, from: Date, to: Date): Promise<ReviewAggregate[]> {
  const stars = sql`(1 + (rating - 1) * 4.0 / (scale - 1))`;
  const rows = await queryRows<{ source: string; kind: string; n: number; rated: number; mean: number | null; positive: number; negative: number }>(
    db,
    sql`select source, kind, count(*)::int as n, count(rating)::int as rated, round(avg(${stars}), 2)::float8 as mean,
          count(*) filter (where ${stars} >= 4)::int as positive, count(*) filter (where ${stars} <= 2)::int as negative
        from reviews where workspace_id = ${workspaceId} and posted_at >= ${from.toISOString()} and posted_at < ${to.toISOString()}
        group by source, kind order by source, kind`,
  );
  return rows.map((r) => ({ source: r.source, kind: r.kind, n: r.n, rated: r.rated, meanStars: r.mean === null ? null : Number(r.mean), positive: r.positive, negative: r.negative }));
}

/**
 * Of these customers, those a periodic survey may ask now: not invited by this
 * survey within `everyDays` (skipped invitations included, so a draw outside the
 * sample waits for the next period), and not asked by any survey within the
 * recontact period.
 */
export async function dueForPeriodic(db: Db, survey: Survey, everyDays: number, customerIds: string[]): Promise<string[]> {
  if (customerIds.length === 0) return [];
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select c.id from unnest(${`{${customerIds.join(',')}}`}::uuid[]) as c(id)
        where not exists (select 1 from survey_sends s where s.workspace_id = ${survey.workspaceId} and s.customer_id = c.id and s.survey_id = ${survey.id}
                            and s.scheduled_for > now() - make_interval(days => ${everyDays}))
          and not exists (select 1 from survey_sends s where s.workspace_id = ${survey.workspaceId} and s.customer_id = c.id and s.status <> 'skipped'
                            and s.scheduled_for > now() - make_interval(days => ${survey.recontactDays}))`,
  );
  return rows.map((r) => r.id);
}

/**
 * Low scores since a time, per customer (what the need-for-help score reads):
 * NPS detractors (0-6), and CSAT or ratings in the bottom half of their scale.
 */
export async function lowScoresSince(db: Db, workspaceId: string, since: Date): Promise<{ customerId: string; at: Date }[]> {
  const rows = await queryRows<{ customer_id: string; at: string | Date }>(
    db,
    sql`select r.customer_id, s.at
        from survey_scores s join survey_responses r on r.id = s.response_id
        where s.workspace_id = ${workspaceId} and s.at >= ${since.toISOString()}::timestamptz and r.customer_id is not null
          and ((s.kind = 'nps' and s.value <= 6) or (s.kind in ('csat', 'rating') and s.value * 2 <= s.scale))`,
  );
  return rows.map((r) => ({ customerId: r.customer_id, at: new Date(r.at) }));
}
