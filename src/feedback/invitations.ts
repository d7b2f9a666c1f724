import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import type { TokenSigner } from '../platform/auth/signed-tokens.ts';
import { getCustomer } from '../customers/store.ts';
import { inSample } from '../platform/sampling.ts';
import { outsideAudience } from './audience.ts';
import { afterQuietHours, validTimeZone } from './schedule.ts';
import { insertSend, lastSendSince, type Survey, type SurveySend } from './store.ts';

// Inviting a customer to a survey: the decision (audience, sample, recontact, quiet hours),
// the durable send job, and the signed links the email carries.

export const SEND_JOB = 'survey.send';
export const ANSWER_TOKEN = 'survey-answer';
export const RESPONSE_TOKEN = 'survey-response';
/** A survey link answers for 30 days. */
export const LINK_DAYS = 30;

export interface FeedbackDeps {
  jobs: JobQueue;
  signer: TokenSigner;
  /** The address customers reach this server at (TOUCHPOINT_PUBLIC_URL, else where it listens). */
  baseUrl: () => string;
  /** The workspace's time zone, for quiet hours of customers who did not give theirs. */
  timeZone: string;
}

export interface Invitation {
  survey: Survey;
  customerId: string;
  /** What caused it: `manual`, `ticket_solved`, `event:Order Delivered`. */
  trigger: string;
  /** When it should go (before quiet hours move it). */
  at: Date;
  ticketId?: string | null;
  language?: string;
}

/**
 * Schedules an invitation, or records why it was skipped (not in the survey's segment,
 * outside the sample, asked within the recontact period, no email). Runs in the caller's transaction: the send
 * row and its job exist together, so a send scheduled before a restart happens after it.
 */
export async function invite(db: Db, deps: FeedbackDeps, inv: Invitation): Promise<SurveySend> {
  const { survey } = inv;
  const customer = await getCustomer(db, survey.workspaceId, inv.customerId);
  if (!customer) throw new Error('customer not found');
  const base = {
    workspaceId: survey.workspaceId,
    surveyId: survey.id,
    customerId: customer.id,
    trigger: inv.trigger,
    ticketId: inv.ticketId ?? null,
    touchpointId: survey.touchpointId,
    language: inv.language ?? preferredLanguage(survey.languages, customer.traits),
  };
  // One decision per customer at a time, so two triggers at once cannot both pass the recontact rule.
  await db.execute(lockCustomer(customer.id));
  const skip = (note: string) => insertSend(db, { ...base, status: 'skipped', note, scheduledFor: inv.at });
  if (survey.status !== 'active') return skip('the survey is paused');
  const outside = await outsideAudience(db, survey, customer.id);
  if (outside) return skip(outside);
  if (!customer.email) return skip('the customer has no email address');
  if (!inSample(survey.samplePercent, `${survey.id}:${customer.id}:${inv.trigger}:${inv.ticketId ?? inv.at.toISOString()}`)) return skip(`outside the ${survey.samplePercent}% sample`);
  const recent = await lastSendSince(db, survey.workspaceId, customer.id, new Date(inv.at.getTime() - survey.recontactDays * 86_400_000));
  if (recent) return skip(`asked on ${recent.scheduledFor.toISOString().slice(0, 10)}, within the ${survey.recontactDays}-day recontact period`);
  const zone = validTimeZone((customer.traits as Record<string, unknown>).timezone) ?? deps.timeZone;
  const scheduledFor = afterQuietHours(inv.at, zone, survey.quietStartHour, survey.quietEndHour);
  const send = await insertSend(db, { ...base, status: 'scheduled', scheduledFor, emailMessageId: `<survey-${crypto.randomUUID()}@touchpoint>` });
  await deps.jobs.enqueue({ kind: SEND_JOB, workspaceId: survey.workspaceId, payload: { sendId: send.id }, runAt: scheduledFor, dedupeKey: `survey-send:${send.id}` }, db);
  return send;
}

/** A transaction-scoped advisory lock keyed by the customer (both engines have them). */
export const lockCustomer = (customerId: string) => sql`select pg_advisory_xact_lock(hashtext(${`survey-invite:${customerId}`}))`;

/** The customer's language (a `language` or `locale` trait) when the survey has it, else the survey's first. */
export function preferredLanguage(languages: string[], traits: unknown): string {
  const t = (traits ?? {}) as Record<string, unknown>;
  for (const candidate of [t.language, t.locale]) {
    if (typeof candidate !== 'string') continue;
    const tag = candidate.replace('_', '-');
    const match = languages.find((l) => l === tag) ?? languages.find((l) => l === tag.split('-')[0]);
    if (match) return match;
  }
  return languages[0] ?? 'en';
}

/** The signed token of an invitation's links (the scores, the open pixel), valid for LINK_DAYS. */
export const invitationToken = (deps: FeedbackDeps, send: SurveySend, sentAt: Date) =>
  deps.signer.sign(ANSWER_TOKEN, { s: send.id }, new Date(sentAt.getTime() + LINK_DAYS * 86_400_000));

/** The one-click link of a score in the invitation email (without a score: the survey's page). */
export const answerLink = (deps: FeedbackDeps, token: string, score: number | null) => `${deps.baseUrl()}/f/${token}${score === null ? '' : `/${score}`}`;

/** The page where a started response is finished (comment, other questions): 7 days. */
export function responseLink(deps: FeedbackDeps, responseId: string, now = new Date()): string {
  return `${deps.baseUrl()}/f/r/${deps.signer.sign(RESPONSE_TOKEN, { r: responseId }, new Date(now.getTime() + 7 * 86_400_000))}`;
}
