import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/client.ts';
import { queryRows } from '../platform/db/query.ts';
import { AppError } from '../platform/http/errors.ts';
import { isScoreQuestion } from './questions.ts';
import { newResponse, responseWrites } from './responses.ts';
import { surveys } from './schema.ts';
import { sendClaim, type Survey } from './store.ts';

// A score clicked in an invitation email, in two round trips: one read (the
// invitation and its survey's version), then one statement that claims the
// invitation and writes the response, its scores, journey entry and loop job, all
// or nothing. The survey's questions come from a cache whose version the statement
// checks, so a survey edited meanwhile (by any server) is never answered with its
// old questions: the claim fails and the click looks again.

export type ClickOutcome = { recorded: string } | { refused: 'used' | 'unknown' };

/** A survey's version: its last change, to the microsecond, as text (a Date would lose the microseconds). */
const versionOf = (updatedAt: SQL | typeof surveys.updatedAt) => sql<string>`(extract(epoch from ${updatedAt}) * 1000000)::bigint::text`;
const VERSION = versionOf(sql`v.updated_at`);

/** Surveys by id with their version; few surveys are answered at once, so a small bound is enough. */
const cache = new Map<string, { version: string; survey: Survey }>();
const CACHE_SIZE = 500;

async function surveyAt(db: Db, id: string, version: string): Promise<Survey | undefined> {
  const hit = cache.get(id);
  if (hit?.version === version) return hit.survey;
  const [row] = await db.select({ survey: surveys, version: versionOf(surveys.updatedAt) }).from(surveys).where(eq(surveys.id, id));
  if (!row) return undefined;
  if (cache.size >= CACHE_SIZE) cache.clear();
  cache.set(id, row);
  return row.survey;
}

/** Records the click of `score` (none: the link without a score) on an invitation; 400 for a score the survey does not have. */
export async function recordClick(db: Db, sendId: string, score: string | undefined, now = new Date()): Promise<ClickOutcome> {
  // A failed claim means another click came first or the survey changed, which the next read shows.
  for (let attempt = 0; attempt < 3; attempt++) {
    const [send] = await queryRows<{ workspace_id: string; survey_id: string; customer_id: string; ticket_id: string | null; language: string; answered: boolean; version: string }>(
      db,
      sql`select s.workspace_id, s.survey_id, s.customer_id, s.ticket_id, s.language, s.answered_at is not null as answered, ${VERSION} as version
          from survey_sends s join surveys v on v.id = s.survey_id and v.workspace_id = s.workspace_id
          where s.id = ${sendId}::uuid`,
    );
    if (!send) return { refused: 'unknown' };
    if (send.answered) return { refused: 'used' };
    const survey = await surveyAt(db, send.survey_id, send.version);
    if (!survey) return { refused: 'unknown' };
    const first = survey.questions[0]!;
    const answers: Record<string, unknown> = {};
    if (score !== undefined) {
      if (!isScoreQuestion(first) || !/^\d{1,2}$/.test(score)) throw new AppError(400, 'invalid_request', 'This score is not one of the survey’s.');
      answers[first.id] = Number(score);
    }
    const response = newResponse({ survey, channel: 'email', answers, complete: false, customerId: send.customer_id, sendId, ticketId: send.ticket_id, language: send.language, at: now });
    const sameVersion = sql`exists (select 1 from surveys v where v.id = ${survey.id}::uuid and ${VERSION} = ${send.version})`;
    const [written] = await queryRows<{ written: number }>(db, responseWrites(survey, response, sendClaim(sendId, now, sameVersion)));
    if (written!.written > 0) return { recorded: response.id };
  }
  throw new Error(`survey of invitation ${sendId} changed during three clicks in a row`);
}
