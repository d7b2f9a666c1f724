import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext, DomainRoutes } from '../platform/http/app.ts';
import { actorOf } from '../platform/http/access.ts';
import { badRequest } from '../platform/http/errors.ts';
import { decodeCursor, encodeCursor, limitSchema, pageOf } from '../platform/http/pagination.ts';
import { instant, WINDOWS } from '../platform/http/dates.ts';
import { presentSentiment, sentimentSchema } from '../insights/sentiment-presenter.ts';
import { sentimentsOf, type TextSentiment } from '../insights/store.ts';
import { announce, type ServiceDeps } from '../service/tickets.ts';
import { importReviews, reviewInput, starsOf } from './reviews.ts';
import { listReviews, type Review } from './store.ts';

const reviewSchema = z.object({
  id: z.string(),
  kind: z.string(),
  source: z.string(),
  externalId: z.string(),
  rating: z.number().nullable(),
  scale: z.number(),
  stars: z.number().nullable().describe('The rating on a 5-point scale'),
  title: z.string().nullable(),
  text: z.string().nullable(),
  author: z.string().nullable(),
  url: z.string().nullable(),
  postedAt: z.string(),
  customerId: z.string().nullable(),
  followUpTicketId: z.string().nullable(),
  sentiment: sentimentSchema.nullable().describe("The text's sentiment (score: P(positive) - P(negative)); null until read, and when there is no text"),
});
const present = (r: Review, sentiment: TextSentiment | undefined): z.infer<typeof reviewSchema> => ({
  id: r.id,
  kind: r.kind,
  source: r.source,
  externalId: r.externalId,
  rating: r.rating,
  scale: r.scale,
  stars: starsOf(r.rating, r.scale),
  title: r.title,
  text: r.body,
  author: r.author,
  url: r.url,
  postedAt: r.postedAt.toISOString(),
  customerId: r.customerId,
  followUpTicketId: r.followUpTicketId,
  sentiment: presentSentiment(sentiment),
});

export function reviewRoutes(depsOf: (ctx: AppContext) => ServiceDeps): DomainRoutes {
  return async (app, { ctx }) => {
    const { db } = ctx;
    const deps = depsOf(ctx);
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.post(
      '/reviews',
      {
        onRequest: ctx.guard('surveys:write'),
        schema: {
          tags: ['feedback'],
          summary: 'Import online reviews and social posts (up to 1,000); one invalid item refuses the whole batch, naming it',
          body: z.object({ reviews: z.array(z.unknown()).min(1).max(1000) }).strict(),
          response: {
            200: z.object({ read: z.number(), stored: z.number(), duplicates: z.number(), rejected: z.number(), onJourneys: z.number(), followUps: z.number(), errors: z.array(z.object({ item: z.number(), reason: z.string() })) }),
          },
        },
      },
      async (req) => {
        const { workspaceId } = actorOf(req);
        const problems = req.body.reviews.flatMap((item, i) => {
          const parsed = reviewInput.safeParse(item);
          return parsed.success ? [] : [`reviews[${i}]: ${parsed.error.issues.map((x) => `${x.path.join('.') || 'review'}: ${x.message}`).join('; ')}`];
        });
        if (problems.length > 0) throw badRequest(problems.slice(0, 20).join(' | '));
        const { summary, tickets } = await db.transaction((tx) => importReviews(tx, deps, workspaceId, req.body.reviews));
        for (const ticket of tickets) announce(deps, ticket, 'ticket.created');
        return summary;
      },
    );

    r.get(
      '/reviews',
      {
        onRequest: ctx.guard('reports:read'),
        schema: {
          tags: ['feedback'],
          summary: 'Reviews and posts, newest first',
          querystring: z.object({ source: z.string().optional(), from: instant(WINDOWS.bound).optional(), to: instant(WINDOWS.bound).optional(), limit: limitSchema, cursor: z.string().optional() }),
          response: { 200: pageOf(reviewSchema) },
        },
      },
      async (req) => {
        const { workspaceId } = actorOf(req);
        const q = req.query;
        const after = q.cursor ? decodeCursor(q.cursor, z.tuple([z.string().datetime(), z.string().uuid()])) : undefined;
        const rows = await listReviews(db, workspaceId, { source: q.source?.toLowerCase(), from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined }, q.limit + 1, after && { at: new Date(after[0]), id: after[1] });
        const page = rows.slice(0, q.limit);
        const last = page[page.length - 1];
        const sentiments = await sentimentsOf(db, workspaceId, 'review', page.map((row) => row.id));
        return { data: page.map((row) => present(row, sentiments.get(row.id))), nextCursor: rows.length > q.limit && last ? encodeCursor([last.postedAt.toISOString(), last.id]) : null };
      },
    );
  };
}
