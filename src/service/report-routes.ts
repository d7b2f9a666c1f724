import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DomainRoutes } from '../platform/http/app.ts';
import { actorOf } from '../platform/http/access.ts';
import { periodQuery, reportPeriod } from '../platform/http/period.ts';
import { sendCsv } from '../platform/http/csv-reply.ts';
import { flattenFigures, GROUP_BY, serviceReport } from './report.ts';
import { RECOVERY_GROUP_BY, recoveryReport } from './recovery/report.ts';
import { recoveriesForReport } from './recovery/store.ts';

const summary = z.object({ n: z.number(), mean: z.number().nullable(), median: z.number().nullable(), p90: z.number().nullable() });
const block = z.object({ firstResponse: summary, nextResponse: summary, firstResolution: summary, fullResolution: summary });
const achievement = z
  .object({ met: z.number(), breached: z.number(), running: z.number(), rate: z.number().nullable() })
  .describe('Tickets whose clock for the target met it, breached it (missed, or past due while still running) or still runs; rate = met / (met + breached), null when none came due');
const figures = z.object({
  tickets: z.number(),
  solved: z.number(),
  backlog: z.number(),
  reopenRate: z.number().nullable(),
  oneTouchRate: z.number().nullable(),
  slaAchievement: z.object({ firstResponse: achievement, nextResponse: achievement, resolution: achievement }),
  calendarHours: block,
  businessHours: block,
});

const recoveryFigures = z.object({ key: z.string(), currency: z.string(), recoveries: z.number(), tickets: z.number(), totalCost: z.number(), averageCost: z.number() });

export const serviceReportRoutes: DomainRoutes = async (app, { ctx }) => {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/reports/recovery',
    {
      onRequest: ctx.guard('reports:read'),
      schema: {
        tags: ['reports'],
        summary: 'Service recovery recorded in [from, to): how many, on how many tickets, and what it cost, per currency',
        querystring: z.object({ ...periodQuery, groupBy: z.enum(RECOVERY_GROUP_BY).default('none') }),
        response: { 200: z.union([z.object({ from: z.string(), to: z.string(), groupBy: z.string(), groups: z.array(recoveryFigures) }), z.string()]) },
      },
    },
    async (req, reply) => {
      const { workspaceId } = actorOf(req);
      const { from, to, label } = reportPeriod(req.query);
      const groups = recoveryReport(await recoveriesForReport(ctx.db, workspaceId, from, to), req.query.groupBy);
      if (req.query.format === 'csv') return sendCsv(reply, `recovery-report-${label}.csv`, groups, Object.keys(recoveryFigures.shape));
      return { from: from.toISOString(), to: to.toISOString(), groupBy: req.query.groupBy, groups };
    },
  );

  app.withTypeProvider<ZodTypeProvider>().get(
    '/reports/service',
    {
      onRequest: ctx.guard('reports:read'),
      schema: {
        tags: ['reports'],
        summary: 'Service metrics of tickets created in [from, to): response and resolution times (hours; mean, median, p90) in calendar and business hours, reopen and one-touch rates, backlog, SLA achievement per target',
        description: 'Definitions: README, "Service metrics". Business hours: the calendar of the SLA policy (default Monday to Friday 09:00-17:00 in TOUCHPOINT_TIMEZONE).',
        querystring: z.object({ ...periodQuery, groupBy: z.enum(GROUP_BY).default('none') }),
        response: {
          200: z.union([
            z.object({
              from: z.string(),
              to: z.string(),
              groupBy: z.string(),
              timeZone: z.string(),
              asOf: z.string().describe('The instant SLA clocks still running were judged at: past their due time then, they count as breached'),
              groups: z.array(z.object({ key: z.string() }).extend(figures.shape)),
            }),
            z.string(),
          ]),
        },
      },
    },
    async (req, reply) => {
      const { workspaceId } = actorOf(req);
      const { from, to, label } = reportPeriod(req.query);
      const asOf = new Date();
      const groups = await serviceReport(ctx.db, ctx.jobs, workspaceId, { from, to }, req.query.groupBy, ctx.config.timeZone, asOf);
      if (req.query.format === 'csv') {
        const flat = groups.map((g) => flattenFigures(g.key, g.figures));
        return sendCsv(reply, `service-report-${label}.csv`, flat, flat[0] ? undefined : ['group']);
      }
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        groupBy: req.query.groupBy,
        timeZone: ctx.config.timeZone,
        asOf: asOf.toISOString(),
        groups: groups.map((g) => ({ key: g.key, ...g.figures })),
      };
    },
  );
};
