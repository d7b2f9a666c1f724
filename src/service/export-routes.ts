import { Readable } from 'node:stream';
import { and, asc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { stringify } from 'csv-stringify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DomainRoutes } from '../platform/http/app.ts';
import { actorOf } from '../platform/http/access.ts';
import { badRequest } from '../platform/http/errors.ts';
import type { Db } from '../platform/db/client.ts';
import { spreadsheetCsv } from '../platform/csv.ts';
import { instant, WINDOWS } from '../platform/http/dates.ts';
import { customersByIds } from '../customers/store.ts';
import { listPeople } from '../workspaces/store.ts';
import { tickets } from './schema.ts';
import { STATUSES } from './status.ts';
import type { Ticket } from './store.ts';

// Every ticket of a period as CSV, streamed a thousand rows at a time so an export
// of years of tickets neither holds them all in memory nor times out.

const COLUMNS = ['number', 'subject', 'status', 'priority', 'channel', 'tags', 'customer_name', 'customer_email', 'assignee', 'team_id', 'created_at', 'first_response_at', 'solved_at', 'closed_at', 'updated_at'];
const PAGE = 1000;

async function* pages(db: Db, workspaceId: string, where: SQL[]): AsyncGenerator<Ticket[]> {
  let after: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const cursor = after ? [sql`(${tickets.createdAt}, ${tickets.id}) > (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`] : [];
    const page = await db
      .select()
      .from(tickets)
      .where(and(eq(tickets.workspaceId, workspaceId), ...where, ...cursor))
      .orderBy(asc(tickets.createdAt), asc(tickets.id))
      .limit(PAGE);
    if (page.length === 0) return;
    yield page;
    const last = page[page.length - 1]!;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

export const ticketExportRoutes: DomainRoutes = async (app, { ctx }) => {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/tickets/export',
    {
      onRequest: ctx.guard('tickets:read'),
      schema: {
        tags: ['tickets'],
        summary: 'Tickets created in [from, to) as CSV (UTF-8 with BOM, CRLF), oldest first',
        querystring: z.object({
          from: instant(WINDOWS.bound).optional().describe('Default: the beginning'),
          to: instant(WINDOWS.bound).optional().describe('Default: now'),
          status: z.string().optional().describe(`Comma-separated: ${STATUSES.join(', ')}`),
        }),
      },
    },
    async (req, reply) => {
      const { workspaceId } = actorOf(req);
      const from = req.query.from ? new Date(req.query.from) : new Date(0);
      const to = req.query.to ? new Date(req.query.to) : new Date();
      if (from >= to) throw badRequest('from must be before to');
      const status = req.query.status?.split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = status?.filter((s) => !(STATUSES as readonly string[]).includes(s));
      if (unknown?.length) throw badRequest(`status: unknown ${unknown.join(', ')} (one of ${STATUSES.join(', ')})`);
      const where = [gte(tickets.createdAt, from), lt(tickets.createdAt, to), ...(status?.length ? [inArray(tickets.status, status as Ticket['status'][])] : [])];
      // Past tickets keep their assignee's address, whether or not that person still works here.
      const assignees = new Map((await listPeople(ctx.db, workspaceId, { includeRemoved: true })).map((m) => [m.id, m.email]));
      const iso = (d: Date | null) => d?.toISOString() ?? '';

      async function* rows() {
        for await (const page of pages(ctx.db, workspaceId, where)) {
          const customers = new Map((await customersByIds(ctx.db, workspaceId, [...new Set(page.map((t) => t.customerId))])).map((c) => [c.id, c]));
          for (const t of page) {
            const c = customers.get(t.customerId);
            yield {
              number: t.number,
              subject: t.subject,
              status: t.status,
              priority: t.priority,
              channel: t.channel,
              tags: t.tags.join('; '),
              customer_name: c?.name ?? '',
              customer_email: c?.email ?? '',
              assignee: t.assigneeId ? (assignees.get(t.assigneeId) ?? t.assigneeId) : '',
              team_id: t.teamId ?? '',
              created_at: iso(t.createdAt),
              first_response_at: iso(t.firstResponseAt),
              solved_at: iso(t.solvedAt),
              closed_at: iso(t.closedAt),
              updated_at: iso(t.updatedAt),
            };
          }
        }
      }

      const csv = Readable.from(rows()).pipe(stringify({ ...spreadsheetCsv, columns: COLUMNS, bom: true }));
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="tickets-${from.toISOString().slice(0, 10)}-${to.toISOString().slice(0, 10)}.csv"`)
        .send(csv);
    },
  );
};
