import formbody from '@fastify/formbody';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DomainRoutes } from '../platform/http/app.ts';
import { AppError } from '../platform/http/errors.ts';
import { isUuid } from '../platform/http/ids.ts';
import { perAddress } from '../platform/http/rate-limit.ts';
import { ANSWER_TOKEN, RESPONSE_TOKEN, responseLink, type FeedbackDeps } from './invitations.ts';
import { answersFromForm, messagePage, PAGE_HEADERS, surveyPage } from './pages.ts';
import { addAnswers, recordResponse } from './responses.ts';
import { recordClick } from './click.ts';
import { findSurvey, getResponse, getSend, getSurvey, recordPageView, updateSend, type Survey } from './store.ts';

// What customers open: the one-click scores of an invitation, the page that
// finishes a response, and a survey's public link and kiosk. Apart from the
// management API; nothing here needs an account, so every route is limited per
// address and every refusal is a page that says what happened, in words.

const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const TOKEN_REFUSALS = {
  malformed: [400, 'This link is not valid', 'The link is incomplete or was changed. Please open it again from the email.'],
  forged: [400, 'This link is not valid', 'The link is incomplete or was changed. Please open it again from the email.'],
  expired: [410, 'This link has expired', 'The survey closed for this invitation. Thank you all the same.'],
} as const;

function show(reply: FastifyReply, status: number, html: string) {
  return reply.code(status).headers(PAGE_HEADERS).send(html);
}

export function feedbackPublicRoutes(depsOf: () => FeedbackDeps): DomainRoutes {
  return async (app, { ctx }) => {
    const { db } = ctx;
    const r = app.withTypeProvider<ZodTypeProvider>();
    await app.register(formbody, { bodyLimit: 64 * 1024 });
    // Per address and minute (TOUCHPOINT_RATE_LIMIT_PUBLIC): pages and clicks; forms half of it; the open pixel twice.
    const limit = ctx.config.rateLimit.publicPages;
    const pages = perAddress(limit);
    const forms = perAddress(Math.max(1, Math.floor(limit / 2)));

    /** A user's mistake shown as a page with its status; nothing was written (the transaction rolled back). */
    async function asPage(reply: FastifyReply, run: () => Promise<FastifyReply>) {
      try {
        return await run();
      } catch (err) {
        if (err instanceof AppError && err.statusCode < 500) return show(reply, err.statusCode, messagePage('Please check your answer', err.message));
        throw err;
      }
    }

    /** One click in the email: the score is recorded, the token is used up, and the page for the rest opens. */
    async function click(token: string, score: string | undefined, reply: FastifyReply) {
      const deps = depsOf();
      const check = deps.signer.verify<{ s: string }>(ANSWER_TOKEN, token);
      if (!check.ok) return show(reply, TOKEN_REFUSALS[check.reason][0], messagePage(TOKEN_REFUSALS[check.reason][1], TOKEN_REFUSALS[check.reason][2]));
      const sendId = String(check.payload.s);
      return asPage(reply, async () => {
        const outcome = isUuid(sendId) ? await recordClick(db, sendId, score) : { refused: 'unknown' as const };
        if ('refused' in outcome) {
          return outcome.refused === 'used'
            ? show(reply, 410, messagePage('This link was already used', 'Your answer was recorded when you first clicked. Thank you!'))
            : show(reply, 404, messagePage('This survey no longer exists', 'It may have been removed. Thank you all the same.'));
        }
        return reply.code(303).header('location', new URL(responseLink(deps, outcome.recorded)).pathname).header('cache-control', 'no-store').send();
      });
    }

    const tokenParams = z.object({ token: z.string().max(2000) });
    r.get('/f/:token', { config: pages, schema: { hide: true, params: tokenParams } }, (req, reply) => click(req.params.token, undefined, reply));
    r.get('/f/:token/:score', { config: pages, schema: { hide: true, params: tokenParams.extend({ score: z.string().max(3) }) } }, (req, reply) =>
      click(req.params.token, req.params.score, reply),
    );

    // The open pixel: an email client that loads images says the invitation was opened.
    r.get('/f/o/:file', { config: perAddress(limit * 2), schema: { hide: true, params: z.object({ file: z.string().max(2000) }) } }, async (req, reply) => {
      const check = depsOf().signer.verify<{ s: string }>(ANSWER_TOKEN, req.params.file.replace(/\.gif$/, ''));
      if (check.ok && isUuid(String(check.payload.s))) {
        const send = await getSend(db, String(check.payload.s));
        if (send && !send.openedAt) await updateSend(db, send.id, { openedAt: new Date() });
      }
      return reply.headers({ 'content-type': 'image/gif', 'cache-control': 'no-store' }).send(PIXEL);
    });

    /** The started response of a response token, or the page that says why not. */
    async function startedResponse(token: string) {
      const check = depsOf().signer.verify<{ r: string }>(RESPONSE_TOKEN, token);
      if (!check.ok) return { refusal: TOKEN_REFUSALS[check.reason] };
      const response = isUuid(String(check.payload.r)) ? await getResponse(db, String(check.payload.r)) : undefined;
      if (!response) return { refusal: [404, 'This survey no longer exists', 'Thank you all the same.'] as const };
      if (response.completedAt) return { refusal: [410, 'Thank you!', 'Your answers are recorded.'] as const };
      return { response, survey: (await getSurvey(db, response.workspaceId, response.surveyId))! };
    }

    r.get('/f/r/:token', { config: pages, schema: { hide: true, params: tokenParams } }, async (req, reply) => {
      const found = await startedResponse(req.params.token);
      if (found.refusal) return show(reply, found.refusal[0], messagePage(found.refusal[1], found.refusal[2]));
      return show(reply, 200, surveyPage({ survey: found.survey, language: found.response.language, answers: found.response.answers, action: req.url }));
    });

    r.post('/f/r/:token', { config: forms, schema: { hide: true, params: tokenParams } }, async (req, reply) => {
      const found = await startedResponse(req.params.token);
      if (found.refusal) return show(reply, found.refusal[0], messagePage(found.refusal[1], found.refusal[2]));
      const { survey, response } = found;
      const answers = answersFromForm(survey.questions, req.body as Record<string, unknown>);
      try {
        await db.transaction(async (tx) => {
          const locked = (await getResponse(tx, response.id, true))!;
          if (locked.completedAt) throw new AppError(409, 'conflict', 'These answers were already sent.');
          await addAnswers(tx, depsOf(), survey, locked, answers, true);
        });
      } catch (err) {
        if (err instanceof AppError && err.statusCode === 400) {
          return show(reply, 400, surveyPage({ survey, language: response.language, answers: response.answers, action: req.url, error: err.message }));
        }
        if (err instanceof AppError && err.statusCode === 409) return show(reply, 409, messagePage('Thank you!', err.message));
        throw err;
      }
      return show(reply, 200, messagePage('Thank you!', 'Your answers are recorded. We read every one.'));
    });

    // A survey's public link (anonymous answers) and its kiosk (a tablet at a counter: it starts over after each answer).
    for (const mode of ['link', 'kiosk'] as const) {
      const path = mode === 'link' ? '/f/s/:surveyId' : '/f/k/:surveyId';
      const params = z.object({ surveyId: z.string().max(64) });
      const activeSurvey = async (id: string): Promise<Survey | undefined> => {
        const survey = isUuid(id) ? await findSurvey(db, id) : undefined;
        return survey?.status === 'active' ? survey : undefined;
      };
      r.get(path, { config: pages, schema: { hide: true, params } }, async (req, reply) => {
        const survey = await activeSurvey(req.params.surveyId);
        if (!survey) return show(reply, 404, messagePage('This survey is not open', 'It may have ended. Thank you all the same.'));
        // The first stage of these channels' funnel: there is no invitation to count.
        await recordPageView(db, survey, mode);
        return show(reply, 200, surveyPage({ survey, language: survey.languages[0] ?? 'en', answers: {}, action: req.url, kiosk: mode === 'kiosk' }));
      });
      r.post(path, { config: mode === 'kiosk' ? pages : forms, schema: { hide: true, params } }, async (req, reply) => {
        const survey = await activeSurvey(req.params.surveyId);
        if (!survey) return show(reply, 404, messagePage('This survey is not open', 'It may have ended. Thank you all the same.'));
        const answers = answersFromForm(survey.questions, req.body as Record<string, unknown>);
        try {
          if (Object.values(answers).every((a) => a === null || a === '' || (Array.isArray(a) && a.length === 0))) throw new AppError(400, 'invalid_request', 'Please answer at least one question.');
          await db.transaction((tx) => recordResponse(tx, depsOf(), { survey, channel: mode, answers, complete: true }));
        } catch (err) {
          if (err instanceof AppError && err.statusCode === 400) {
            return show(reply, 400, surveyPage({ survey, language: survey.languages[0] ?? 'en', answers: {}, action: req.url, kiosk: mode === 'kiosk', error: err.message }));
          }
          throw err;
        }
        return show(reply, 200, messagePage('Thank you!', 'Your answers are recorded.', mode === 'kiosk' ? { kiosk: true, refreshTo: req.url } : {}));
      });
    }
  };
}
