import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DomainRoutes } from '../platform/http/app.ts';
import { actorOf } from '../platform/http/access.ts';
import { badRequest, notFound } from '../platform/http/errors.ts';
import { decodeCursor, encodeCursor, limitSchema, pageOf } from '../platform/http/pagination.ts';
import { mergeCustomers } from './merge.ts';
import { customerSchema, presentCustomer } from './presenters.ts';
import { findByIdentity, getCustomer, identitiesOf, searchCustomers, applyProfilePatches, attachIdentities, type Customer } from './store.ts';
import { isUuid } from '../platform/http/ids.ts';

const idParams = z.object({ id: z.string() });

export const customerRoutes: DomainRoutes = async (app, { ctx }) => {
  const { db } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();

  async function present(customers: Customer[]) {
    const identities = await identitiesOf(db, customers.map((c) => c.id));
    return customers.map((c) => presentCustomer(c, identities.get(c.id) ?? []));
  }

  /** Default deny: an id of another workspace, a malformed id and a missing one all answer the same 404. */
  async function load(workspaceId: string, id: string): Promise<Customer> {
    const customer = isUuid(id) ? await getCustomer(db, workspaceId, id) : undefined;
    if (!customer) throw notFound('Customer');
    return customer;
  }

  r.get(
    '/customers',
    {
      onRequest: ctx.guard('customers:read'),
      schema: {
        tags: ['customers'],
        summary: 'Find customers by email, userId or phone, or search by name/email prefix (q)',
        querystring: z.object({
          email: z.string().optional(),
          userId: z.string().optional(),
          phone: z.string().optional(),
          q: z.string().max(200).optional(),
          cursor: z.string().optional(),
          limit: limitSchema.default(50),
        }),
        response: { 200: pageOf(customerSchema) },
      },
    },
    async (req) => {
      const { workspaceId } = actorOf(req);
      const { email, userId, phone, q, cursor, limit } = req.query;
      const exact = email ? { kind: 'email' as const, value: email } : userId ? { kind: 'user_id' as const, value: userId } : phone ? { kind: 'phone' as const, value: phone } : null;
      if (exact) {
        const found = await findByIdentity(db, workspaceId, exact);
        const live = found ? await getCustomer(db, workspaceId, found.id) : undefined;
        return { data: live ? await present([live]) : [], nextCursor: null };
      }
      const after = cursor ? decodeCursor(cursor, z.tuple([z.string().datetime().nullable(), z.string().uuid()])) : undefined;
      const rows = await searchCustomers(db, workspaceId, { q, limit: limit + 1, after: after && { lastSeenAt: after[0], id: after[1] } });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        data: await present(page),
        nextCursor: rows.length > limit && last ? encodeCursor([last.lastSeenAt?.toISOString() ?? null, last.id]) : null,
      };
    },
  );

  r.get(
    '/customers/:id',
    {
      onRequest: ctx.guard('customers:read'),
      schema: { tags: ['customers'], summary: 'A customer profile (a merged-away id resolves to the surviving profile)', params: idParams, response: { 200: customerSchema } },
    },
    async (req) => (await present([await load(actorOf(req).workspaceId, req.params.id)]))[0]!,
  );

  r.patch(
    '/customers/:id',
    {
      onRequest: ctx.guard('customers:write'),
      schema: {
        tags: ['customers'],
        summary: 'Edit a profile: name, email, phone, traits (merged into the existing traits)',
        params: idParams,
        body: z
          .object({
            name: z.string().trim().min(1).max(200).optional(),
            email: z.string().email().optional(),
            phone: z.string().trim().min(3).max(40).optional(),
            traits: z.record(z.string(), z.unknown()).optional(),
          })
          .strict(),
        response: { 200: customerSchema },
      },
    },
    async (req) => {
      const { workspaceId } = actorOf(req);
      const customer = await load(workspaceId, req.params.id);
      await db.transaction(async (tx) => {
        if (req.body.email) {
          const owner = await findByIdentity(tx, workspaceId, { kind: 'email', value: req.body.email });
          if (owner && owner.id !== customer.id) throw badRequest(`Another customer already has the email ${req.body.email}; merge the two profiles instead.`);
          await attachIdentities(tx, workspaceId, customer.id, [{ kind: 'email', value: req.body.email }]);
        }
        if (req.body.phone) await attachIdentities(tx, workspaceId, customer.id, [{ kind: 'phone', value: req.body.phone }]);
        await applyProfilePatches(tx, workspaceId, [{ id: customer.id, ...req.body }]);
      });
      return (await present([await load(workspaceId, customer.id)]))[0]!;
    },
  );

  r.post(
    '/customers/:id/merge',
    {
      onRequest: ctx.guard('customers:write'),
      schema: {
        tags: ['customers'],
        summary: 'Merge another customer into this one: identities, traits and the whole journey move here',
        params: idParams,
        body: z.object({ customerId: z.string().describe('The customer to merge into this one') }),
        response: { 200: customerSchema },
      },
    },
    async (req) => {
      const { workspaceId } = actorOf(req);
      const into = await load(workspaceId, req.params.id);
      const from = await load(workspaceId, req.body.customerId);
      if (into.id === from.id) throw badRequest('A customer cannot be merged into itself.');
      await db.transaction((tx) => mergeCustomers(tx, workspaceId, into.id, from.id));
      return (await present([await load(workspaceId, into.id)]))[0]!;
    },
  );
};
