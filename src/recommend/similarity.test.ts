import { describe, expect, it } from 'vitest';
import { buildSimilarity, SIMILARITY } from './similarity.ts';

const order = (customerId: string, ...skus: string[]) => ({ customerId, products: skus.map((sku) => ({ sku, name: `${sku} name` })) });

describe('item-to-item similarity', () => {
  const orders = [order('c1', 'A', 'B'), order('c2', 'A', 'B'), order('c3', 'A', 'C'), order('c4', 'B'), order('c4', 'B'), order('c5', 'C', 'D')];

  it('scores a pair by the cosine of its buyer sets, shrunk by its support', () => {
    const model = buildSimilarity(orders, { minSupport: 2, shrinkage: 5, topN: 10 });
    // n_A = 3, n_B = 3 (c4 counts once for two orders), both = 2: 2/3 · 2/7.
    expect(model.neighbours.get('A')).toEqual([{ sku: 'B', score: (2 / 3) * (2 / 7), customersBoth: 2 }]);
    expect(model.neighbours.get('B')).toEqual([{ sku: 'A', score: (2 / 3) * (2 / 7), customersBoth: 2 }]);
    // A-C and C-D were bought together by one customer only: below the minimum support.
    expect(model.neighbours.has('C')).toBe(false);
    expect(model.neighbours.has('D')).toBe(false);
  });

  it('counts buyers per product for the popularity ranking, most bought first, ties by sku', () => {
    const model = buildSimilarity(orders);
    expect(model.customers).toBe(5);
    expect(model.products).toEqual([
      { sku: 'A', name: 'A name', customers: 3 },
      { sku: 'B', name: 'B name', customers: 3 },
      { sku: 'C', name: 'C name', customers: 2 },
      { sku: 'D', name: 'D name', customers: 1 },
    ]);
  });

  it('without shrinkage a pair of two rare products outranks a well-supported one; with it, the supported pair wins', () => {
    const many = Array.from({ length: 20 }, (_, i) => order(`m${i}`, 'HUB', i < 18 ? 'COMMON' : 'OTHER'));
    const rare = [order('r1', 'HUB', 'RARE'), order('r2', 'HUB', 'RARE')];
    // HUB: 22 buyers; COMMON: 18 (cosine 18/√(22·18) ≈ 0.90); RARE: 2 (cosine 2/√(22·2) ≈ 0.30).
    // Seen from RARE instead: its only neighbour HUB has cosine 0.30; seen from COMMON, 0.90.
    const plain = buildSimilarity([...many, ...rare], { minSupport: 2, shrinkage: 0, topN: 5 });
    const shrunk = buildSimilarity([...many, ...rare], SIMILARITY);
    const score = (m: typeof plain, a: string, b: string) => m.neighbours.get(a)!.find((n) => n.sku === b)!.score;
    expect(score(plain, 'HUB', 'RARE')).toBeCloseTo(2 / Math.sqrt(44), 12);
    expect(score(shrunk, 'HUB', 'RARE')).toBeCloseTo((2 / Math.sqrt(44)) * (2 / 7), 12);
    expect(score(shrunk, 'HUB', 'COMMON')).toBeCloseTo((18 / Math.sqrt(22 * 18)) * (18 / 23), 12);
    // Two customers who bought two niche products and nothing else: a perfect cosine, damped to 2/7.
    const niche = buildSimilarity([order('n1', 'X', 'Y'), order('n2', 'X', 'Y'), ...many], SIMILARITY);
    expect(niche.neighbours.get('X')![0]!.score).toBeCloseTo(2 / 7, 12);
    expect(niche.neighbours.get('HUB')![0]!.score).toBeGreaterThan(niche.neighbours.get('X')![0]!.score);
  });

  it('keeps the top N neighbours per product, best first', () => {
    const baskets = Array.from({ length: 30 }, (_, i) => order(`c${i}`, 'BASE', ...['P1', 'P2', 'P3', 'P4'].filter((_, k) => i % (k + 2) === 0)));
    const model = buildSimilarity(baskets, { minSupport: 2, shrinkage: 5, topN: 2 });
    const list = model.neighbours.get('BASE')!;
    expect(list.map((n) => n.sku)).toEqual(['P1', 'P2']);
    expect(list[0]!.score).toBeGreaterThan(list[1]!.score);
    expect(list[0]!.customersBoth).toBe(15);
  });

  it('an empty history gives an empty model, never NaN', () => {
    expect(buildSimilarity([])).toEqual({ customers: 0, products: [], neighbours: new Map() });
    expect(buildSimilarity([order('c1', 'A'), order('c2', 'A')]).neighbours.size).toBe(0);
  });
});
