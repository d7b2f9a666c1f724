import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DomainRoutes } from '../platform/http/app.ts';
import { actorOf } from '../platform/http/access.ts';
import { badRequest, notFound } from '../platform/http/errors.ts';
import { isUuid } from '../platform/http/ids.ts';
import { periodQuery, reportPeriod } from '../platform/http/period.ts';
import { customersByIds } from '../customers/store.ts';
import { listPurchases } from '../journeys/store.ts';
import { customerContactsSince } from '../service/store.ts';
import { getTeam } from '../service/routing/store.ts';
import { getSegment } from '../segments/store.ts';
import { outreachEvaluation } from './evaluate.ts';
import { outreachOutcomes, WINDOWS } from './outcomes.ts';
import { gatingProblem, outreachActionSchema, outreachTriggerSchema, type OutreachAction, type OutreachTrigger } from './rules.ts';
import { deleteRule, getRule, insertRule, listActions, listRules, updateRule, type OutreachRule } from './store.ts';
import type { ServiceDeps } from '../service/tickets.ts';

const tags = ['outreach'];
const ruleFields = {
  name: z.string().trim().min(1).max(200),
  enabled: z.boolean(),
  trigger: outreachTriggerSchema,
  action: outreachActionSchema,
  cooldownDays: z.number().int().min(1).max(365).describe('Act on a customer at most once in this many days'),
  holdoutPercent: z.number().int().min(0).max(50).describe('Leave this share of matched customers alone, to measure what the action changed'),
};
const ruleSchema = z.object({ id: z.string(), ...ruleFields, createdAt: z.string() });
const ruleCreate = z.object({ ...ruleFields, enabled: ruleFields.enabled.default(true), cooldownDays: ruleFields.cooldownDays.default(30), holdoutPercent: ruleFields.holdoutPercent.default(10) }).strict();
const rulePatch = z.object(ruleFields).partial().strict();

const groupSchema = z.object({ contactN: z.number(), contacted: z.number(), purchaseN: z.number(), purchased: z.number() });
const intervalSchema = z.object({ difference: z.number(), low: z.number(), high: z.number() }).nullable();

const presentRule = (r: OutreachRule) => ({
  id: r.id,
  name: r.name,
  enabled: r.enabled,
  trigger: r.trigger,
  action: r.action,
  cooldownDays: r.cooldownDays,
  holdoutPercent: r.holdoutPercent,
  createdAt: r.createdAt.toISOString(),
});

export const outreachRoutes =
  (depsOf: () => ServiceDeps): DomainRoutes =>
  async (app, { ctx }) => {
    const { db } = ctx;
    const r = app.withTypeProvider<ZodTypeProvider>();
    const params = z.object({ id: z.string() });

    const load = async (workspaceId: string, id: string) => {
      const rule = isUuid(id) ? await getRule(db, workspaceId, id) : undefined;
      if (!rule) throw notFound('Outreach rule');
      return rule;
    };
    // What an action points at must be in the workspace: a 400 that names it, before anything is stored.
    const checkRule = async (workspaceId: string, trigger: OutreachTrigger, a: OutreachAction | undefined) => {
      const gating = gatingProblem(trigger, a);
      if (gating) throw badRequest(gating);
      if (a?.type === 'ticket' && a.teamId && !(await getTeam(db, workspaceId, a.teamId))) throw badRequest(`action.teamId: no team ${a.teamId} in this workspace`);
      if (a?.type === 'segment' && !(await getSegment(db, workspaceId, a.segmentId))) throw badRequest(`action.segmentId: no segment ${a.segmentId} in this workspace`);
    };

    r.get('/outreach/rules', { onRequest: ctx.guard('reports:read'), schema: { tags, summary: 'The workspace’s outreach rules', response: { 200: z.object({ data: z.array(ruleSchema) }) } } }, async (req) => ({
      data: (await listRules(db, actorOf(req).workspaceId)).map(presentRule),
    }));

    r.post(
      '/outreach/rules',
      {
        onRequest: ctx.guard('surveys:write'),
        schema: {
          tags,
          summary: 'Create an outreach rule: when a customer slips away, will likely need help, or an event happens, message them, open a task for a team, or add them to a segment',
          body: ruleCreate,
          response: { 201: ruleSchema },
        },
      },
      async (req, reply) => {
        const { workspaceId } = actorOf(req);
        await checkRule(workspaceId, req.body.trigger, req.body.action);
        return reply.code(201).send(presentRule(await insertRule(db, { workspaceId, ...req.body })));
      },
    );

    r.patch('/outreach/rules/:id', { onRequest: ctx.guard('surveys:write'), schema: { tags, summary: 'Change an outreach rule (enabled: false pauses it)', params, body: rulePatch, response: { 200: ruleSchema } } }, async (req) => {
      const rule = await load(actorOf(req).workspaceId, req.params.id);
      await checkRule(rule.workspaceId, req.body.trigger ?? rule.trigger, req.body.action ?? rule.action);
      return presentRule((await updateRule(db, rule.workspaceId, rule.id, req.body))!);
    });

    r.delete('/outreach/rules/:id', { onRequest: ctx.guard('surveys:write'), schema: { tags, summary: 'Delete an outreach rule and its history', params } }, async (req, reply) => {
      const rule = await load(actorOf(req).workspaceId, req.params.id);
      await deleteRule(db, rule.workspaceId, rule.id);
      return reply.code(204).send();
    });

    r.post(
      '/outreach/run',
      { onRequest: ctx.guard('surveys:write'), schema: { tags, summary: 'Run the rules on P(alive) and need for help now (they run daily anyway); 202: queued', response: { 202: z.object({ status: z.literal('queued') }) } } },
      async (req, reply) => {
        await outreachEvaluation(depsOf()).request(ctx.jobs, actorOf(req).workspaceId);
        return reply.code(202).send({ status: 'queued' as const });
      },
    );

    r.get(
      '/outreach/actions',
      {
        onRequest: ctx.guard('reports:read'),
        schema: {
          tags,
          summary: 'The latest customers outreach rules acted on (or held out), newest first',
          querystring: z.object({ ruleId: z.string().optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
          response: {
            200: z.object({
              data: z.array(
                z.object({
                  id: z.string(),
                  ruleId: z.string(),
                  customer: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
                  firedAt: z.string(),
                  reason: z.string(),
                  heldOut: z.boolean(),
                  result: z.string(),
                  ticketId: z.string().nullable(),
                }),
              ),
            }),
          },
        },
      },
      async (req) => {
        const { workspaceId } = actorOf(req);
        if (req.query.ruleId) await load(workspaceId, req.query.ruleId);
        const actions = await listActions(db, workspaceId, { ruleId: req.query.ruleId }, req.query.limit);
        const people = new Map((await customersByIds(db, workspaceId, [...new Set(actions.map((a) => a.customerId))])).map((c) => [c.id, c]));
        return {
          data: actions.map((a) => ({
            id: a.id,
            ruleId: a.ruleId,
            customer: { id: a.customerId, name: people.get(a.customerId)?.name ?? null, email: people.get(a.customerId)?.email ?? null },
            firedAt: a.firedAt.toISOString(),
            reason: a.reason,
            heldOut: a.heldOut,
            result: a.result,
            ticketId: a.ticketId,
          })),
        };
      },
    );

    r.get(
      '/outreach/report',
      {
        onRequest: ctx.guard('reports:read'),
        schema: {
          tags,
          summary: `What followed outreach fired in [from, to): contacts within ${WINDOWS.contactDays} days and purchases within ${WINDOWS.purchaseDays} days, acted-on vs held-out customers`,
          description: 'Only actions whose window has passed are counted (contactN, purchaseN). contactRateChange < 0 means contacts avoided; intervals are 95% (Newcombe).',
          querystring: z.object({ from: periodQuery.from, to: periodQuery.to }),
          response: {
            200: z.object({
              from: z.string(),
              to: z.string(),
              windows: z.object({ contactDays: z.number(), purchaseDays: z.number() }),
              rules: z.array(z.object({ ruleId: z.string(), name: z.string(), fired: z.number(), acted: groupSchema, heldOut: groupSchema, contactRateChange: intervalSchema, purchaseRateChange: intervalSchema })),
            }),
          },
        },
      },
      async (req) => {
        const { workspaceId } = actorOf(req);
        const { from, to } = reportPeriod(req.query);
        const now = new Date();
        const [actions, rules, contacts, purchases] = await Promise.all([
          listActions(db, workspaceId, { from, to }, 100_000),
          listRules(db, workspaceId),
          customerContactsSince(db, workspaceId, from),
          listPurchases(db, workspaceId, now),
        ]);
        const names = new Map(rules.map((x) => [x.id, x.name]));
        const outcomes = outreachOutcomes(actions, contacts, purchases.filter((p) => p.at >= from), now);
        return { from: from.toISOString(), to: to.toISOString(), windows: WINDOWS, rules: outcomes.map((o) => ({ ...o, name: names.get(o.ruleId) ?? '' })) };
      },
    );
  };
