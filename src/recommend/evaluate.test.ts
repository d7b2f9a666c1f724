import { describe, expect, it } from 'vitest';
import { generateCafe } from '../demo/cafe.ts';
import { demoOrders } from '../demo/orders.ts';
import { seededRandom } from '../demo/random.ts';
import { leaveLastOrderOut, type DatedOrder } from './evaluate.ts';

let seq = 0;
const order = (customerId: string, day: number, ...skus: string[]): DatedOrder => ({
  customerId,
  at: new Date(Date.UTC(2026, 0, day)),
  orderKey: `o${++seq}`,
  products: skus.map((sku) => ({ sku, name: null })),
});

describe('offline evaluation: leave the last order out', () => {
  const orders = [
    order('c1', 1, 'A'),
    order('c1', 9, 'B'), // hidden: B is new to c1, and A's buyers also bought B
    order('c2', 2, 'A', 'B'),
    order('c3', 3, 'A', 'B'),
    order('c4', 1, 'C'),
    order('c4', 5, 'C'), // hidden, but a re-buy only: not counted
    order('c5', 4, 'C', 'D'),
    order('c6', 4, 'C'),
  ];

  it('hides each repeat buyer’s last order and scores hits against what was new in it', () => {
    // Training popularity: A (c1, c2, c3) and C (c4, c5, c6) 3 each, B 2: the baseline's top 1 for c1 is C, a miss.
    expect(leaveLastOrderOut(orders, 1)).toEqual({ k: 1, customers: 2, evaluated: 1, repeatOnly: 1, hitRate: 1, popularityHitRate: 0, similarShare: 1 });
  });

  it('never learns from the hidden orders', () => {
    // Without c2 and c3 nobody but c1 (hidden) ever bought A with B: the model has nothing, the popularity fill stands in.
    const alone = orders.filter((o) => o.customerId !== 'c2' && o.customerId !== 'c3');
    expect(leaveLastOrderOut(alone, 1)).toMatchObject({ evaluated: 1, hitRate: 0, similarShare: 0 });
  });

  it('no customer with two orders: nothing to evaluate, zeros rather than NaN', () => {
    expect(leaveLastOrderOut([order('c1', 1, 'A')], 5)).toEqual({ k: 5, customers: 0, evaluated: 0, repeatOnly: 0, hitRate: 0, popularityHitRate: 0, similarShare: 0 });
  });

  it('on the café demo, whose customers have tastes, similarity beats recommending the most popular products', () => {
    const { calls } = generateCafe(seededRandom(42), { customers: 250, anonymousVisitors: 0, days: 180, now: new Date('2026-06-01T12:00:00Z') });
    const e = leaveLastOrderOut(demoOrders(calls), 5);
    expect(e.evaluated).toBeGreaterThan(50);
    expect(e.hitRate).toBeGreaterThan(e.popularityHitRate + 0.15);
  });
});
