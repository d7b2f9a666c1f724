import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DomainRoutes } from '../platform/http/app.ts';
import { actorOf } from '../platform/http/access.ts';
import { sendCsv } from '../platform/http/csv-reply.ts';
import { periodQuery, reportPeriod } from '../platform/http/period.ts';
import { sentimentReport } from './store.ts';

const GROUP_BY = ['none', 'day', 'week', 'month', 'source', 'touchpoint'] as const;
const group = z.object({ key: z.string(), texts: z.number(), negative: z.number(), neutral: z.number(), positive: z.number(), meanScore: z.number() });

export const insightRoutes: DomainRoutes = async (app, { ctx }) => {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/insights/sentiment',
    {
      onRequest: ctx.guard('reports:read'),
      schema: {
        tags: ['insights'],
        summary: 'How customers felt in the texts they wrote in [from, to): counts per sentiment and the mean score (P(positive) - P(negative))',
        description: 'groupBy source: the channel the text came in on; touchpoint: the touchpoint id of its journey entry ("none" when it has none).',
        querystring: z.object({ ...periodQuery, groupBy: z.enum(GROUP_BY).default('none') }),
        response: { 200: z.union([z.object({ from: z.string(), to: z.string(), groupBy: z.string(), groups: z.array(group) }), z.string()]) },
      },
    },
    async (req, reply) => {
      const { workspaceId } = actorOf(req);
      const { from, to, label } = reportPeriod(req.query);
      const groups = await sentimentReport(ctx.db, workspaceId, from, to, req.query.groupBy);
      if (req.query.format === 'csv') return sendCsv(reply, `sentiment-${label}.csv`, groups, Object.keys(group.shape));
      return { from: from.toISOString(), to: to.toISOString(), groupBy: req.query.groupBy, groups };
    },
  );
};
