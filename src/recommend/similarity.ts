/**
 * "Customers who bought this also bought": item-to-item similarity over customers
 * (Linden, Smith & York 2003), pure.
 *
 * Each customer counts once per product, however often they bought it, so a
 * heavy buyer of one product does not make it look related to everything. For
 * products i and j bought by n_i and n_j customers, c_ij of whom bought both:
 *
 *   score(i, j) = c_ij / sqrt(n_i · n_j)  ·  c_ij / (c_ij + shrinkage)
 *
 * the cosine of the two products' buyer sets, shrunk towards 0 when few
 * customers support it (Koren 2008's shrinkage): two customers who happened to
 * buy the same two rare products would otherwise score a perfect 1. Pairs bought
 * together by fewer than `minSupport` customers are not neighbours at all.
 */

export interface OrderedProducts {
  customerId: string;
  products: { sku: string; name: string | null }[];
}

export interface Neighbour {
  sku: string;
  score: number;
  /** Customers who bought both products. */
  customersBoth: number;
}

export interface ProductStats {
  sku: string;
  /** The name the latest order gave it, if any. */
  name: string | null;
  /** Customers who bought it. */
  customers: number;
}

export interface SimilarityModel {
  customers: number;
  /** Most bought first (the popularity ranking); ties by sku. */
  products: ProductStats[];
  /** Each product's best neighbours, best first; products without one are absent. */
  neighbours: Map<string, Neighbour[]>;
}

export interface SimilarityOptions {
  minSupport: number;
  shrinkage: number;
  /** Neighbours kept per product. */
  topN: number;
}

export const SIMILARITY: SimilarityOptions = { minSupport: 2, shrinkage: 5, topN: 20 };

export function buildSimilarity(orders: Iterable<OrderedProducts>, options: SimilarityOptions = SIMILARITY): SimilarityModel {
  const index = new Map<string, number>();
  const names: (string | null)[] = [];
  const skus: string[] = [];
  const bought = new Map<string, Set<number>>();
  for (const order of orders) {
    let items = bought.get(order.customerId);
    if (!items) bought.set(order.customerId, (items = new Set()));
    for (const p of order.products) {
      let i = index.get(p.sku);
      if (i === undefined) {
        i = skus.length;
        index.set(p.sku, i);
        skus.push(p.sku);
        names.push(null);
      }
      if (p.name) names[i] = p.name;
      items.add(i);
    }
  }

  const buyers = new Int32Array(skus.length);
  // Pairs as one number (i · n + j, i < j): far cheaper than string keys, exact below 2^53.
  const pairs = new Map<number, number>();
  const n = skus.length;
  for (const items of bought.values()) {
    const list = [...items].sort((a, b) => a - b);
    for (let a = 0; a < list.length; a++) {
      buyers[list[a]!]++;
      for (let b = a + 1; b < list.length; b++) {
        const key = list[a]! * n + list[b]!;
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
      }
    }
  }

  const lists: Neighbour[][] = skus.map(() => []);
  for (const [key, both] of pairs) {
    if (both < options.minSupport) continue;
    const i = Math.floor(key / n);
    const j = key - i * n;
    const score = (both / Math.sqrt(buyers[i]! * buyers[j]!)) * (both / (both + options.shrinkage));
    lists[i]!.push({ sku: skus[j]!, score, customersBoth: both });
    lists[j]!.push({ sku: skus[i]!, score, customersBoth: both });
  }
  const neighbours = new Map<string, Neighbour[]>();
  lists.forEach((list, i) => {
    if (list.length === 0) return;
    list.sort((a, b) => b.score - a.score || b.customersBoth - a.customersBoth || compare(a.sku, b.sku));
    neighbours.set(skus[i]!, list.slice(0, options.topN));
  });

  const products = skus
    .map((sku, i) => ({ sku, name: names[i]!, customers: buyers[i]! }))
    .sort((a, b) => b.customers - a.customers || compare(a.sku, b.sku));
  return { customers: bought.size, products, neighbours };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
