import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DomainRoutes } from '../../platform/http/app.ts';
import { actorOf } from '../../platform/http/access.ts';
import { sendCsv } from '../../platform/http/csv-reply.ts';
import { badRequest } from '../../platform/http/errors.ts';
import { periodQuery, reportPeriod } from '../../platform/http/period.ts';
import { getSurvey } from '../../feedback/store.ts';
import type { Driver, Friction, Interval } from './analysis.ts';
import { driversReport } from './drivers.ts';
import { DRIVER_KINDS } from './features.ts';
import { DRIVER_METRICS, type DriverMetric } from './outcome.ts';

const METRIC_NAMES: Record<DriverMetric, string> = { nps: 'NPS', csat: 'CSAT', ces: 'CES' };
const interval = z.tuple([z.number(), z.number()]).nullable();
const driverSchema = z.object({
  key: z.string(),
  kind: z.enum(DRIVER_KINDS),
  label: z.string(),
  nWith: z.number(),
  nWithout: z.number(),
  enough: z.boolean().describe('false: fewer than 10 answers with or without it; shown as "not enough data", not ranked'),
  meanWith: z.number().nullable(),
  meanWithout: z.number().nullable(),
  importance: z.number().nullable().describe('Standardised ridge coefficient: the ranking measure'),
  interval: interval.describe('95% bootstrap interval of the importance'),
  effect: z.number().nullable().describe('The same in points of the metric, other features held fixed'),
  effectInterval: interval,
  direction: z.enum(['positive', 'negative', 'unclear']).nullable(),
});
const frictionSchema = z.object({ key: z.string(), kind: z.enum(DRIVER_KINDS), label: z.string(), reach: z.number(), drop: z.number(), impact: z.number(), interval: z.tuple([z.number(), z.number()]) });

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const roundOrNull = (x: number | null, digits: number) => (x === null ? null : round(x, digits));
const roundInterval = (i: Interval | null, digits: number): Interval | null => (i === null ? null : [round(i[0], digits), round(i[1], digits)]);

const presentDriver = (d: Driver) => ({
  ...d,
  meanWith: roundOrNull(d.meanWith, 1),
  meanWithout: roundOrNull(d.meanWithout, 1),
  importance: roundOrNull(d.importance, 3),
  interval: roundInterval(d.interval, 3),
  effect: roundOrNull(d.effect, 1),
  effectInterval: roundInterval(d.effectInterval, 1),
});
const presentFriction = (f: Friction) => ({ ...f, reach: round(f.reach, 3), drop: round(f.drop, 1), impact: round(f.impact, 1), interval: roundInterval(f.interval, 1)! });

export const driverRoutes: DomainRoutes = async (app, { ctx }) => {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/insights/drivers',
    {
      onRequest: ctx.guard('reports:read'),
      schema: {
        tags: ['insights'],
        summary: 'What goes with a higher or lower NPS, CSAT or CES: touchpoints, journey events and service facts of the days before each answer, ranked, with 95% intervals; touchpoints ranked by friction',
        description:
          'Over the answers of known customers given in [from, to). Each answer counts as its share of the metric (NPS: +100 promoter, 0 passive, −100 detractor; CSAT and CES: 100 favourable, else 0), so means are the metric and differences are in its points. ' +
          'importance: standardised coefficient of a ridge regression on every feature at once; effect: the same in points; intervals: 200 bootstrap resamples with a fixed seed. ' +
          'friction: reach (share of answers that went through it) × drop (mean without − mean with). Associations, not proof of cause.',
        querystring: z.object({
          ...periodQuery,
          metric: z.enum(DRIVER_METRICS).default('nps'),
          surveyId: z.string().uuid().optional(),
          windowDays: z.coerce.number().int().min(1).max(365).default(30).describe('Features are taken from this many days before each answer'),
        }),
        response: {
          200: z.union([
            z.object({
              from: z.string(),
              to: z.string(),
              metric: z.enum(DRIVER_METRICS),
              surveyId: z.string().nullable(),
              windowDays: z.number(),
              n: z.number(),
              anonymous: z.number().describe('Answers without a known customer, left out: they have no journey'),
              baseline: z.number(),
              r2: z.number(),
              drivers: z.array(driverSchema),
              friction: z.array(frictionSchema),
            }),
            z.string(),
          ]),
        },
      },
    },
    async (req, reply) => {
      const { workspaceId } = actorOf(req);
      const { from, to, label } = reportPeriod(req.query);
      const { metric, surveyId, windowDays } = req.query;
      if (surveyId) {
        const survey = await getSurvey(ctx.db, workspaceId, surveyId);
        if (!survey) throw badRequest(`surveyId: no survey ${surveyId} in this workspace`);
        if (!survey.questions.some((q) => q.type === metric)) throw badRequest(`surveyId: the survey "${survey.name}" asks no ${METRIC_NAMES[metric]} question`);
      }
      const report = await driversReport(ctx.db, workspaceId, { metric, from, to, surveyId, windowDays });
      if (!report) throw badRequest(`No ${METRIC_NAMES[metric]} answers of known customers from ${from.toISOString()} to ${to.toISOString()}${surveyId ? ' in this survey' : ''}: nothing to analyse`);
      const drivers = report.drivers.map(presentDriver);
      const friction = report.friction.map(presentFriction);
      if (req.query.format === 'csv') {
        const frictionOf = new Map(friction.map((f) => [f.key, f]));
        const rows = drivers.map((d) => ({
          key: d.key,
          kind: d.kind,
          label: d.label,
          status: d.enough ? 'ranked' : 'not enough data',
          n_with: d.nWith,
          n_without: d.nWithout,
          mean_with: d.meanWith ?? '',
          mean_without: d.meanWithout ?? '',
          importance: d.importance ?? '',
          importance_low: d.interval?.[0] ?? '',
          importance_high: d.interval?.[1] ?? '',
          effect: d.effect ?? '',
          effect_low: d.effectInterval?.[0] ?? '',
          effect_high: d.effectInterval?.[1] ?? '',
          direction: d.direction ?? '',
          friction_impact: frictionOf.get(d.key)?.impact ?? '',
          friction_low: frictionOf.get(d.key)?.interval[0] ?? '',
          friction_high: frictionOf.get(d.key)?.interval[1] ?? '',
        }));
        return sendCsv(reply, `drivers-${metric}-${label}.csv`, rows, rows[0] ? undefined : ['key']);
      }
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        metric,
        surveyId: surveyId ?? null,
        windowDays,
        n: report.n,
        anonymous: report.anonymous,
        baseline: round(report.baseline, 1),
        r2: round(report.r2, 3),
        drivers,
        friction,
      };
    },
  );
};
