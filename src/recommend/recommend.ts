import type { Neighbour } from './similarity.ts';

/**
 * One customer's recommendations, pure: products they have not bought, scored by
 * the sum of their similarities to the products they did buy (item-based
 * collaborative filtering), each with the bought product that contributed most
 * ("because you bought X"). When similarity finds fewer than `limit`, the most
 * popular products they have not bought fill the list, labelled as such, so a
 * new customer still gets something honest rather than nothing.
 */

export type Recommendation =
  | { sku: string; reason: 'bought_together'; score: number; because: string; customersBoth: number }
  | { sku: string; reason: 'popular'; score: null; because: null; customersBoth: null };

export function recommendFor(
  bought: ReadonlySet<string>,
  neighboursOf: (sku: string) => readonly Neighbour[] | undefined,
  popular: readonly string[],
  limit: number,
): Recommendation[] {
  const candidates = new Map<string, { score: number; because: string; best: number; customersBoth: number }>();
  for (const own of [...bought].sort()) {
    for (const n of neighboursOf(own) ?? []) {
      if (bought.has(n.sku)) continue;
      const c = candidates.get(n.sku);
      if (!c) candidates.set(n.sku, { score: n.score, because: own, best: n.score, customersBoth: n.customersBoth });
      else {
        c.score += n.score;
        if (n.score > c.best) Object.assign(c, { because: own, best: n.score, customersBoth: n.customersBoth });
      }
    }
  }
  const similar: Recommendation[] = [...candidates]
    .sort(([a, x], [b, y]) => y.score - x.score || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, limit)
    .map(([sku, c]) => ({ sku, reason: 'bought_together', score: c.score, because: c.because, customersBoth: c.customersBoth }));
  const fill: Recommendation[] = popular
    .filter((sku) => !bought.has(sku) && !candidates.has(sku))
    .slice(0, limit - similar.length)
    .map((sku) => ({ sku, reason: 'popular', score: null, because: null, customersBoth: null }));
  return [...similar, ...fill];
}
