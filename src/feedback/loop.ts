import { z } from 'zod';
import type { Db } from '../platform/db/client.ts';
import type { JobRow } from '../platform/jobs/queue.ts';
import { getCustomer, type Customer } from '../customers/store.ts';
import type { Ticket } from '../service/store.ts';
import { announce, createTicket, type ServiceDeps } from '../service/tickets.ts';
import { publishEvent } from '../webhooks/publish.ts';
import { textIn, type AnswerValue, type Question } from './questions.ts';
import { commentOf, describe } from './responses.ts';
import type { LoopCondition } from './schema.ts';
import { getResponse, getSurvey, listRules, updateResponse, type FeedbackRule, type Survey } from './store.ts';

// The closed loop: a response that matches a rule (a detractor, a low CSAT, a word
// you watch for) becomes a follow-up ticket for a team, with the service desk's
// routing and SLA, linked to the response and on the customer's journey.

export const loopConditionSchema = z
  .object({
    kind: z.enum(['nps', 'csat', 'ces', 'rating', 'review']),
    min: z.number().int().min(0).max(10).optional(),
    max: z.number().int().min(0).max(10).optional(),
    words: z.array(z.string().trim().min(2).max(60)).max(50).optional().describe('Also matches when a text answer contains any of these words'),
  })
  .strict()
  .refine((c) => c.min !== undefined || c.max !== undefined || (c.words?.length ?? 0) > 0, 'give a score range (min, max) or words')
  .refine((c) => c.min === undefined || c.max === undefined || c.min <= c.max, 'min must not exceed max');

/** Whether a response's answers match a condition (pure). */
export function matches(condition: LoopCondition, questions: Question[], answers: Record<string, AnswerValue>): boolean {
  const ranged = condition.min !== undefined || condition.max !== undefined;
  const inRange = questions.some((q) => {
    const v = answers[q.id];
    return q.type === condition.kind && typeof v === 'number' && v >= (condition.min ?? -Infinity) && v <= (condition.max ?? Infinity);
  });
  if (ranged && inRange) return true;
  const text = questions
    .filter((q) => q.type === 'text' && typeof answers[q.id] === 'string')
    .map((q) => String(answers[q.id]))
    .join(' ');
  return mentionsAny(text, condition.words ?? []);
}

/** Whether a text holds any of the words as a whole word, in any case ("late" is not in "chocolate"). */
export function mentionsAny(text: string, words: string[]): boolean {
  const lower = text.toLowerCase();
  return words.some((w) => new RegExp(`(^|[^\\p{L}\\p{N}])${w.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'u').test(lower));
}

export const firstMatchingRule = (rules: FeedbackRule[], survey: Survey, answers: Record<string, AnswerValue>) =>
  rules.find((r) => r.enabled && (r.surveyId === null || r.surveyId === survey.id) && matches(r.condition, survey.questions, answers));

/**
 * The follow-up ticket of a rule: for the rule's team, at its priority, routed and
 * timed like any ticket; its first message an internal note with what the customer said.
 */
export async function openFollowUp(db: Db, serviceDeps: ServiceDeps, rule: FeedbackRule, f: { customer: Customer; subject: string; body: string; link: Record<string, string> }): Promise<Ticket> {
  const { ticket } = await createTicket(
    db,
    serviceDeps,
    rule.workspaceId,
    {
      customer: { id: f.customer.id },
      subject: f.subject,
      channel: f.customer.email ? 'email' : 'api',
      priority: rule.action.priority,
      teamId: rule.action.teamId,
      tags: ['feedback', `${rule.condition.kind}-follow-up`],
      customFields: f.link,
      message: { authorKind: 'system', public: false, body: f.body },
    },
    { kind: 'system', id: `feedback-rule:${rule.id}` },
  );
  return ticket;
}

/** A complete answer of a known customer, as other domains are told of it (outreach invites promoters to refer a friend). */
export interface AnsweredSurvey {
  workspaceId: string;
  responseId: string;
  customerId: string;
  questions: Question[];
  answers: Record<string, AnswerValue>;
  /** When it was given (an import may bring answers of long ago). */
  at: Date;
  /** "NPS 10 on After delivery", say. */
  summary: string;
}

/**
 * The `feedback.loop` job: looks at a response once, opens its follow-up ticket if a
 * rule matches, and tells `onAnswered` (in the same transaction) of an identified answer.
 */
export function loopRunner(serviceDeps: ServiceDeps, onAnswered?: (db: Db, answer: AnsweredSurvey) => Promise<void>) {
  return async function runLoop(job: JobRow, db: Db): Promise<void> {
    const followUp = await db.transaction(async (tx) => {
      const response = await getResponse(tx, String(job.payload.responseId), true);
      if (!response || response.loopCheckedAt) return null;
      const checked = { loopCheckedAt: new Date() };
      const survey = (await getSurvey(tx, response.workspaceId, response.surveyId))!;
      const rule = firstMatchingRule(await listRules(tx, response.workspaceId), survey, response.answers);
      const customer = response.customerId ? await getCustomer(tx, response.workspaceId, response.customerId) : undefined;
      if (customer && onAnswered) {
        await onAnswered(tx, { workspaceId: response.workspaceId, responseId: response.id, customerId: customer.id, questions: survey.questions, answers: response.answers, at: response.submittedAt, summary: describe(survey, response.answers) });
      }
      // An anonymous answer has nobody to follow up with.
      if (!rule || !customer) {
        await updateResponse(tx, response.id, checked);
        return null;
      }
      const who = customer.name ?? customer.email ?? 'a customer';
      const lines = [
        `${describe(survey, response.answers)}, ${response.submittedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC (rule “${rule.name}”).`,
        ...survey.questions
          .filter((q) => response.answers[q.id] !== undefined && q.type !== 'text')
          .map((q) => `${textIn(q.text, response.language, survey.languages[0] ?? 'en')}: ${[response.answers[q.id]].flat().join(', ')}`),
      ];
      const comment = commentOf(survey, response.answers);
      const ticket = await openFollowUp(tx, serviceDeps, rule, {
        customer,
        subject: `Follow up: ${describe(survey, response.answers)} from ${who}`,
        body: [...lines, ...(comment ? ['', `Comment: ${comment}`] : [])].join('\n'),
        link: { surveyResponseId: response.id },
      });
      await updateResponse(tx, response.id, { ...checked, followUpTicketId: ticket.id });
      await publishEvent(tx, serviceDeps.jobs, response.workspaceId, 'loop.ticket_created', {
        ticket: { id: ticket.id, number: ticket.number, subject: ticket.subject, priority: ticket.priority, teamId: ticket.teamId },
        responseId: response.id,
        surveyId: survey.id,
        customerId: customer.id,
        rule: { id: rule.id, name: rule.name },
      });
      return ticket;
    });
    if (followUp) announce(serviceDeps, followUp, 'ticket.created');
  };
}
