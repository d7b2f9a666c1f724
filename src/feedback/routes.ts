import QRCode from 'qrcode';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DomainRoutes } from '../platform/http/app.ts';
import { actorOf } from '../platform/http/access.ts';
import { badRequest, conflict, notFound } from '../platform/http/errors.ts';
import { isUuid } from '../platform/http/ids.ts';
import { decodeCursor, encodeCursor, limitSchema, pageOf } from '../platform/http/pagination.ts';
import { sendCsv } from '../platform/http/csv-reply.ts';
import { instant, WINDOWS } from '../platform/http/dates.ts';
import { findOrCreateCustomer, getCustomer } from '../customers/store.ts';
import { getTouchpoint } from '../touchpoints/store.ts';
import { getTeam } from '../service/routing/store.ts';
import { getSegment } from '../segments/store.ts';
import { sentimentsOf } from '../insights/store.ts';
import { invite, type FeedbackDeps } from './invitations.ts';
import { loopConditionSchema } from './loop.ts';
import { listedResponseSchema, presentListedResponse, presentResponse, presentRule, presentSend, presentSurvey, responseSchema, ruleSchema, sendSchema, surveySchema } from './presenters.ts';
import { languageSchema, localisedText, questionsSchema, scaleOf, type Question } from './questions.ts';
import { recordResponse } from './responses.ts';
import { requestPeriodic } from './triggers.ts';
import {
  answeredQuestionIds,
  deleteRule,
  getSurvey,
  insertRule,
  insertSurvey,
  latestScores,
  listResponses,
  listRules,
  listSurveys,
  sendsOfSurvey,
  updateRule,
  updateSurvey,
  type NewSurvey,
  type Survey,
} from './store.ts';

// The management API of surveys (apart from what customers open, in public-routes.ts).

const triggerInput = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ticket_solved'), delayMinutes: z.number().int().min(0).max(60 * 24 * 60).default(24 * 60) }).strict(),
  z.object({ type: z.literal('event'), event: z.string().trim().min(1).max(200), delayMinutes: z.number().int().min(0).max(60 * 24 * 60).default(0) }).strict(),
  z.object({ type: z.literal('periodic'), everyDays: z.number().int().min(7).max(730).describe('Ask each customer with an email again after this many days (relationship NPS: 90)') }).strict(),
  z
    .object({
      type: z.literal('page'),
      pathPrefix: z.string().trim().regex(/^\/[^\s?#]*$/, 'a path starting with "/", without query or fragment').max(500).describe('The website widget asks on pages whose path starts with this: /order/thanks'),
      delaySeconds: z.number().int().min(0).max(600).default(0).describe('After the page has been open this long'),
    })
    .strict(),
]);

const surveyFields = {
  name: z.string().trim().min(1).max(200),
  title: localisedText.nullable().optional().describe('The email subject and page heading (default: the name)'),
  touchpointId: z.string().uuid().nullable().optional(),
  status: z.enum(['active', 'paused']).optional(),
  languages: z.array(languageSchema).min(1).max(20).optional().describe('The first is the default'),
  questions: questionsSchema,
  triggers: z.array(triggerInput).max(10).optional(),
  samplePercent: z.number().int().min(0).max(100).optional(),
  recontactDays: z.number().int().min(0).max(3650).optional().describe('Default 30: nobody is asked again within this many days'),
  quietHours: z.object({ startHour: z.number().int().min(0).max(23), endHour: z.number().int().min(0).max(23) }).strict().nullable().optional(),
  segmentId: z.string().uuid().nullable().optional().describe('Invite only this segment’s customers (the others are skipped, with the reason); null: everyone'),
};
const surveyCreate = z.object(surveyFields).strict();
const surveyPatch = z.object(surveyFields).partial().strict();

const customerRef = z
  .object({ id: z.string().uuid().optional(), email: z.string().email().optional(), userId: z.string().min(1).max(200).optional(), name: z.string().max(200).optional() })
  .strict()
  .refine((c) => c.id || c.email || c.userId, 'give the customer’s id, email or userId');

function toRow(body: Partial<z.infer<typeof surveyCreate>>): Partial<NewSurvey> {
  const { quietHours, title, ...rest } = body;
  return {
    ...rest,
    ...(title !== undefined ? { title } : {}),
    ...(quietHours !== undefined ? { quietStartHour: quietHours?.startHour ?? null, quietEndHour: quietHours?.endHour ?? null } : {}),
  } as Partial<NewSurvey>;
}

/** A question that has answers keeps its meaning: its type and scale cannot change (the reports would mix scales). */
function changedMeaning(before: Question[], after: Question[], answered: Set<string>): string | null {
  for (const q of after) {
    const old = before.find((b) => b.id === q.id);
    if (!old || !answered.has(q.id)) continue;
    const same = old.type === q.type && JSON.stringify(scaleOf(old)) === JSON.stringify(scaleOf(q)) && (old.type !== 'ces' || q.type !== 'ces' || old.direction === q.direction);
    if (!same) return q.id;
  }
  return null;
}

const isPeriodic = (s: Survey) => s.status === 'active' && s.triggers.some((t) => t.type === 'periodic');

export function feedbackRoutes(depsOf: () => FeedbackDeps): DomainRoutes {
  return async (app, { ctx }) => {
    const { db } = ctx;
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['feedback'];

    async function loadSurvey(workspaceId: string, id: string): Promise<Survey> {
      const survey = isUuid(id) ? await getSurvey(db, workspaceId, id) : undefined;
      if (!survey) throw notFound('Survey');
      return survey;
    }

    /** What a survey points at must be this workspace's: another's touchpoint or segment is as unknown as a missing one. */
    async function checkRefs(workspaceId: string, body: { touchpointId?: string | null; segmentId?: string | null }) {
      if (body.touchpointId && !(await getTouchpoint(db, workspaceId, body.touchpointId))) throw badRequest(`touchpointId: no touchpoint ${body.touchpointId} in this workspace`);
      if (body.segmentId && !(await getSegment(db, workspaceId, body.segmentId))) throw badRequest(`segmentId: no segment ${body.segmentId} in this workspace`);
    }

    r.get('/surveys', { onRequest: ctx.guard('reports:read'), schema: { tags, summary: 'The workspace’s surveys', response: { 200: z.object({ data: z.array(surveySchema) }) } } }, async (req) => ({
      data: (await listSurveys(db, actorOf(req).workspaceId)).map(presentSurvey),
    }));

    r.post(
      '/surveys',
      { onRequest: ctx.guard('surveys:write'), schema: { tags, summary: 'Create a survey (NPS, CSAT, CES, rating, choice and text questions)', body: surveyCreate, response: { 201: surveySchema } } },
      async (req, reply) => {
        const { workspaceId } = actorOf(req);
        await checkRefs(workspaceId, req.body);
        const survey = await insertSurvey(db, { workspaceId, ...(toRow(req.body) as Omit<NewSurvey, 'id' | 'workspaceId'>) });
        if (isPeriodic(survey)) await requestPeriodic(db, depsOf().jobs, workspaceId);
        return reply.code(201).send(presentSurvey(survey));
      },
    );

    r.get('/surveys/:id', { onRequest: ctx.guard('reports:read'), schema: { tags, summary: 'One survey', params: z.object({ id: z.string() }), response: { 200: surveySchema } } }, async (req) =>
      presentSurvey(await loadSurvey(actorOf(req).workspaceId, req.params.id)),
    );

    r.get(
      '/surveys/:id/qr.svg',
      {
        onRequest: ctx.guard('reports:read'),
        schema: { tags, summary: "A QR code (SVG) of the survey's public link, to print on a receipt, a table card or a parcel insert", params: z.object({ id: z.string() }) },
      },
      async (req, reply) => {
        const survey = await loadSurvey(actorOf(req).workspaceId, req.params.id);
        // Error correction M: still readable with 15% of the code smudged or covered.
        const svg = await QRCode.toString(`${depsOf().baseUrl()}${presentSurvey(survey).links.link}`, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
        return reply.type('image/svg+xml').header('content-disposition', `inline; filename="survey-${survey.id}-qr.svg"`).send(svg);
      },
    );

    r.patch(
      '/surveys/:id',
      {
        onRequest: ctx.guard('surveys:write'),
        schema: { tags, summary: 'Change a survey (pause it with status: paused); answered questions keep their type and scale', params: z.object({ id: z.string() }), body: surveyPatch, response: { 200: surveySchema } },
      },
      async (req) => {
        const { workspaceId } = actorOf(req);
        const survey = await loadSurvey(workspaceId, req.params.id);
        await checkRefs(workspaceId, req.body);
        if (req.body.questions) {
          const changed = changedMeaning(survey.questions, req.body.questions, await answeredQuestionIds(db, survey.id));
          if (changed) throw conflict(`Question "${changed}" has answers: its type and scale cannot change. Add a new question instead.`);
        }
        const updated = (await updateSurvey(db, workspaceId, survey.id, toRow(req.body)))!;
        if (isPeriodic(updated)) await requestPeriodic(db, depsOf().jobs, workspaceId);
        return presentSurvey(updated);
      },
    );

    r.post(
      '/surveys/:id/sends',
      {
        onRequest: ctx.guard('surveys:write'),
        schema: {
          tags,
          summary: 'Invite a customer now (or at `at`), by email; the sampling, recontact and quiet-hour rules apply',
          params: z.object({ id: z.string() }),
          body: z.object({ customer: customerRef, at: instant(WINDOWS.planned).optional(), language: languageSchema.optional() }).strict(),
          response: { 201: sendSchema },
        },
      },
      async (req, reply) => {
        const { workspaceId } = actorOf(req);
        const survey = await loadSurvey(workspaceId, req.params.id);
        if (req.body.language && !survey.languages.includes(req.body.language)) throw badRequest(`language: the survey is in ${survey.languages.join(', ')}`);
        const send = await db.transaction(async (tx) => {
          const c = req.body.customer;
          const customer = c.id ? await getCustomer(tx, workspaceId, c.id) : await findOrCreateCustomer(tx, workspaceId, { email: c.email, userId: c.userId, name: c.name });
          if (!customer) throw badRequest(`customer.id: no customer ${c.id} in this workspace`);
          return invite(tx, depsOf(), { survey, customerId: customer.id, trigger: 'manual', at: req.body.at ? new Date(req.body.at) : new Date(), language: req.body.language });
        });
        return reply.code(201).send(presentSend(send));
      },
    );

    r.get(
      '/surveys/:id/sends',
      { onRequest: ctx.guard('reports:read'), schema: { tags, summary: 'The latest 200 invitations of a survey and how far each got', params: z.object({ id: z.string() }), response: { 200: z.object({ data: z.array(sendSchema) }) } } },
      async (req) => {
        const { workspaceId } = actorOf(req);
        const survey = await loadSurvey(workspaceId, req.params.id);
        return { data: (await sendsOfSurvey(db, workspaceId, survey.id)).map(presentSend) };
      },
    );

    r.post(
      '/surveys/:id/responses',
      {
        onRequest: ctx.guard('surveys:write'),
        schema: {
          tags,
          summary: 'Record a response from another system (an import): complete, at submittedAt',
          params: z.object({ id: z.string() }),
          body: z.object({ customer: customerRef.optional(), answers: z.record(z.string(), z.unknown()), submittedAt: instant(WINDOWS.happened).optional(), language: languageSchema.optional() }).strict(),
          response: { 201: responseSchema },
        },
      },
      async (req, reply) => {
        const { workspaceId } = actorOf(req);
        const survey = await loadSurvey(workspaceId, req.params.id);
        const at = req.body.submittedAt ? new Date(req.body.submittedAt) : new Date();
        if (at.getTime() > Date.now() + 5 * 60_000) throw badRequest('submittedAt: in the future');
        if (Object.keys(req.body.answers).length === 0) throw badRequest('answers: give at least one answer');
        const response = await db.transaction(async (tx) => {
          const c = req.body.customer;
          const customer = !c ? null : c.id ? await getCustomer(tx, workspaceId, c.id) : await findOrCreateCustomer(tx, workspaceId, { email: c.email, userId: c.userId, name: c.name });
          if (c && !customer) throw badRequest(`customer.id: no customer ${c.id} in this workspace`);
          if (customer) {
            const [same] = await listResponses(tx, workspaceId, { surveyId: survey.id, customerId: customer.id, from: at, to: new Date(at.getTime() + 1) }, 1);
            if (same) throw conflict(`This customer’s response at ${at.toISOString()} is already recorded (${same.id}).`);
          }
          return recordResponse(tx, depsOf(), { survey, channel: 'api', answers: req.body.answers, complete: true, customerId: customer?.id ?? null, language: req.body.language, at });
        });
        return reply.code(201).send(presentResponse(response));
      },
    );

    const responsesQuery = z.object({
      surveyId: z.string().uuid().optional(),
      customerId: z.string().uuid().optional(),
      from: instant(WINDOWS.bound).optional(),
      to: instant(WINDOWS.bound).optional(),
      limit: limitSchema,
      cursor: z.string().optional(),
      format: z.enum(['json', 'csv']).default('json'),
    });

    r.get(
      '/responses',
      { onRequest: ctx.guard('reports:read'), schema: { tags, summary: 'Survey responses, newest first (format=csv: every response of the filter, one column per question)', querystring: responsesQuery, response: { 200: pageOf(listedResponseSchema) } } },
      async (req, reply) => {
        const { workspaceId } = actorOf(req);
        const q = req.query;
        const filter = { surveyId: q.surveyId, customerId: q.customerId, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined };
        if (q.format === 'csv') {
          if (!q.surveyId) throw badRequest('surveyId: a CSV export is of one survey (its questions are the columns)');
          const survey = await loadSurvey(workspaceId, q.surveyId);
          const rows = await listResponses(db, workspaceId, filter, 100_000);
          const sentiments = await sentimentsOf(db, workspaceId, 'survey_response', rows.map((row) => row.id));
          const columns = ['response_id', 'submitted_at', 'completed', 'channel', 'language', 'customer_id', 'ticket_id', ...survey.questions.map((x) => x.id), 'sentiment', 'sentiment_score'];
          const data = rows.map((row) => ({
            response_id: row.id,
            submitted_at: row.submittedAt.toISOString(),
            completed: row.completedAt ? 'yes' : 'no',
            channel: row.channel,
            language: row.language,
            customer_id: row.customerId ?? '',
            ticket_id: row.ticketId ?? '',
            ...Object.fromEntries(survey.questions.map((x) => [x.id, [row.answers[x.id] ?? ''].flat().join('; ')])),
            sentiment: sentiments.get(row.id)?.sentiment ?? '',
            // A number, not text: the formula guard would quote a text "-0.9".
            sentiment_score: sentiments.has(row.id) ? Math.round(sentiments.get(row.id)!.score * 1000) / 1000 : '',
          }));
          return sendCsv(reply, `responses-${survey.name}.csv`, data, columns);
        }
        const after = q.cursor ? decodeCursor(q.cursor, z.tuple([z.string().datetime(), z.string().uuid()])) : undefined;
        const rows = await listResponses(db, workspaceId, filter, q.limit + 1, after && { at: new Date(after[0]), id: after[1] });
        const page = rows.slice(0, q.limit);
        const last = page[page.length - 1];
        const sentiments = await sentimentsOf(db, workspaceId, 'survey_response', page.map((row) => row.id));
        return { data: page.map((row) => presentListedResponse(row, sentiments.get(row.id))), nextCursor: rows.length > q.limit && last ? encodeCursor([last.submittedAt.toISOString(), last.id]) : null };
      },
    );

    r.get(
      '/customers/:id/feedback',
      {
        onRequest: ctx.guard('customers:read'),
        schema: {
          tags,
          summary: 'The customer’s latest score of each kind (NPS, CSAT, CES, rating): the agent’s “last feedback”',
          params: z.object({ id: z.string() }),
          response: { 200: z.object({ data: z.array(z.object({ kind: z.string(), value: z.number(), scale: z.number(), at: z.string(), surveyId: z.string() })) }) },
        },
      },
      async (req) => {
        const { workspaceId } = actorOf(req);
        const customer = isUuid(req.params.id) ? await getCustomer(db, workspaceId, req.params.id) : undefined;
        if (!customer) throw notFound('Customer');
        return { data: (await latestScores(db, workspaceId, customer.id)).map((s) => ({ ...s, at: s.at.toISOString() })) };
      },
    );

    // The closed loop's rules.
    const ruleFields = {
      name: z.string().trim().min(1).max(200),
      enabled: z.boolean().optional(),
      surveyId: z.string().uuid().nullable().optional(),
      condition: loopConditionSchema,
      action: z.object({ type: z.literal('ticket'), teamId: z.string().uuid().nullable().default(null), priority: z.enum(['low', 'normal', 'high', 'urgent']).default('normal') }).strict(),
      position: z.number().int().min(0).max(10_000).optional(),
    };

    async function checkRuleRefs(workspaceId: string, body: { surveyId?: string | null; action?: { teamId: string | null } }) {
      if (body.surveyId) await loadSurvey(workspaceId, body.surveyId).catch(() => Promise.reject(badRequest(`surveyId: no survey ${body.surveyId} in this workspace`)));
      if (body.action?.teamId && !(await getTeam(db, workspaceId, body.action.teamId))) throw badRequest(`action.teamId: no team ${body.action.teamId} in this workspace`);
    }

    r.get('/feedback-rules', { onRequest: ctx.guard('reports:read'), schema: { tags, summary: 'The closed loop’s rules, in the order they are tried', response: { 200: z.object({ data: z.array(ruleSchema) }) } } }, async (req) => ({
      data: (await listRules(db, actorOf(req).workspaceId)).map(presentRule),
    }));

    r.post(
      '/feedback-rules',
      { onRequest: ctx.guard('surveys:write'), schema: { tags, summary: 'When a response matches, open a follow-up ticket for a team', body: z.object(ruleFields).strict(), response: { 201: ruleSchema } } },
      async (req, reply) => {
        const { workspaceId } = actorOf(req);
        await checkRuleRefs(workspaceId, req.body);
        const rule = await insertRule(db, { workspaceId, ...req.body, surveyId: req.body.surveyId ?? null });
        return reply.code(201).send(presentRule(rule));
      },
    );

    r.patch(
      '/feedback-rules/:id',
      { onRequest: ctx.guard('surveys:write'), schema: { tags, summary: 'Change a rule', params: z.object({ id: z.string() }), body: z.object(ruleFields).partial().strict(), response: { 200: ruleSchema } } },
      async (req) => {
        const { workspaceId } = actorOf(req);
        await checkRuleRefs(workspaceId, req.body);
        const rule = isUuid(req.params.id) ? await updateRule(db, workspaceId, req.params.id, req.body) : undefined;
        if (!rule) throw notFound('Rule');
        return presentRule(rule);
      },
    );

    r.delete('/feedback-rules/:id', { onRequest: ctx.guard('surveys:write'), schema: { tags, summary: 'Remove a rule', params: z.object({ id: z.string() }) } }, async (req, reply) => {
      const removed = isUuid(req.params.id) && (await deleteRule(db, actorOf(req).workspaceId, req.params.id));
      if (!removed) throw notFound('Rule');
      return reply.code(204).send();
    });
  };
}
