import { recommendFor } from './recommend.ts';
import { buildSimilarity, SIMILARITY, type OrderedProducts, type SimilarityOptions } from './similarity.ts';

/**
 * Offline evaluation, leave the last order out: each customer with two orders or
 * more has their last order hidden; the model is built from every order that is
 * not hidden; each such customer gets `k` recommendations from their earlier
 * orders, and it is a hit when one of them is a product of the hidden order that
 * they had not bought before (recommendations never repeat a bought product, so
 * a last order of re-buys only is not counted: `repeatOnly`). The baseline
 * recommends the k most popular products (in the same training orders) that the
 * customer has not bought.
 */

export interface DatedOrder extends OrderedProducts {
  at: Date;
  orderKey: string;
}

export interface Evaluation {
  k: number;
  /** Customers with two orders or more. */
  customers: number;
  /** Of those, the ones whose last order holds a product new to them: the denominator. */
  evaluated: number;
  repeatOnly: number;
  hitRate: number;
  popularityHitRate: number;
  /** Share of the evaluated customers' recommendations that came from similarity rather than the popularity fill. */
  similarShare: number;
}

export function leaveLastOrderOut(orders: readonly DatedOrder[], k = 5, options: SimilarityOptions = SIMILARITY): Evaluation {
  const byCustomer = new Map<string, DatedOrder[]>();
  for (const o of orders) {
    if (o.products.length === 0) continue;
    const list = byCustomer.get(o.customerId) ?? [];
    list.push(o);
    byCustomer.set(o.customerId, list);
  }
  const hidden = new Map<string, DatedOrder>();
  const training: DatedOrder[] = [];
  for (const [customerId, list] of byCustomer) {
    list.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.orderKey < b.orderKey ? -1 : 1));
    if (list.length >= 2) hidden.set(customerId, list.pop()!);
    training.push(...list);
  }

  const model = buildSimilarity(training, options);
  const popular = model.products.map((p) => p.sku);
  const earlier = new Map<string, Set<string>>();
  for (const o of training) {
    const set = earlier.get(o.customerId) ?? new Set<string>();
    for (const p of o.products) set.add(p.sku);
    earlier.set(o.customerId, set);
  }

  let evaluated = 0;
  let repeatOnly = 0;
  let hits = 0;
  let popularityHits = 0;
  let similar = 0;
  let shown = 0;
  for (const [customerId, last] of hidden) {
    const bought = earlier.get(customerId)!;
    const wanted = new Set(last.products.map((p) => p.sku).filter((sku) => !bought.has(sku)));
    if (wanted.size === 0) {
      repeatOnly++;
      continue;
    }
    evaluated++;
    const recs = recommendFor(bought, (sku) => model.neighbours.get(sku), popular, k);
    if (recs.some((r) => wanted.has(r.sku))) hits++;
    similar += recs.filter((r) => r.reason === 'bought_together').length;
    shown += recs.length;
    if (popular.filter((sku) => !bought.has(sku)).slice(0, k).some((sku) => wanted.has(sku))) popularityHits++;
  }
  const share = (a: number, b: number) => (b === 0 ? 0 : a / b);
  return {
    k,
    customers: hidden.size,
    evaluated,
    repeatOnly,
    hitRate: share(hits, evaluated),
    popularityHitRate: share(popularityHits, evaluated),
    similarShare: share(similar, shown),
  };
}
