import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext, DomainRoutes } from '../platform/http/app.ts';
import { actorOf } from '../platform/http/access.ts';
import { importTickets, ticketImportSchema } from './import.ts';
import type { ServiceDeps } from './tickets.ts';

export function ticketImportRoutes(depsOf: (ctx: AppContext) => ServiceDeps): DomainRoutes {
  return async (app, { ctx }) => {
    const deps = depsOf(ctx);
    app.withTypeProvider<ZodTypeProvider>().post(
      '/imports/tickets',
      {
        onRequest: ctx.guard('tickets:write'),
        bodyLimit: 20 * 1024 * 1024,
        schema: {
          tags: ['tickets'],
          summary: 'Import up to 500 tickets with their messages and status changes at their original times (all or none); an externalId already imported is skipped',
          body: ticketImportSchema,
          response: { 200: z.object({ imported: z.number(), skipped: z.number() }) },
        },
      },
      async (req) => importTickets(ctx.db, deps, actorOf(req).workspaceId, req.body.tickets),
    );
  };
}
