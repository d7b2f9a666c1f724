import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DomainRoutes } from '../platform/http/app.ts';
import { actorOf } from '../platform/http/access.ts';
import { notFound } from '../platform/http/errors.ts';
import { isUuid } from '../platform/http/ids.ts';
import { getCustomer } from '../customers/store.ts';
import { listOrderItems } from '../journeys/store.ts';
import { alsoBoughtSchema, presentAlsoBought, presentRecommendations, recommendationsSchema } from './presenters.ts';
import { recommendFor } from './recommend.ts';
import { recommendationRefresh } from './refresh.ts';
import { SIMILARITY } from './similarity.ts';
import { getRecommendationModel, neighboursOf, popularProducts, productsBySku } from './store.ts';

const limit = (fallback: number) => z.coerce.number().int().min(1).max(SIMILARITY.topN).default(fallback);

export const recommendRoutes: DomainRoutes = async (app, { ctx }) => {
  const { db } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/products/:sku/also-bought',
    {
      onRequest: ctx.guard('customers:read'),
      schema: {
        tags: ['recommendations'],
        summary: 'Customers who bought this also bought: the product’s nearest products by their buyers, as of the last refresh',
        description: 'A product nobody in this workspace bought (as of the last refresh) answers 404.',
        params: z.object({ sku: z.string().min(1).max(500) }),
        querystring: z.object({ limit: limit(10) }),
        response: { 200: alsoBoughtSchema },
      },
    },
    async (req) => {
      const { workspaceId } = actorOf(req);
      const { sku } = req.params;
      const [subject] = (await productsBySku(db, workspaceId, [sku])).values();
      if (!subject) throw notFound('Product');
      const neighbours = ((await neighboursOf(db, workspaceId, [sku])).get(sku) ?? []).slice(0, req.query.limit);
      const [products, model] = await Promise.all([productsBySku(db, workspaceId, neighbours.map((n) => n.sku)), getRecommendationModel(db, workspaceId)]);
      return presentAlsoBought(subject, neighbours, products, model);
    },
  );

  r.get(
    '/customers/:id/recommendations',
    {
      onRequest: ctx.guard('customers:read'),
      schema: {
        tags: ['recommendations'],
        summary: 'Products for this customer: the ones most bought by customers who bought what they bought, else the most popular',
        description: 'Never a product the customer already bought. The customer’s orders are read now; the neighbours are those of the last refresh.',
        params: z.object({ id: z.string() }),
        querystring: z.object({ limit: limit(5) }),
        response: { 200: recommendationsSchema },
      },
    },
    async (req) => {
      const { workspaceId } = actorOf(req);
      // Another workspace's id, a malformed one and a missing one all answer the same 404.
      const customer = isUuid(req.params.id) ? await getCustomer(db, workspaceId, req.params.id) : undefined;
      if (!customer) throw notFound('Customer');
      const orders = await listOrderItems(db, workspaceId, { until: new Date(), customerId: customer.id });
      const bought = new Set(orders.flatMap((o) => o.products.map((p) => p.sku)));
      const { limit } = req.query;
      const [neighbours, popular, model] = await Promise.all([
        neighboursOf(db, workspaceId, [...bought]),
        popularProducts(db, workspaceId, limit + bought.size),
        getRecommendationModel(db, workspaceId),
      ]);
      const recs = recommendFor(bought, (sku) => neighbours.get(sku), popular, limit);
      const products = await productsBySku(db, workspaceId, [...new Set(recs.flatMap((x) => (x.because ? [x.sku, x.because] : [x.sku])))]);
      return presentRecommendations(customer.id, recs, products, model);
    },
  );

  r.post(
    '/recommendations/refresh',
    {
      onRequest: ctx.guard('models:refresh'),
      schema: {
        tags: ['recommendations'],
        summary: 'Recompute the product neighbours now (they refresh daily anyway); 202: queued',
        response: { 202: z.object({ status: z.literal('queued') }) },
      },
    },
    async (req, reply) => {
      await recommendationRefresh.request(ctx.jobs, actorOf(req).workspaceId);
      return reply.code(202).send({ status: 'queued' as const });
    },
  );
};
