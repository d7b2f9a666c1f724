import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DomainRoutes } from '../platform/http/app.ts';
import { actorOf } from '../platform/http/access.ts';
import { badRequest, conflict, notFound } from '../platform/http/errors.ts';
import { isUuid } from '../platform/http/ids.ts';
import { isUniqueViolation } from '../platform/db/query.ts';
import { decodeCursor, encodeCursor, limitSchema, pageOf } from '../platform/http/pagination.ts';
import { customersByIds, getCustomer } from '../customers/store.ts';
import { addMembers, deleteSegment, getSegment, insertSegment, listMembers, listSegments, removeMember, segmentsOfCustomer, type Segment } from './store.ts';

const tags = ['segments'];
const segmentSchema = z.object({ id: z.string(), name: z.string(), description: z.string().nullable(), members: z.number().optional(), createdAt: z.string() });
const memberSchema = z.object({ customer: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }), addedBy: z.string(), addedAt: z.string() });

const present = (s: Segment & { members?: number }) => ({ id: s.id, name: s.name, description: s.description, ...(s.members === undefined ? {} : { members: s.members }), createdAt: s.createdAt.toISOString() });

export const segmentRoutes: DomainRoutes = async (app, { ctx }) => {
  const { db } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const params = z.object({ id: z.string() });

  // Another workspace's segment, a malformed id and a missing one all answer the same 404.
  const load = async (workspaceId: string, id: string) => {
    const segment = isUuid(id) ? await getSegment(db, workspaceId, id) : undefined;
    if (!segment) throw notFound('Segment');
    return segment;
  };

  r.get('/segments', { onRequest: ctx.guard('customers:read'), schema: { tags, summary: 'The workspace’s segments and their sizes', response: { 200: z.object({ data: z.array(segmentSchema) }) } } }, async (req) => ({
    data: (await listSegments(db, actorOf(req).workspaceId)).map(present),
  }));

  r.post(
    '/segments',
    {
      onRequest: ctx.guard('surveys:write'),
      schema: { tags, summary: 'Create a segment (a named list of customers)', body: z.object({ name: z.string().trim().min(1).max(200), description: z.string().trim().max(1000).nullable().default(null) }).strict(), response: { 201: segmentSchema } },
    },
    async (req, reply) => {
      try {
        return reply.code(201).send(present(await insertSegment(db, { workspaceId: actorOf(req).workspaceId, ...req.body })));
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(`A segment named "${req.body.name}" exists already`);
        throw err;
      }
    },
  );

  r.delete('/segments/:id', { onRequest: ctx.guard('surveys:write'), schema: { tags, summary: 'Delete a segment (its customers stay)', params } }, async (req, reply) => {
    const segment = await load(actorOf(req).workspaceId, req.params.id);
    await deleteSegment(db, segment.workspaceId, segment.id);
    return reply.code(204).send();
  });

  r.get(
    '/segments/:id/members',
    { onRequest: ctx.guard('customers:read'), schema: { tags, summary: 'The customers in a segment', params, querystring: z.object({ limit: limitSchema.default(100), cursor: z.string().optional() }), response: { 200: pageOf(memberSchema) } } },
    async (req) => {
      const segment = await load(actorOf(req).workspaceId, req.params.id);
      const after = req.query.cursor ? decodeCursor(req.query.cursor, z.tuple([z.string().uuid()]))[0] : undefined;
      const rows = await listMembers(db, segment, { limit: req.query.limit + 1, afterCustomerId: after });
      const page = rows.slice(0, req.query.limit);
      const people = new Map((await customersByIds(db, segment.workspaceId, page.map((m) => m.customerId))).map((c) => [c.id, c]));
      return {
        data: page.map((m) => ({ customer: { id: m.customerId, name: people.get(m.customerId)?.name ?? null, email: people.get(m.customerId)?.email ?? null }, addedBy: m.addedBy, addedAt: m.addedAt.toISOString() })),
        nextCursor: rows.length > req.query.limit ? encodeCursor([page[page.length - 1]!.customerId]) : null,
      };
    },
  );

  r.post(
    '/segments/:id/members',
    {
      onRequest: ctx.guard('surveys:write'),
      schema: { tags, summary: 'Add customers to a segment (those already in it are left as they are)', params, body: z.object({ customerIds: z.array(z.string()).min(1).max(1000) }).strict(), response: { 200: z.object({ added: z.number() }) } },
    },
    async (req) => {
      const actor = actorOf(req);
      const segment = await load(actor.workspaceId, req.params.id);
      const ids = [...new Set(req.body.customerIds)];
      const known = new Set((await customersByIds(db, segment.workspaceId, ids.filter(isUuid))).map((c) => c.id));
      const unknown = ids.filter((id) => !known.has(id));
      // Nothing is added when one id is wrong: a half-applied list is worse than a clear error.
      if (unknown.length) throw badRequest(`customerIds: no customer ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''} in this workspace`);
      const by = actor.kind === 'user' ? `user:${actor.userId}` : 'api';
      return { added: await addMembers(db, segment, ids, by) };
    },
  );

  r.delete('/segments/:id/members/:customerId', { onRequest: ctx.guard('surveys:write'), schema: { tags, summary: 'Take a customer out of a segment', params: z.object({ id: z.string(), customerId: z.string() }) } }, async (req, reply) => {
    const segment = await load(actorOf(req).workspaceId, req.params.id);
    if (!isUuid(req.params.customerId) || !(await removeMember(db, segment, req.params.customerId))) throw notFound('Member');
    return reply.code(204).send();
  });

  r.get(
    '/customers/:id/segments',
    { onRequest: ctx.guard('customers:read'), schema: { tags, summary: 'The segments a customer is in', params, response: { 200: z.object({ data: z.array(segmentSchema) }) } } },
    async (req) => {
      const { workspaceId } = actorOf(req);
      const customer = isUuid(req.params.id) ? await getCustomer(db, workspaceId, req.params.id) : undefined;
      if (!customer) throw notFound('Customer');
      return { data: (await segmentsOfCustomer(db, workspaceId, customer.id)).map(present) };
    },
  );
};
