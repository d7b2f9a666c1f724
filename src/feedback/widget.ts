import type { Db } from '../platform/db/client.ts';
import { AppError, badRequest, conflict } from '../platform/http/errors.ts';
import { isUuid } from '../platform/http/ids.ts';
import { inSample } from '../platform/sampling.ts';
import { knownVisitor, visitorCustomer } from '../service/chat/visitor.ts';
import { lockCustomer, preferredLanguage, type FeedbackDeps } from './invitations.ts';
import { scaleEnds } from './pages.ts';
import { isScoreQuestion, scaleOf, textIn } from './questions.ts';
import { outsideAudience } from './audience.ts';
import { addAnswers, recordResponse } from './responses.ts';
import type { SurveyTrigger } from './schema.ts';
import { claimSend, getSend, getSurvey, insertSend, lastSendSince, responseOfSend, surveysTriggeredBy, type Survey, type SurveyResponse } from './store.ts';

// Surveys in the website widget: which survey, if any, a visitor is due on a page;
// its display, kept as a send of channel `widget` (so the recontact rule across
// surveys and the response funnel count it like an email); and the answers given in
// the card, the first score at once and the rest later, like the email's page.

export const DISPLAY_TOKEN = 'survey-display';
/** A card left open answers for a day. */
const DISPLAY_MS = 24 * 3_600_000;

export interface PageVisit {
  anonymousId: string;
  userId?: string;
  path: string;
  /** The browser's language (navigator.language). */
  language?: string;
}

/** The page trigger of a survey that matches a path (the longest prefix when several do). */
function pageTrigger(survey: Survey, path: string): SurveyTrigger | undefined {
  return survey.triggers
    .filter((t) => t.type === 'page' && path.startsWith(t.pathPrefix ?? '/'))
    .sort((a, b) => (b.pathPrefix ?? '').length - (a.pathPrefix ?? '').length)[0];
}

/**
 * Whether a survey may ask this visitor now: active, in the sample (the same draw for
 * the same visitor within a recontact period, so a reload does not roll again), and
 * not asked by any survey within the recontact period.
 */
async function mayAsk(db: Db, survey: Survey, visit: PageVisit, customerId: string | undefined, now: Date): Promise<boolean> {
  if (survey.status !== 'active') return false;
  // A survey for a segment asks only its members: an anonymous visitor is in none.
  if (survey.segmentId && (!customerId || (await outsideAudience(db, survey, customerId)) !== null)) return false;
  const periodMs = Math.max(1, survey.recontactDays) * 86_400_000;
  if (!inSample(survey.samplePercent, `${survey.id}:widget:${visit.userId ?? visit.anonymousId}:${Math.floor(now.getTime() / periodMs)}`)) return false;
  return !customerId || !(await lastSendSince(db, survey.workspaceId, customerId, new Date(now.getTime() - survey.recontactDays * 86_400_000)));
}

/** The survey to show this visitor on this page now, with its trigger; nothing is written. */
export async function dueSurvey(db: Db, workspaceId: string, visit: PageVisit, now = new Date()): Promise<{ survey: Survey; trigger: SurveyTrigger } | undefined> {
  const customer = await knownVisitor(db, workspaceId, visit);
  const matching = (await surveysTriggeredBy(db, workspaceId, 'page'))
    .flatMap((survey) => {
      const trigger = pageTrigger(survey, visit.path);
      return trigger ? [{ survey, trigger }] : [];
    })
    .sort((a, b) => (b.trigger.pathPrefix ?? '').length - (a.trigger.pathPrefix ?? '').length || a.survey.createdAt.getTime() - b.survey.createdAt.getTime());
  for (const candidate of matching) if (await mayAsk(db, candidate.survey, visit, customer?.id, now)) return candidate;
  return undefined;
}

/** What the card shows: the first question, and the first open-text question after it as the comment box. */
export function surveyCard(survey: Survey, trigger: SurveyTrigger, visit: PageVisit) {
  const language = preferredLanguage(survey.languages, { language: visit.language });
  const fallback = survey.languages[0] ?? 'en';
  const [first, ...rest] = survey.questions;
  const comment = rest.find((q) => q.type === 'text');
  return {
    surveyId: survey.id,
    delaySeconds: trigger.delaySeconds ?? 0,
    language,
    title: survey.title ? textIn(survey.title, language, fallback) : survey.name,
    question: {
      id: first!.id,
      type: first!.type,
      text: textIn(first!.text, language, fallback),
      ...(isScoreQuestion(first!) ? { ...scaleOf(first!)!, ends: scaleEnds(first!) } : {}),
      ...('choices' in first! ? { choices: first!.choices.map((c) => ({ id: c.id, label: textIn(c.label, language, fallback) })) } : {}),
    },
    comment: comment ? { id: comment.id, text: textIn(comment.text, language, fallback) } : null,
  };
}

/**
 * The card is on screen: the visitor becomes a customer (anonymous until they say
 * who they are) and the display is kept as a send, whether they answer or close it.
 * Returns the token that answers this display, and only it.
 */
export async function recordDisplay(db: Db, deps: FeedbackDeps, workspaceId: string, surveyId: string, visit: PageVisit, now = new Date()): Promise<string> {
  const survey = isUuid(surveyId) ? await getSurvey(db, workspaceId, surveyId) : undefined;
  const trigger = survey && pageTrigger(survey, visit.path);
  if (!survey || !trigger) throw badRequest(`surveyId: no survey of this workspace asks on ${visit.path}`);
  const customer = await visitorCustomer(db, workspaceId, visit);
  await db.execute(lockCustomer(customer.id));
  if (!(await mayAsk(db, survey, visit, customer.id, now))) throw conflict('This survey is not due for this visitor now (asked recently, paused, outside the sample or outside its segment).');
  const send = await insertSend(db, {
    workspaceId,
    surveyId: survey.id,
    customerId: customer.id,
    channel: 'widget',
    trigger: `page:${trigger.pathPrefix}`,
    touchpointId: survey.touchpointId,
    language: preferredLanguage(survey.languages, { language: visit.language }),
    status: 'sent',
    scheduledFor: now,
    sentAt: now,
    openedAt: now,
  });
  return deps.signer.sign(DISPLAY_TOKEN, { s: send.id }, new Date(now.getTime() + DISPLAY_MS));
}

const unanswered = (answers: Record<string, unknown>) => Object.values(answers).every((a) => a === null || a === '' || (Array.isArray(a) && a.length === 0));

/** Answers from the card: the first ones start the response, later ones add to it; `complete` finishes it. */
export async function answerDisplay(db: Db, deps: FeedbackDeps, workspaceId: string, token: string, answers: Record<string, unknown>, complete: boolean): Promise<SurveyResponse> {
  const check = deps.signer.verify<{ s: string }>(DISPLAY_TOKEN, token);
  if (!check.ok && check.reason === 'expired') throw new AppError(410, 'gone', 'This survey card has expired. Thank you all the same.');
  const send = check.ok && isUuid(String(check.payload.s)) ? await getSend(db, String(check.payload.s), true) : undefined;
  if (!send || send.workspaceId !== workspaceId || send.channel !== 'widget') throw badRequest('token: not a survey display of this widget');
  const survey = (await getSurvey(db, workspaceId, send.surveyId))!;
  const started = await responseOfSend(db, send.id, true);
  if (started?.completedAt) throw conflict('These answers were already sent.');
  if (started) return addAnswers(db, deps, survey, started, answers, complete);
  if (unanswered(answers)) throw badRequest('answers: give at least one answer');
  const now = new Date();
  await claimSend(db, send.id, now);
  return recordResponse(db, deps, { survey, channel: 'widget', answers, complete, customerId: send.customerId, sendId: send.id, language: send.language, at: now });
}
