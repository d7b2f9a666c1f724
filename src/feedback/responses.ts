import crypto from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/client.ts';
import { badRequest } from '../platform/http/errors.ts';
import { jobInsert } from '../platform/jobs/queue.ts';
import { clipText } from '../platform/text.ts';
import { annotateJourneyEntry, journeyEntryInsert } from '../journeys/store.ts';
import { requestSentiment } from '../insights/sentiment-jobs.ts';
import { publishEvent } from '../webhooks/publish.ts';
import type { FeedbackDeps } from './invitations.ts';
import { presentResponse } from './presenters.ts';
import { checkAnswers, isScoreQuestion, type AnswerValue, type Question } from './questions.ts';
import { pageDayCount, responseInsert, scoreInserts, scoreRows, updateResponse, writeScores, type Survey, type SurveyResponse } from './store.ts';

// Recording answers: every way in (a click in an email, the answer page, a link or
// kiosk, an import) ends here, so scores, the journey and the closed loop agree.

export const LOOP_JOB = 'feedback.loop';
/** A started response that is not finished is looked at by the closed loop after this long. */
export const LOOP_GRACE_MS = 30 * 60_000;

export type ResponseChannel = SurveyResponse['channel'];

export interface NewResponse {
  survey: Survey;
  channel: ResponseChannel;
  answers: Record<string, unknown>;
  complete: boolean;
  customerId?: string | null;
  sendId?: string | null;
  ticketId?: string | null;
  language?: string;
  at?: Date;
}

function validAnswers(questions: Question[], answers: Record<string, unknown>): Record<string, AnswerValue> {
  const check = checkAnswers(questions, answers);
  if (!check.ok) throw badRequest(check.problems.join('; '));
  return check.answers;
}

/** Stores a new response (in the caller's transaction); 400 for answers the survey does not allow. */
export async function recordResponse(db: Db, deps: FeedbackDeps, input: NewResponse): Promise<SurveyResponse> {
  const response = newResponse(input);
  await db.execute(responseWrites(input.survey, response));
  await announce(db, deps, input.survey, response, response.answers);
  return response;
}

/** A new response's row, its answers checked (400 for answers the survey does not allow); not yet stored. */
export function newResponse(input: NewResponse): SurveyResponse {
  const { survey } = input;
  const at = input.at ?? new Date();
  return {
    id: crypto.randomUUID(),
    workspaceId: survey.workspaceId,
    surveyId: survey.id,
    sendId: input.sendId ?? null,
    customerId: input.customerId ?? null,
    touchpointId: survey.touchpointId,
    ticketId: input.ticketId ?? null,
    channel: input.channel,
    language: input.language ?? survey.languages[0] ?? 'en',
    answers: validAnswers(survey.questions, input.answers),
    startedAt: at,
    submittedAt: at,
    completedAt: input.complete ? at : null,
    loopCheckedAt: null,
    followUpTicketId: null,
  };
}

/**
 * Everything a new response writes, as one statement (one round trip, all or
 * nothing): the response, its score rows and day counts, its journey entry and its
 * closed-loop job. With `guard` (a query that claims something, such as a click's
 * invitation) nothing is written unless it returns a row; `written` says which.
 */
export function responseWrites(survey: Survey, response: SurveyResponse, guard?: SQL): SQL {
  const onlyIf = guard ? sql`guard` : undefined;
  const scores = scoreRows(response, survey.questions);
  const parts: SQL[] = [
    ...(guard ? [sql`guard as (${guard})`] : []),
    sql`response as (${responseInsert(response, onlyIf)})`,
    ...(scores.length > 0 ? [scoreInserts(scores, onlyIf)] : []),
    sql`loop_job as (${jobInsert(loopJob(survey, response), sql`response`)})`,
  ];
  if (response.channel === 'link' || response.channel === 'kiosk') {
    const page = { workspaceId: survey.workspaceId, surveyId: survey.id, channel: response.channel, at: response.submittedAt };
    parts.push(sql`page_day as (${pageDayCount(page, { started: 1, completed: response.completedAt ? 1 : 0 }, sql`response`)})`);
  }
  if (response.customerId) {
    const entry = {
      workspaceId: survey.workspaceId,
      customerId: response.customerId,
      kind: 'survey_response',
      name: describe(survey, response.answers),
      at: response.submittedAt,
      touchpointId: survey.touchpointId,
      properties: journeyDetails(survey, response),
      source: 'feedback',
      ref: { type: 'survey_response', id: response.id },
    };
    parts.push(sql`journey as (${journeyEntryInsert(entry, sql`response`)})`);
  }
  return sql`with ${sql.join(parts, sql`, `)} select count(*)::int as written from response`;
}

/** Adds answers to a started response (the answer page); `complete` finishes it. */
export async function addAnswers(db: Db, deps: FeedbackDeps, survey: Survey, response: SurveyResponse, answers: Record<string, unknown>, complete: boolean): Promise<SurveyResponse> {
  const added = validAnswers(survey.questions, answers);
  const at = new Date();
  const updated = await updateResponse(db, response.id, { answers: { ...response.answers, ...added }, submittedAt: at, completedAt: complete ? at : null });
  await writeScores(db, updated, survey.questions, true);
  await annotateJourneyEntry(db, survey.workspaceId, { type: 'survey_response', id: response.id }, journeyDetails(survey, updated));
  // A finished response moves its loop job to now.
  await deps.jobs.reschedule(loopJob(survey, updated), db);
  await announce(db, deps, survey, updated, added);
  return updated;
}

/**
 * The closed loop runs once per response: at once when it is complete, otherwise
 * after a grace period (the customer may still add a comment).
 */
const loopJob = (survey: Survey, response: SurveyResponse) => ({
  kind: LOOP_JOB,
  workspaceId: survey.workspaceId,
  payload: { responseId: response.id },
  runAt: response.completedAt ? new Date() : new Date(response.submittedAt.getTime() + LOOP_GRACE_MS),
  dedupeKey: `feedback-loop:${response.id}`,
});

/** A completed response is a webhook event; comments are read for sentiment like any customer text. */
async function announce(db: Db, deps: FeedbackDeps, survey: Survey, response: SurveyResponse, added: Record<string, AnswerValue>): Promise<void> {
  if (response.completedAt) await publishEvent(db, deps.jobs, survey.workspaceId, 'response.completed', responseEvent(survey, response));
  const comment = commentOf(survey, added);
  if (comment) {
    await requestSentiment(db, deps.jobs, { workspaceId: survey.workspaceId, ref: { type: 'survey_response', id: response.id }, customerId: response.customerId, source: 'survey', text: comment, at: response.submittedAt });
  }
}

/** The open-text answers, joined: what the customer said in words. */
export function commentOf(survey: Pick<Survey, 'questions'>, answers: Record<string, AnswerValue>): string {
  return survey.questions
    .filter((q) => q.type === 'text' && typeof answers[q.id] === 'string')
    .map((q) => String(answers[q.id]))
    .join('\n\n');
}

/** What a `response.completed` webhook carries: the response as the API shows it, and its survey's name. */
const responseEvent = (survey: Survey, r: SurveyResponse): Record<string, unknown> => ({ ...presentResponse(r), survey: { id: survey.id, name: survey.name } });

const KIND_LABEL: Record<string, string> = { nps: 'NPS', csat: 'CSAT', ces: 'CES', rating: 'Rating' };

/** "NPS 3 on Delivery survey": the first score answered, for the journey. */
export function describe(survey: Survey, answers: Record<string, AnswerValue>): string {
  const scored = survey.questions.find((q) => isScoreQuestion(q) && typeof answers[q.id] === 'number');
  return scored ? `${KIND_LABEL[scored.type]} ${answers[scored.id]} on ${survey.name}` : `Answered ${survey.name}`;
}

function journeyDetails(survey: Survey, response: SurveyResponse): Record<string, unknown> {
  const scores = Object.fromEntries(survey.questions.filter((q) => isScoreQuestion(q) && typeof response.answers[q.id] === 'number').map((q) => [q.type, response.answers[q.id]]));
  const comment = commentOf(survey, response.answers);
  return { survey: survey.name, surveyId: survey.id, channel: response.channel, ...scores, ...(comment ? { excerpt: clipText(comment, 280) } : {}), completed: Boolean(response.completedAt) };
}
