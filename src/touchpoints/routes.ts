import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DomainRoutes } from '../platform/http/app.ts';
import { actorOf } from '../platform/http/access.ts';
import { badRequest, conflict, notFound } from '../platform/http/errors.ts';
import { isUniqueViolation } from '../platform/db/query.ts';
import { eventGroups } from '../journeys/store.ts';
import { CHANNELS, STAGES } from './catalog.ts';
import { remapHistory } from './remap.ts';
import {
  createRule,
  createTouchpoint,
  deleteRule,
  deleteTouchpoint,
  getTouchpoint,
  listRules,
  listTouchpoints,
  updateTouchpoint,
  type Touchpoint,
  type TouchpointRule,
} from './store.ts';
import { isUuid } from '../platform/http/ids.ts';

const ruleSchema = z.object({
  id: z.string(),
  eventKind: z.string().nullable(),
  eventName: z.string().nullable(),
  pathPattern: z.string().nullable(),
  priority: z.number(),
});
const touchpointSchema = z.object({
  id: z.string(),
  name: z.string(),
  stage: z.enum(STAGES),
  channel: z.enum(CHANNELS),
  description: z.string().nullable(),
  rules: z.array(ruleSchema),
});
const touchpointBody = z.object({
  name: z.string().trim().min(1).max(120),
  stage: z.enum(STAGES),
  channel: z.enum(CHANNELS),
  description: z.string().max(1000).nullable().optional(),
});
const ruleBody = z
  .object({
    eventKind: z.enum(['track', 'page', 'screen']).nullable().optional(),
    eventName: z.string().trim().min(1).max(200).nullable().optional(),
    pathPattern: z.string().trim().min(1).max(500).nullable().optional().describe('Glob on the page path: * any characters, ? one'),
    priority: z.number().int().min(0).max(10_000).optional().describe('Lower wins when several rules match'),
  })
  .refine((r) => r.eventName || r.pathPattern, { message: 'A rule needs an eventName or a pathPattern' });

function present(t: Touchpoint, rules: TouchpointRule[]): z.infer<typeof touchpointSchema> {
  return {
    id: t.id,
    name: t.name,
    stage: t.stage as z.infer<typeof touchpointSchema>['stage'],
    channel: t.channel as z.infer<typeof touchpointSchema>['channel'],
    description: t.description,
    rules: rules
      .filter((r) => r.touchpointId === t.id)
      .map((r) => ({ id: r.id, eventKind: r.eventKind, eventName: r.eventName, pathPattern: r.pathPattern, priority: r.priority })),
  };
}


export const touchpointRoutes: DomainRoutes = async (app, { ctx }) => {
  const { db } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();

  async function load(workspaceId: string, id: string) {
    const t = isUuid(id) ? await getTouchpoint(db, workspaceId, id) : undefined;
    if (!t) throw notFound('Touchpoint');
    return t;
  }

  r.get(
    '/touchpoints',
    { onRequest: ctx.guard('touchpoints:read'), schema: { tags: ['touchpoints'], summary: 'The touchpoint catalog with its mapping rules', response: { 200: z.object({ data: z.array(touchpointSchema) }) } } },
    async (req) => {
      const { workspaceId } = actorOf(req);
      const [list, rules] = await Promise.all([listTouchpoints(db, workspaceId), listRules(db, workspaceId)]);
      return { data: list.map((t) => present(t, rules)) };
    },
  );

  r.post(
    '/touchpoints',
    { onRequest: ctx.guard('touchpoints:write'), schema: { tags: ['touchpoints'], summary: 'Add a touchpoint', body: touchpointBody, response: { 201: touchpointSchema } } },
    async (req, reply) => {
      const created = await createTouchpoint(db, actorOf(req).workspaceId, req.body);
      if (!created) throw conflict(`A touchpoint named "${req.body.name}" already exists.`);
      return reply.code(201).send(present(created, []));
    },
  );

  r.patch(
    '/touchpoints/:id',
    {
      onRequest: ctx.guard('touchpoints:write'),
      schema: { tags: ['touchpoints'], summary: 'Rename a touchpoint or change its stage or channel', params: z.object({ id: z.string() }), body: touchpointBody.partial(), response: { 200: touchpointSchema } },
    },
    async (req) => {
      const { workspaceId } = actorOf(req);
      await load(workspaceId, req.params.id);
      const updated = await updateTouchpoint(db, workspaceId, req.params.id, req.body).catch((err: unknown) => {
        if (isUniqueViolation(err)) throw conflict(`A touchpoint named "${req.body.name}" already exists.`);
        throw err;
      });
      return present(updated!, await listRules(db, workspaceId));
    },
  );

  r.delete(
    '/touchpoints/:id',
    { onRequest: ctx.guard('touchpoints:write'), schema: { tags: ['touchpoints'], summary: 'Delete a touchpoint; its events become unmapped', params: z.object({ id: z.string() }), response: { 204: z.null() } } },
    async (req, reply) => {
      const { workspaceId } = actorOf(req);
      await load(workspaceId, req.params.id);
      await db.transaction(async (tx) => {
        await deleteTouchpoint(tx, workspaceId, req.params.id);
        await remapHistory(tx, workspaceId);
      });
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/touchpoints/:id/rules',
    {
      onRequest: ctx.guard('touchpoints:write'),
      schema: {
        tags: ['touchpoints'],
        summary: 'Add a rule mapping events (by name and/or page path pattern) to this touchpoint; past events are mapped again',
        params: z.object({ id: z.string() }),
        body: ruleBody,
        response: { 201: touchpointSchema.extend({ remapped: z.number() }) },
      },
    },
    async (req, reply) => {
      const { workspaceId } = actorOf(req);
      const touchpoint = await load(workspaceId, req.params.id);
      if (req.body.eventKind && req.body.eventKind !== 'page' && req.body.pathPattern && !req.body.eventName) {
        throw badRequest('A path pattern only matches page events: leave eventKind empty or set it to "page".');
      }
      const remapped = await db.transaction(async (tx) => {
        await createRule(tx, workspaceId, touchpoint.id, req.body);
        return remapHistory(tx, workspaceId);
      });
      return reply.code(201).send({ ...present(touchpoint, await listRules(db, workspaceId)), remapped });
    },
  );

  r.delete(
    '/touchpoints/:id/rules/:ruleId',
    {
      onRequest: ctx.guard('touchpoints:write'),
      schema: { tags: ['touchpoints'], summary: 'Remove a rule; past events are mapped again', params: z.object({ id: z.string(), ruleId: z.string() }), response: { 204: z.null() } },
    },
    async (req, reply) => {
      const { workspaceId } = actorOf(req);
      await load(workspaceId, req.params.id);
      const removed = isUuid(req.params.ruleId) && (await db.transaction(async (tx) => {
        const ok = await deleteRule(tx, workspaceId, req.params.ruleId);
        if (ok) await remapHistory(tx, workspaceId);
        return ok;
      }));
      if (!removed) throw notFound('Rule');
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/touchpoints/unmapped',
    {
      onRequest: ctx.guard('touchpoints:read'),
      schema: {
        tags: ['touchpoints'],
        summary: 'Events that no rule maps, grouped by kind, name and page path, most frequent first',
        response: { 200: z.object({ data: z.array(z.object({ kind: z.string(), name: z.string().nullable(), pagePath: z.string().nullable(), count: z.number(), lastAt: z.string() })) }) },
      },
    },
    async (req) => ({
      data: (await eventGroups(db, actorOf(req).workspaceId, true)).map((g) => ({ ...g, lastAt: g.lastAt.toISOString() })),
    }),
  );
};
