import { z } from 'zod';
import { presentSentiment, sentimentSchema } from '../insights/sentiment-presenter.ts';
import type { TextSentiment } from '../insights/store.ts';
import { questionSchema } from './questions.ts';
import type { FeedbackRule, Survey, SurveyResponse, SurveySend } from './store.ts';

// What the API shows of feedback records: explicit fields, nothing by accident.

const triggerSchema = z.object({
  type: z.enum(['event', 'ticket_solved', 'periodic', 'page']),
  event: z.string().optional(),
  delayMinutes: z.number().optional(),
  everyDays: z.number().optional(),
  pathPrefix: z.string().optional(),
  delaySeconds: z.number().optional(),
});

export const surveySchema = z.object({
  id: z.string(),
  name: z.string(),
  title: z.union([z.string(), z.record(z.string(), z.string())]).nullable(),
  touchpointId: z.string().nullable(),
  status: z.enum(['active', 'paused']),
  languages: z.array(z.string()),
  questions: z.array(questionSchema),
  triggers: z.array(triggerSchema),
  samplePercent: z.number(),
  recontactDays: z.number(),
  quietHours: z.object({ startHour: z.number(), endHour: z.number() }).nullable(),
  segmentId: z.string().nullable().describe('Only this segment’s customers are invited; null: everyone'),
  links: z.object({ link: z.string(), kiosk: z.string() }).describe('Paths of the public page (for a link or QR code) and the kiosk page'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const presentSurvey = (s: Survey): z.infer<typeof surveySchema> => ({
  id: s.id,
  name: s.name,
  title: s.title ?? null,
  touchpointId: s.touchpointId,
  status: s.status,
  languages: s.languages,
  questions: s.questions,
  triggers: s.triggers,
  samplePercent: s.samplePercent,
  recontactDays: s.recontactDays,
  quietHours: s.quietStartHour === null || s.quietEndHour === null ? null : { startHour: s.quietStartHour, endHour: s.quietEndHour },
  segmentId: s.segmentId,
  links: { link: `/f/s/${s.id}`, kiosk: `/f/k/${s.id}` },
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
});

export const sendSchema = z.object({
  id: z.string(),
  surveyId: z.string(),
  customerId: z.string(),
  channel: z.string(),
  trigger: z.string(),
  ticketId: z.string().nullable(),
  language: z.string(),
  status: z.enum(['scheduled', 'sent', 'outbox', 'failed', 'skipped']),
  note: z.string().nullable(),
  scheduledFor: z.string(),
  sentAt: z.string().nullable(),
  openedAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const presentSend = (s: SurveySend): z.infer<typeof sendSchema> => ({
  id: s.id,
  surveyId: s.surveyId,
  customerId: s.customerId,
  channel: s.channel,
  trigger: s.trigger,
  ticketId: s.ticketId,
  language: s.language,
  status: s.status,
  note: s.note,
  scheduledFor: s.scheduledFor.toISOString(),
  sentAt: iso(s.sentAt),
  openedAt: iso(s.openedAt),
  answeredAt: iso(s.answeredAt),
});

export const responseSchema = z.object({
  id: z.string(),
  surveyId: z.string(),
  customerId: z.string().nullable(),
  touchpointId: z.string().nullable(),
  ticketId: z.string().nullable(),
  channel: z.string(),
  language: z.string(),
  answers: z.record(z.string(), z.union([z.number(), z.string(), z.array(z.string())])),
  completed: z.boolean(),
  submittedAt: z.string(),
  followUpTicketId: z.string().nullable(),
});

export const presentResponse = (r: SurveyResponse): z.infer<typeof responseSchema> => ({
  id: r.id,
  surveyId: r.surveyId,
  customerId: r.customerId,
  touchpointId: r.touchpointId,
  ticketId: r.ticketId,
  channel: r.channel,
  language: r.language,
  answers: r.answers,
  completed: r.completedAt !== null,
  submittedAt: r.submittedAt.toISOString(),
  followUpTicketId: r.followUpTicketId,
});

/** A response as listed: with its comment's sentiment, which a background job reads after the answer. */
export const listedResponseSchema = responseSchema.extend({
  sentiment: sentimentSchema.nullable().describe("The comment's sentiment (score: P(positive) - P(negative)); null until read, and when there is no comment"),
});

export const presentListedResponse = (r: SurveyResponse, sentiment: TextSentiment | undefined): z.infer<typeof listedResponseSchema> => ({
  ...presentResponse(r),
  sentiment: presentSentiment(sentiment),
});

export const ruleSchema = z.object({
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  surveyId: z.string().nullable(),
  condition: z.object({ kind: z.string(), min: z.number().optional(), max: z.number().optional(), words: z.array(z.string()).optional() }),
  action: z.object({ type: z.literal('ticket'), teamId: z.string().nullable(), priority: z.string() }),
  position: z.number(),
});

export const presentRule = (r: FeedbackRule): z.infer<typeof ruleSchema> => ({
  id: r.id,
  name: r.name,
  enabled: r.enabled,
  surveyId: r.surveyId,
  condition: r.condition,
  action: r.action,
  position: r.position,
});
