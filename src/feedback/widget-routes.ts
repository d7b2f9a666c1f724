import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import type { DomainRoutes } from '../platform/http/app.ts';
import { actorOf } from '../platform/http/access.ts';
import { allowAnyOrigin } from '../platform/http/cors.ts';
import { perAddress } from '../platform/http/rate-limit.ts';
import { widgetActor, writeKeyOf } from '../service/chat/write-key.ts';
import type { FeedbackDeps } from './invitations.ts';
import { answerDisplay, dueSurvey, recordDisplay, surveyCard } from './widget.ts';

// The visitor side of surveys in the website widget, apart from the management API
// like the chat's: called from customers' pages with the public write key, limited
// per address, and it answers only about this visitor and this workspace's surveys.

const visit = {
  writeKey: z.string().optional(),
  anonymousId: z.string().trim().min(1).max(200),
  userId: z.string().trim().min(1).max(200).optional(),
  path: z.string().regex(/^\/[^\s?#]*$/, 'the page’s path, starting with "/"').max(2000),
  language: z.string().trim().min(2).max(35).optional(),
};

const cardSchema = z.object({
  surveyId: z.string(),
  delaySeconds: z.number(),
  language: z.string(),
  title: z.string(),
  question: z.object({
    id: z.string(),
    type: z.string(),
    text: z.string(),
    min: z.number().optional(),
    max: z.number().optional(),
    ends: z.tuple([z.string(), z.string()]).optional(),
    choices: z.array(z.object({ id: z.string(), label: z.string() })).optional(),
  }),
  comment: z.object({ id: z.string(), text: z.string() }).nullable(),
});

export function feedbackWidgetRoutes(depsOf: () => FeedbackDeps): DomainRoutes {
  return async (app, { ctx }) => {
    const { db } = ctx;
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['widget'];
    const security = [{ writeKey: [] }];
    const limit = ctx.config.rateLimit.publicPages;
    allowAnyOrigin(app, '/widget/v1/surveys/*', 'GET, POST');

    /** Before validation, as for the chat: without a valid write key nothing else is said. */
    async function authenticate(req: FastifyRequest): Promise<void> {
      req.actor = await widgetActor(db, writeKeyOf(req));
    }

    r.get(
      '/widget/v1/surveys/due',
      {
        preValidation: authenticate,
        config: perAddress(limit),
        schema: {
          tags,
          security,
          summary: 'The survey this visitor should see on this page now, if any (status, page trigger, sample and recontact period applied)',
          querystring: z.object(visit).strict(),
          response: { 200: z.object({ survey: cardSchema.nullable() }) },
        },
      },
      async (req) => {
        const due = await dueSurvey(db, actorOf(req).workspaceId, req.query);
        return { survey: due ? surveyCard(due.survey, due.trigger, req.query) : null };
      },
    );

    r.post(
      '/widget/v1/surveys/:surveyId/displays',
      {
        preValidation: authenticate,
        config: perAddress(Math.max(1, Math.floor(limit / 2))),
        schema: {
          tags,
          security,
          summary: 'The card is shown: kept as a send of channel widget (not shown again within the recontact period, answered or closed); returns the token that answers it',
          params: z.object({ surveyId: z.string().max(64) }),
          body: z.object(visit).strict(),
          response: { 201: z.object({ token: z.string() }) },
        },
      },
      async (req, reply) => {
        const token = await db.transaction((tx) => recordDisplay(tx, depsOf(), actorOf(req).workspaceId, req.params.surveyId, req.body));
        return reply.code(201).send({ token });
      },
    );

    r.post(
      '/widget/v1/surveys/answers',
      {
        preValidation: authenticate,
        config: perAddress(Math.max(1, Math.floor(limit / 2))),
        schema: {
          tags,
          security,
          summary: 'Answers from the card: the first start the response (partial answers are kept), later ones add to it; complete finishes it',
          body: z
            .object({
              writeKey: z.string().optional(),
              token: z.string().max(2000),
              answers: z.record(z.string(), z.unknown()),
              complete: z.boolean().default(false),
            })
            .strict(),
          response: { 200: z.object({ responseId: z.string(), completed: z.boolean() }) },
        },
      },
      async (req) => {
        const { token, answers, complete } = req.body;
        const response = await db.transaction((tx) => answerDisplay(tx, depsOf(), actorOf(req).workspaceId, token, answers, complete));
        return { responseId: response.id, completed: Boolean(response.completedAt) };
      },
    );
  };
}
