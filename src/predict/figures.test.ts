import { describe, expect, it } from 'vitest';
import type { Purchase } from '../journeys/store.ts';
import { activityOf } from './activity.ts';
import { computeFigures, finiteOrNull, MIN_CUSTOMERS } from './figures.ts';
import { testCustomers } from './test-customers.ts';
import { generateCafe } from '../demo/cafe.ts';
import { seededRandom } from '../demo/random.ts';
import { PURCHASE_EVENTS } from '../journeys/store.ts';

const now = new Date('2026-03-01T12:00:00Z');
const daysAgo = (d: number, hours = 0) => new Date(now.getTime() - d * 86_400_000 - hours * 3_600_000);
const purchase = (customerId: string, d: number, amount: number | null, extra: Partial<Purchase> = {}): Purchase => ({
  customerId,
  at: daysAgo(d),
  orderId: null,
  amount,
  currency: 'EUR',
  ...extra,
});
const everyFigure = (f: Awaited<ReturnType<typeof computeFigures>>) =>
  f.customers.flatMap((c) => [c.totalSpend, c.recency, c.age, c.pAlive, c.expectedPurchases, c.expectedAverageValue, c.clv]);

describe('figures from purchases', () => {
  it('fits both models on a varied customer base and scores every customer with finite figures', async () => {
    const base = testCustomers();
    const purchases = base.flatMap((c) => c.orders.map((o) => purchase(c.userId, o.daysAgo, o.amount)));
    const f = await computeFigures(purchases, now);
    expect(f.model).toMatchObject({ status: 'fitted', message: null, customers: base.length, purchases: purchases.length, currency: 'EUR', calibrationEnd: '2026-03-01' });
    expect(f.customers).toHaveLength(base.length);
    for (const v of everyFigure(f)) expect(Number.isFinite(v)).toBe(true);
    const mean = (group: string, pick: (c: (typeof f.customers)[number]) => number | null) => {
      const rows = f.customers.filter((c) => c.customerId.startsWith(group));
      return rows.reduce((s, c) => s + pick(c)!, 0) / rows.length;
    };
    expect(mean('frequent', (c) => c.pAlive)).toBeGreaterThan(0.7);
    expect(mean('stopped', (c) => c.pAlive)).toBeLessThan(0.3);
    expect(mean('frequent', (c) => c.clv)).toBeGreaterThan(mean('stopped', (c) => c.clv));
  });

  it('merges same-day purchases into one purchase occasion but counts both orders and their spend', async () => {
    const base = testCustomers().flatMap((c) => c.orders.map((o) => purchase(c.userId, o.daysAgo, o.amount)));
    const f = await computeFigures([...base, purchase('twice-a-day', 30, 10), { ...purchase('twice-a-day', 30, 5), at: daysAgo(30, -2) }], now);
    expect(f.customers.find((c) => c.customerId === 'twice-a-day')).toMatchObject({ purchases: 2, totalSpend: 15, frequency: 0, recency: 0, age: 30 });
  });

  it('with too few customers: a clear status, purchases and spend kept, no model figures', async () => {
    const f = await computeFigures([purchase('a', 40, 12), purchase('a', 10, 8), purchase('b', 5, 20)], now);
    expect(f.model.status).toBe('not_fitted');
    expect(f.model.message).toMatch(new RegExp(`Too few customers.*2 have purchases.*at least ${MIN_CUSTOMERS}`));
    expect(f.model.bgnbd).toBeNull();
    expect(f.customers.find((c) => c.customerId === 'a')).toMatchObject({ purchases: 2, totalSpend: 20, frequency: 1, recency: 30, age: 40, pAlive: null, clv: null });
  });

  it('when nobody bought twice: the fit’s own reason, and no NaN anywhere', async () => {
    const f = await computeFigures(Array.from({ length: MIN_CUSTOMERS + 5 }, (_, i) => purchase(`c${i}`, i * 3, 10 + i)), now);
    expect(f.model).toMatchObject({ status: 'not_fitted', repeatBuyers: 0 });
    expect(f.model.message).toMatch(/none of the 25 customers made a repeat purchase/);
    expect(everyFigure(f).every((v) => v === null || Number.isFinite(v))).toBe(true);
  });

  it('leaves out purchases without a usable amount and says so; notes mixed currencies', async () => {
    const f = await computeFigures([purchase('a', 3, null), purchase('a', 2, 10), purchase('b', 1, 4, { currency: 'USD' })], now);
    expect(f.model).toMatchObject({ purchases: 2, skippedPurchases: 1, currency: null });
    expect(f.model.message).toMatch(/1 purchase event without a usable amount/);
    expect(f.model.message).toMatch(/several currencies \(EUR, USD\)/);
  });

  it('the café demo (what `touchpoint demo` stores) gives a fitted model, so its customer pages show every figure', async () => {
    const { calls } = generateCafe(seededRandom(42), { customers: 250, anonymousVisitors: 100, days: 180, now });
    const purchases = calls
      .filter((c) => PURCHASE_EVENTS.includes(c.event ?? ''))
      .map((c) => purchase(c.userId!, 0, Number(c.properties!.revenue), { at: new Date(c.timestamp), orderId: String(c.properties!.order_id) }));
    const f = await computeFigures(purchases, now);
    expect(f.model).toMatchObject({ status: 'fitted', message: null });
    expect(f.customers.every((c) => c.clv !== null && Number.isFinite(c.clv))).toBe(true);
  });

  it('with no purchases at all: nothing to fit, said in words', async () => {
    const f = await computeFigures([], now);
    expect(f).toMatchObject({ model: { status: 'not_fitted', customers: 0 }, customers: [] });
    expect(f.model.message).toMatch(/No purchases yet/);
  });
});

describe('guards and labels', () => {
  it('finiteOrNull turns NaN and infinities into null and clamps round-off into range', () => {
    expect([NaN, Infinity, -Infinity, undefined].map((v) => finiteOrNull(v, 0))).toEqual([null, null, null, null]);
    expect(finiteOrNull(1 + 1e-15, 0, 1)).toBe(1);
    expect(finiteOrNull(-1e-18, 0)).toBe(0);
    expect(finiteOrNull(0.42, 0, 1)).toBe(0.42);
  });

  it('activityOf puts P(alive) in words, with one-time buyers apart', () => {
    expect([0.95, 0.7, 0.5, 0.3, 0.29].map((p) => activityOf(p, 3))).toEqual(['active', 'active', 'at_risk', 'at_risk', 'lost']);
    expect(activityOf(1, 0)).toBe('one_time');
    expect(activityOf(null, 3)).toBeNull();
  });
});
