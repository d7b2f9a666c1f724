import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DomainRoutes } from '../platform/http/app.ts';
import { actorOf } from '../platform/http/access.ts';
import { badRequest } from '../platform/http/errors.ts';
import { periodQuery, reportPeriod } from '../platform/http/period.ts';
import { sendCsv } from '../platform/http/csv-reply.ts';
import { touchpointIndex } from '../touchpoints/store.ts';
import { ticketOutcomes } from '../service/store.ts';
import { funnel, pageFunnel } from './metrics.ts';
import { FEEDBACK_GROUP_BY, feedbackGroups, figuresOf, loopFigures } from './report.ts';
import { segmentMemberships } from '../segments/store.ts';
import { detractorFollowUps, funnelCounts, getSurvey, pageFunnelCounts, listSurveys, reviewAggregates, scoreAggregates, type ScoreGrouping } from './store.ts';

const nullableNumber = z.number().nullable();
const npsSchema = z.object({ n: z.number(), promoters: z.number(), passives: z.number(), detractors: z.number(), score: nullableNumber, ci95: z.tuple([z.number(), z.number()]).nullable() });
const topBoxSchema = z.object({ n: z.number(), favourable: z.number(), share: nullableNumber });
const groupSchema = z.object({
  key: z.string(),
  label: z.string(),
  subKey: z.string().optional(),
  subLabel: z.string().optional(),
  nps: npsSchema,
  csat: topBoxSchema,
  ces: topBoxSchema.extend({ mean: nullableNumber }),
  rating: z.object({ n: z.number(), mean: nullableNumber }),
});

export const feedbackReportRoutes: DomainRoutes = async (app, { ctx }) => {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/reports/feedback',
    {
      onRequest: ctx.guard('reports:read'),
      schema: {
        tags: ['reports'],
        summary: 'NPS (with its 95% interval), CSAT, CES and ratings of answers given in [from, to), by group; the invitations’ response funnel; the closed loop',
        description:
          'Reviews: per source, mean stars on 5 (each rating rescaled), 4-5 stars and 1-2 stars. NPS = % promoters (9-10) − % detractors (0-6) of the NPS answers (unanswered questions are not counted); interval: adjusted-Wald (Rocks 2016). CSAT: % top box (5-point 4-5, 7-point 6-7, 3-point 3, 2-point 2). CES: mean on its scale and % agreeing it was easy. Funnel: invitations scheduled in the period; each stage as % of sent. Page funnel: the public link and the kiosk, which send nothing: opened = views of the survey’s page (every view, as the pages know no visitor), started and completed = responses given there; each as % of page views.',
        querystring: z.object({
          ...periodQuery,
          surveyId: z.string().uuid().optional(),
          groupBy: z.enum(FEEDBACK_GROUP_BY).default('none'),
          thenBy: z.enum(FEEDBACK_GROUP_BY).optional().describe('A second grouping inside each group: groupBy=month&thenBy=touchpoint'),
        }),
        response: {
          200: z.union([
            z.object({
              from: z.string(),
              to: z.string(),
              surveyId: z.string().nullable(),
              groupBy: z.string(),
              thenBy: z.string().nullable(),
              timeZone: z.string(),
              total: groupSchema,
              groups: z.array(groupSchema),
              funnel: z.object({ sent: z.number(), delivered: z.number(), opened: z.number(), started: z.number(), completed: z.number(), rates: z.record(z.string(), nullableNumber) }),
              pageFunnel: z.array(z.object({ channel: z.enum(['link', 'kiosk']), opened: z.number(), started: z.number(), completed: z.number(), rates: z.record(z.string(), nullableNumber) })),
              reviews: z.array(z.object({ source: z.string(), kind: z.string(), n: z.number(), rated: z.number(), meanStars: nullableNumber, positive: z.number(), negative: z.number() })),
              loop: z.object({ detractors: z.number(), followUps: z.number(), contacted: z.number(), contactedShare: nullableNumber, hoursToFirstContact: z.object({ median: nullableNumber, p90: nullableNumber }), solved: z.number() }),
            }),
            z.string(),
          ]),
        },
      },
    },
    async (req, reply) => {
      const { workspaceId } = actorOf(req);
      const { db } = ctx;
      const { from, to, label } = reportPeriod(req.query);
      const { surveyId, groupBy } = req.query;
      const thenBy = req.query.thenBy === 'none' || req.query.thenBy === groupBy ? undefined : req.query.thenBy;
      if (surveyId && !(await getSurvey(db, workspaceId, surveyId))) throw badRequest(`surveyId: no survey ${surveyId} in this workspace`);
      // Feedback is counted per UTC day (the day counts): weeks and months are UTC ones.
      const timeZone = 'UTC';
      const sqlGrouping = (by: typeof groupBy): ScoreGrouping => (by === 'stage' ? 'touchpoint' : by);
      // By segment: a customer counts in each segment they are in; answers of customers in none are left out.
      const bySegment = groupBy === 'segment' || thenBy === 'segment';
      const memberships = bySegment ? await segmentMemberships(db, workspaceId) : [];
      const [overall, aggregates, touchpoints, surveys, sends, pages, followUps, reviews] = await Promise.all([
        // The total counts every answer once, whatever the segments.
        bySegment ? scoreAggregates(db, workspaceId, { from, to, surveyId, groupBy: 'none' }) : null,
        scoreAggregates(db, workspaceId, { from, to, surveyId, groupBy: sqlGrouping(groupBy), thenBy: thenBy && sqlGrouping(thenBy), memberships }),
        touchpointIndex(db, workspaceId),
        listSurveys(db, workspaceId),
        funnelCounts(db, workspaceId, { from, to, surveyId }),
        pageFunnelCounts(db, workspaceId, { from, to, surveyId }),
        detractorFollowUps(db, workspaceId, { from, to, surveyId }),
        reviewAggregates(db, workspaceId, from, to),
      ]);
      const dims = { touchpoints, surveyNames: new Map(surveys.map((s) => [s.id, s.name])), segmentNames: new Map(memberships.map((m) => [m.segmentId, m.name])) };
      const groups = feedbackGroups(aggregates, groupBy, dims, thenBy);
      const total = { key: 'all', label: 'All', ...figuresOf(overall ?? aggregates) };
      if (req.query.format === 'csv') {
        const rows = groups.map((g) => ({
          group: g.label,
          ...(thenBy ? { [thenBy]: g.subLabel } : {}),
          nps_n: g.nps.n,
          nps: g.nps.score ?? '',
          nps_ci_low: g.nps.ci95?.[0] ?? '',
          nps_ci_high: g.nps.ci95?.[1] ?? '',
          promoters: g.nps.promoters,
          passives: g.nps.passives,
          detractors: g.nps.detractors,
          csat_n: g.csat.n,
          csat_percent: g.csat.share ?? '',
          ces_n: g.ces.n,
          ces_mean: g.ces.mean ?? '',
          ces_agree_percent: g.ces.share ?? '',
        }));
        return sendCsv(reply, `feedback-report-${label}.csv`, rows, rows[0] ? undefined : ['group']);
      }
      const ticketIds = followUps.map((f) => f.followUpTicketId);
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        surveyId: surveyId ?? null,
        groupBy,
        thenBy: thenBy ?? null,
        timeZone,
        total,
        groups,
        funnel: funnel(sends),
        pageFunnel: pages.map(pageFunnel),
        reviews,
        loop: loopFigures(total.nps.detractors, followUps, await ticketOutcomes(db, workspaceId, ticketIds)),
      };
    },
  );
};
