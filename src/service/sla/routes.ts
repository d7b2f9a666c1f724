import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DomainRoutes } from '../../platform/http/app.ts';
import { actorOf } from '../../platform/http/access.ts';
import { badRequest } from '../../platform/http/errors.ts';
import { calendarDay, WINDOWS } from '../../platform/http/dates.ts';
import { refillFacts } from '../facts.ts';
import { loadSlaPolicy, saveSlaPolicy } from '../store.ts';
import { defaultPolicy } from './policy.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');
const targets = z.object({ firstResponse: z.number().int().min(1).max(525_600), nextResponse: z.number().int().min(1).max(525_600), resolution: z.number().int().min(1).max(525_600) });
export const slaPolicySchema = z.object({
  calendar: z.object({
    timeZone: z.string(),
    hours: z.record(z.string().regex(/^[0-6]$/, 'a weekday 0 (Sunday) to 6'), z.tuple([hhmm, hhmm]).nullable()).describe('Missing days are closed'),
    holidays: z.array(calendarDay(WINDOWS.calendar)).max(1000),
  }),
  targets: z.object({ urgent: targets, high: targets, normal: targets, low: targets }).describe('Business minutes per priority'),
  warnBeforeMinutes: z.number().int().min(0).max(10_080),
});

export const slaPolicyRoutes: DomainRoutes = async (app, { ctx }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/sla-policy',
    { onRequest: ctx.guard('tickets:read'), schema: { tags: ['sla'], summary: "The workspace's SLA policy: business calendar and targets per priority", response: { 200: slaPolicySchema } } },
    async (req) => (await loadSlaPolicy(ctx.db, actorOf(req).workspaceId)) ?? defaultPolicy(ctx.config.timeZone),
  );
  r.put(
    '/sla-policy',
    { onRequest: ctx.guard('users:manage'), schema: { tags: ['sla'], summary: 'Replace the SLA policy (admins)', body: slaPolicySchema, response: { 200: slaPolicySchema } } },
    async (req) => {
      const policy = req.body;
      try {
        new Intl.DateTimeFormat('en', { timeZone: policy.calendar.timeZone });
      } catch {
        throw badRequest(`calendar.timeZone: "${policy.calendar.timeZone}" is not an IANA time zone`);
      }
      for (const [day, hours] of Object.entries(policy.calendar.hours)) {
        if (hours && hours[0] >= hours[1]) throw badRequest(`calendar.hours.${day}: opening must be before closing`);
      }
      if (!Object.values(policy.calendar.hours).some(Boolean)) throw badRequest('calendar.hours: at least one day must have opening hours');
      const { workspaceId } = actorOf(req);
      // Business-hours report facts follow the calendar: a fill recomputes them (and finds nothing to do when the calendar is unchanged).
      await ctx.db.transaction(async (tx) => {
        await saveSlaPolicy(tx, workspaceId, policy);
        await refillFacts(tx, ctx.jobs, workspaceId);
      });
      return policy;
    },
  );
};
