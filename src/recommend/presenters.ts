import { z } from 'zod';
import type { Recommendation } from './recommend.ts';
import type { ProductStats } from './similarity.ts';
import type { RecommendationModel } from './store.ts';

const product = z.object({ sku: z.string().describe('The product’s key in the orders: its sku, else product_id, else name'), name: z.string().nullable() });
const refreshedAt = z.string().nullable().describe('When the neighbours were computed (daily); null before the first refresh');

export const alsoBoughtSchema = z.object({
  product: product.extend({ customers: z.number().describe('Customers who bought it') }),
  refreshedAt,
  data: z.array(
    product.extend({
      score: z.number().describe('Cosine similarity of the two products’ buyers, shrunk when few customers bought both (0–1)'),
      customersBoth: z.number().describe('Customers who bought both'),
    }),
  ),
});

export const recommendationsSchema = z.object({
  customerId: z.string(),
  refreshedAt,
  data: z.array(
    product.extend({
      reason: z.enum(['bought_together', 'popular']).describe('bought_together: bought by customers who bought what this customer bought; popular: a fallback among the most bought products'),
      score: z.number().nullable().describe('Sum of its similarities to the products the customer bought; null for a popular fallback'),
      because: product.nullable().describe('The bought product it is most similar to (“because you bought …”)'),
      customersBoth: z.number().nullable().describe('Customers who bought it and the `because` product'),
    }),
  ),
});

const round = (v: number) => Number(v.toFixed(4));
const named = (sku: string, products: Map<string, ProductStats>) => ({ sku, name: products.get(sku)?.name ?? null });
const refreshedAtOf = (model: RecommendationModel | undefined) => model?.refreshedAt.toISOString() ?? null;

export function presentAlsoBought(
  subject: ProductStats,
  neighbours: { sku: string; score: number; customersBoth: number }[],
  products: Map<string, ProductStats>,
  model: RecommendationModel | undefined,
): z.infer<typeof alsoBoughtSchema> {
  return {
    product: { sku: subject.sku, name: subject.name, customers: subject.customers },
    refreshedAt: refreshedAtOf(model),
    data: neighbours.map((n) => ({ ...named(n.sku, products), score: round(n.score), customersBoth: n.customersBoth })),
  };
}

export function presentRecommendations(
  customerId: string,
  recs: Recommendation[],
  products: Map<string, ProductStats>,
  model: RecommendationModel | undefined,
): z.infer<typeof recommendationsSchema> {
  return {
    customerId,
    refreshedAt: refreshedAtOf(model),
    data: recs.map((r) => ({
      ...named(r.sku, products),
      reason: r.reason,
      score: r.score === null ? null : round(r.score),
      because: r.because === null ? null : named(r.because, products),
      customersBoth: r.customersBoth,
    })),
  };
}
