import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DomainRoutes } from '../../platform/http/app.ts';
import { actorOf } from '../../platform/http/access.ts';
import { badRequest, notFound } from '../../platform/http/errors.ts';
import { isUuid } from '../../platform/http/ids.ts';
import { reportPeriod } from '../../platform/http/period.ts';
import { customersByIds } from '../../customers/store.ts';
import { touchpointIndex } from '../../touchpoints/store.ts';
import type { Db } from '../../platform/db/client.ts';
import { instant, WINDOWS } from '../../platform/http/dates.ts';
import { requestThemes } from './job.ts';
import { presentRun, presentTheme, runSchema, themeSchema } from './presenters.ts';
import { getTheme, latestRun, themesOfRun, type Theme } from './store.ts';
import { customerTexts } from './texts.ts';

const period = z.object({
  from: instant(WINDOWS.bound).optional(),
  to: instant(WINDOWS.bound).optional(),
});

/** Both ends or neither: a run is stored for one exact period. */
function askedPeriod(q: z.infer<typeof period> | null | undefined): { from: Date; to: Date } | undefined {
  if (!q?.from && !q?.to) return undefined;
  if (!q.from || !q.to) throw badRequest('Give both from and to, or neither (the last run)');
  const { from, to } = reportPeriod(q);
  return { from, to };
}

async function present(db: Db, workspaceId: string, themes: Theme[]) {
  const [texts, touchpoints] = await Promise.all([customerTexts(db, workspaceId, themes.flatMap((t) => t.quotes)), touchpointIndex(db, workspaceId)]);
  return themes.map((t) => presentTheme(t, texts, touchpoints));
}

export const themeRoutes: DomainRoutes = async (app, { ctx }) => {
  const { db } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/insights/themes',
    {
      onRequest: ctx.guard('reports:read'),
      schema: {
        tags: ['insights'],
        summary: 'The recurring issues in what customers wrote (tickets, survey comments, reviews): the last run, or the last run of exactly [from, to)',
        description: 'Themes are computed daily over the last 30 days and on request (POST /insights/themes/refresh). run is null until a run of that period exists.',
        querystring: period,
        response: { 200: z.object({ run: runSchema.nullable(), themes: z.array(themeSchema) }) },
      },
    },
    async (req) => {
      const { workspaceId } = actorOf(req);
      const run = await latestRun(db, workspaceId, askedPeriod(req.query));
      if (!run) return { run: null, themes: [] };
      return { run: presentRun(run), themes: await present(db, workspaceId, await themesOfRun(db, workspaceId, run.id)) };
    },
  );

  r.get(
    '/insights/themes/:id',
    {
      onRequest: ctx.guard('reports:read'),
      schema: {
        tags: ['insights'],
        summary: 'One theme with its quotes, the customers with most texts in it and the touchpoints it touches',
        params: z.object({ id: z.string() }),
        response: {
          200: themeSchema.extend({
            run: runSchema,
            customers: z.object({ count: z.number(), ids: z.array(z.string()), list: z.array(z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() })) }),
          }),
        },
      },
    },
    async (req) => {
      const { workspaceId } = actorOf(req);
      const found = isUuid(req.params.id) ? await getTheme(db, workspaceId, req.params.id) : undefined;
      if (!found) throw notFound('Theme');
      const [theme] = await present(db, workspaceId, [found.theme]);
      const people = new Map((await customersByIds(db, workspaceId, found.theme.customerIds)).map((c) => [c.id, c]));
      const list = found.theme.customerIds.filter((id) => people.has(id)).map((id) => ({ id, name: people.get(id)!.name, email: people.get(id)!.email }));
      return { ...theme!, run: presentRun(found.run), customers: { ...theme!.customers, list } };
    },
  );

  r.post(
    '/insights/themes/refresh',
    {
      onRequest: ctx.guard('models:refresh'),
      schema: {
        tags: ['insights'],
        summary: 'Find the themes now: of the last 30 days (the daily run, brought forward), or of a period; 202: queued',
        body: period.nullish(),
        response: { 202: z.object({ status: z.literal('queued'), from: z.string().nullable(), to: z.string().nullable() }) },
      },
    },
    async (req, reply) => {
      const asked = askedPeriod(req.body);
      await requestThemes(ctx.jobs, actorOf(req).workspaceId, asked);
      return reply.code(202).send({ status: 'queued' as const, from: asked?.from.toISOString() ?? null, to: asked?.to.toISOString() ?? null });
    },
  );
};
