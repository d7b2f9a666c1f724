import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DomainRoutes } from '../platform/http/app.ts';
import { actorOf } from '../platform/http/access.ts';
import { notFound } from '../platform/http/errors.ts';
import { decodeCursor, encodeCursor, limitSchema, pageOf } from '../platform/http/pagination.ts';
import { getCustomer } from '../customers/store.ts';
import { touchpointIndex } from '../touchpoints/store.ts';
import { journeyBacklog, listJourney } from './store.ts';
import { backlogSchema, journeyEntrySchema, presentBacklog, presentJourneyEntry } from './presenters.ts';

export const journeyRoutes: DomainRoutes = async (app, { ctx }) => {
  const { db } = ctx;
  app.withTypeProvider<ZodTypeProvider>().get(
    '/customers/:id/journey',
    {
      onRequest: ctx.guard('customers:read'),
      schema: {
        tags: ['journeys'],
        summary: "The customer's journey: every touchpoint in time order (oldest first unless order=desc)",
        params: z.object({ id: z.string() }),
        querystring: z.object({
          cursor: z.string().optional(),
          limit: limitSchema,
          order: z.enum(['asc', 'desc']).default('asc'),
          kind: z.string().optional().describe('Comma-separated kinds to keep, e.g. track,page,ticket'),
        }),
        response: { 200: pageOf(journeyEntrySchema) },
      },
    },
    async (req) => {
      const { workspaceId } = actorOf(req);
      const customer = z.string().uuid().safeParse(req.params.id).success ? await getCustomer(db, workspaceId, req.params.id) : undefined;
      if (!customer) throw notFound('Customer');
      const { cursor, limit, order } = req.query;
      const after = cursor ? decodeCursor(cursor, z.tuple([z.string().datetime(), z.string().regex(/^\d+$/)])) : undefined;
      const kinds = req.query.kind?.split(',').map((k) => k.trim()).filter(Boolean);
      const [rows, touchpoints] = await Promise.all([
        listJourney(db, workspaceId, customer.id, { after: after && { at: after[0], id: after[1] }, limit: limit + 1, order, kinds }),
        touchpointIndex(db, workspaceId),
      ]);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        data: page.map((row) => presentJourneyEntry(row, row.touchpointId ? touchpoints.get(row.touchpointId) : undefined)),
        nextCursor: rows.length > limit && last ? encodeCursor([last.at.toISOString(), last.id]) : null,
      };
    },
  );

  app.withTypeProvider<ZodTypeProvider>().get(
    '/journeys/backlog',
    {
      onRequest: ctx.guard('workspace:read'),
      schema: {
        tags: ['journeys'],
        summary: 'How far enrichment is behind: tracked events stored (and acknowledged) but not yet resolved to a customer and touchpoint',
        response: { 200: backlogSchema },
      },
    },
    async (req) => presentBacklog(await journeyBacklog(db, actorOf(req).workspaceId), new Date()),
  );
};
