import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DomainRoutes } from '../platform/http/app.ts';
import { actorOf } from '../platform/http/access.ts';
import { notFound } from '../platform/http/errors.ts';
import { isUuid } from '../platform/http/ids.ts';
import { decodeCursor, encodeCursor, limitSchema, pageOf } from '../platform/http/pagination.ts';
import { customersByIds, getCustomer } from '../customers/store.ts';
import { customerPredictionSchema, helpModelSchema, modelSchema, presentFigures, presentHelpModel, presentModel, presentNeedHelp, rankedCustomerSchema, rankedNeedSchema } from './presenters.ts';
import { getHelpModel, getHelpScore, rankByNeedForHelp } from './need-help/store.ts';
import { predictionRefresh } from './refresh.ts';
import { getCustomerPrediction, getModel, rankCustomers } from './store.ts';

export const predictRoutes: DomainRoutes = async (app, { ctx }) => {
  const { db } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();

  /** A page of customers ranked by a figure (one more row was read, to know whether another page follows), with their names. */
  async function rankedPage<Row extends { customerId: string }, Shown extends object>(workspaceId: string, rows: Row[], limit: number, valueOf: (row: Row) => number, present: (row: Row) => Shown) {
    const page = rows.slice(0, limit);
    const people = new Map((await customersByIds(db, workspaceId, page.map((p) => p.customerId))).map((c) => [c.id, c]));
    const last = page[page.length - 1];
    return {
      data: page.map((p) => {
        const c = people.get(p.customerId);
        return { customer: { id: p.customerId, name: c?.name ?? null, email: c?.email ?? null }, ...present(p) };
      }),
      nextCursor: rows.length > limit && last ? encodeCursor([valueOf(last), last.customerId]) : null,
    };
  }

  r.get(
    '/customers/:id/predictions',
    {
      onRequest: ctx.guard('customers:read'),
      schema: {
        tags: ['predictions'],
        summary: 'A customer’s purchases, P(alive), expected purchases and CLV, as of the last refresh',
        params: z.object({ id: z.string() }),
        response: { 200: customerPredictionSchema },
      },
    },
    async (req) => {
      const { workspaceId } = actorOf(req);
      // Another workspace's id, a malformed one and a missing one all answer the same 404; a merged-away id follows its merge.
      const customer = isUuid(req.params.id) ? await getCustomer(db, workspaceId, req.params.id) : undefined;
      if (!customer) throw notFound('Customer');
      const [row, model, help, helpModel] = await Promise.all([
        getCustomerPrediction(db, workspaceId, customer.id),
        getModel(db, workspaceId),
        getHelpScore(db, workspaceId, customer.id),
        getHelpModel(db, workspaceId),
      ]);
      const { status, message, refreshedAt } = presentModel(model);
      return { customerId: customer.id, currency: model?.currency ?? null, ...presentFigures(row, model), model: { status, message, refreshedAt }, needHelp: presentNeedHelp(help, helpModel) };
    },
  );

  r.get(
    '/predictions/model',
    {
      onRequest: ctx.guard('customers:read'),
      schema: {
        tags: ['predictions'],
        summary: 'The workspace’s fitted BG/NBD and Gamma-Gamma parameters, when they were fitted, or why they could not be',
        response: { 200: modelSchema },
      },
    },
    async (req) => presentModel(await getModel(db, actorOf(req).workspaceId)),
  );

  r.get(
    '/predictions',
    {
      onRequest: ctx.guard('customers:read'),
      schema: {
        tags: ['predictions'],
        summary: 'Customers ranked by CLV (highest first) or by P(alive) (lowest first: the ones slipping away)',
        description: 'Customers without the figure (no purchases, or no model) are left out.',
        querystring: z.object({ order: z.enum(['clv', 'p_alive']).default('clv'), limit: limitSchema.default(50), cursor: z.string().optional() }),
        response: { 200: pageOf(rankedCustomerSchema) },
      },
    },
    async (req) => {
      const { workspaceId } = actorOf(req);
      const { order, limit, cursor } = req.query;
      const after = cursor ? decodeCursor(cursor, z.tuple([z.number(), z.string().uuid()])) : undefined;
      const [rows, model] = await Promise.all([
        rankCustomers(db, workspaceId, order, { limit: limit + 1, after: after && { value: after[0], customerId: after[1] } }),
        getModel(db, workspaceId),
      ]);
      return rankedPage(workspaceId, rows, limit, (p) => (order === 'clv' ? p.clv : p.pAlive)!, (p) => presentFigures(p, model));
    },
  );

  r.get(
    '/predictions/need-help/model',
    {
      onRequest: ctx.guard('customers:read'),
      schema: {
        tags: ['predictions'],
        summary: 'The need-for-help model: learned from this workspace’s contacts (or preset), its weights and how well it ranked the last week',
        response: { 200: helpModelSchema },
      },
    },
    async (req) => presentHelpModel(await getHelpModel(db, actorOf(req).workspaceId)),
  );

  r.get(
    '/predictions/need-help',
    {
      onRequest: ctx.guard('customers:read'),
      schema: {
        tags: ['predictions'],
        summary: 'Customers most likely to contact support soon, highest chance first, with the reasons',
        description: 'Only customers with something in their journey in the last 30 days are scored.',
        querystring: z.object({ limit: limitSchema.default(50), cursor: z.string().optional() }),
        response: { 200: pageOf(rankedNeedSchema) },
      },
    },
    async (req) => {
      const { workspaceId } = actorOf(req);
      const { limit, cursor } = req.query;
      const after = cursor ? decodeCursor(cursor, z.tuple([z.number(), z.string().uuid()])) : undefined;
      const [rows, model] = await Promise.all([
        rankByNeedForHelp(db, workspaceId, { limit: limit + 1, after: after && { value: after[0], customerId: after[1] } }),
        getHelpModel(db, workspaceId),
      ]);
      return rankedPage(workspaceId, rows, limit, (p) => p.probability, (p) => ({ needHelp: presentNeedHelp(p, model)! }));
    },
  );

  r.post(
    '/predictions/refresh',
    {
      onRequest: ctx.guard('models:refresh'),
      schema: {
        tags: ['predictions'],
        summary: 'Refit the models and rescore every customer now (they refresh daily anyway); 202: queued',
        response: { 202: z.object({ status: z.literal('queued') }) },
      },
    },
    async (req, reply) => {
      await predictionRefresh.request(ctx.jobs, actorOf(req).workspaceId);
      return reply.code(202).send({ status: 'queued' as const });
    },
  );
};
