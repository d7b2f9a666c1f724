import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../demo/random.ts';
import { generateCafe } from '../../demo/cafe.ts';
import { demoHistories } from '../../demo/ground-truth.ts';
import { areaUnderCurve } from './auc.ts';
import { fitLogistic, probability } from './logistic.ts';
import { MIN_CONTACTS, PRIOR, scoreActiveCustomers, scoreCustomer, trainHelpModel } from './model.ts';
import { contactedWithin, featuresAt, isActive, SIGNALS, signalKindOf, type CustomerHistory } from './signals.ts';

const DAY = 86_400_000;
const now = new Date('2026-06-30T12:00:00Z');
const daysAgo = (d: number) => now.getTime() - d * DAY;

describe('area under the ROC curve', () => {
  it('counts the pairs a score ranks right, ties as half', () => {
    // contacts scored 0.35 and 0.8; non-contacts 0.1 and 0.4: 3 of 4 pairs right
    expect(areaUnderCurve([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBeCloseTo(0.75, 12);
    expect(areaUnderCurve([0.5, 0.5, 0.2], [true, false, false])).toBeCloseTo(0.75, 12);
    expect(areaUnderCurve([0.9, 0.1], [false, true])).toBe(0);
  });
  it('is null when one group is empty', () => {
    expect(areaUnderCurve([0.2, 0.3], [true, true])).toBeNull();
    expect(areaUnderCurve([], [])).toBeNull();
  });
});

describe('penalised logistic regression', () => {
  it('recovers the coefficients that generated the data, and weighs a feature of no effect near zero', () => {
    const rand = seededRandom(7);
    const rows: number[][] = [];
    const labels: boolean[] = [];
    for (let i = 0; i < 20_000; i++) {
      const x = [rand.chance(0.3) ? 1 : 0, rand.chance(0.5) ? 1 : 0, rand.int(0, 3)];
      rows.push(x);
      labels.push(rand.next() < probability({ intercept: -2, weights: [1.5, 0, 0.4] }, x));
    }
    const fit = fitLogistic(rows, labels);
    expect(fit.intercept).toBeCloseTo(-2, 0);
    expect(Math.abs(fit.weights[0]! - 1.5)).toBeLessThan(0.15);
    expect(Math.abs(fit.weights[1]!)).toBeLessThan(0.12);
    expect(Math.abs(fit.weights[2]! - 0.4)).toBeLessThan(0.08);
  });
  it('stays finite when a feature always comes with the outcome (the penalty holds it)', () => {
    const fit = fitLogistic([[1], [1], [0], [0], [0]], [true, true, false, false, false]);
    expect(Number.isFinite(fit.weights[0])).toBe(true);
    expect(fit.weights[0]).toBeGreaterThan(0);
  });
});

describe('signals', () => {
  const h: CustomerHistory = {
    customerId: 'c',
    events: [
      { kind: 'order', at: daysAgo(20) },
      { kind: 'delivery_delayed', at: daysAgo(3) },
      { kind: 'help_page', at: daysAgo(2) },
      { kind: 'help_page', at: daysAgo(1) },
    ],
    contacts: [{ at: daysAgo(40), endedAt: daysAgo(39) }],
  };
  it('reads the recent journey at a given moment, and forgets what fell out of its window', () => {
    const byKey = (at: number) => Object.fromEntries(SIGNALS.map((s, j) => [s.key, featuresAt(h, at)[j]]));
    expect(byKey(now.getTime())).toEqual({ delivery_delayed: 1, payment_failed: 0, help_pages: 2, open_ticket: 0, low_score: 0, recent_contact: 0, in_transit: 0, recent_order: 0 });
    expect(byKey(daysAgo(39.5))).toMatchObject({ open_ticket: 1, recent_contact: 1, delivery_delayed: 0 });
    expect(byKey(daysAgo(15))).toMatchObject({ recent_order: 1, help_pages: 0 });
  });
  it('labels a contact in the window after the moment, not before or at it', () => {
    expect(contactedWithin(h, daysAgo(45), 7)).toBe(true);
    expect(contactedWithin(h, daysAgo(40), 7)).toBe(false);
    expect(isActive(h, now.getTime())).toBe(true);
    expect(isActive({ customerId: 'x', events: [{ kind: 'order', at: daysAgo(31) }], contacts: [] }, now.getTime())).toBe(false);
  });
  it('maps journey events to signals by name and help pages by path', () => {
    const purchases = ['Order Completed'];
    expect(signalKindOf({ name: 'Shipment Delayed', pagePath: null }, purchases)).toBe('delivery_delayed');
    expect(signalKindOf({ name: null, pagePath: '/help/returns' }, purchases)).toBe('help_page');
    expect(signalKindOf({ name: null, pagePath: '/helpful-tips' }, purchases)).toBeNull();
    expect(signalKindOf({ name: 'Order Completed', pagePath: null }, purchases)).toBe('order');
    expect(signalKindOf({ name: 'Signed Up', pagePath: null }, purchases)).toBeNull();
  });
  it('gives the reasons that raise the score, largest first, in words', () => {
    const s = scoreCustomer(PRIOR, h, now);
    expect(s.reasons.map((r) => r.reason)).toEqual(['A delivery was delayed in the last 7 days', 'Visited help pages 2 times in the last 7 days']);
    expect(s.probability).toBeGreaterThan(scoreCustomer(PRIOR, { ...h, events: [] }, now).probability);
  });
});

describe('the need-for-help model on the demo generator (its contacts are the ground truth)', () => {
  const data = generateCafe(seededRandom(3), { customers: 3000, anonymousVisitors: 0, days: 180, now });
  const histories = demoHistories(data);
  // The score is judged on what it could not see: contacts in the week after the cut-off.
  const cut = new Date(now.getTime() - 14 * DAY);
  const before = histories.map((h) => ({ ...h, events: h.events.filter((e) => e.at <= cut.getTime()), contacts: h.contacts.filter((c) => c.at <= cut.getTime()).map((c) => ({ ...c, endedAt: c.endedAt !== null && c.endedAt <= cut.getTime() ? c.endedAt : null })) }));

  it('learns from the history that orders on their way, late deliveries and failed payments bring contacts, and ranks next week’s contacts well', () => {
    const model = trainHelpModel(before, cut);
    expect(model.status).toBe('learned');
    expect(model.contacts).toBeGreaterThanOrEqual(MIN_CONTACTS);
    expect(model.weights.in_transit).toBeGreaterThan(1);
    expect(model.weights.delivery_delayed).toBeGreaterThan(0.5);
    expect(model.weights.payment_failed).toBeGreaterThan(0.2);
    const scored = scoreActiveCustomers(model, before, cut);
    const truth = new Map(histories.map((h) => [h.customerId, contactedWithin(h, cut.getTime(), 7)]));
    const auc = areaUnderCurve(scored.map((s) => s.score.probability), scored.map((s) => truth.get(s.customerId)!));
    // Many of next week's contacts follow delays that have not happened yet: 0.5 is chance, 1 is perfect.
    expect(auc).toBeGreaterThan(0.7);
  });

  it('falls back to the stated prior when the history holds too few contacts, and says why', () => {
    const quiet = before.slice(0, 40);
    const model = trainHelpModel(quiet, cut);
    expect(model.status).toBe('prior');
    expect(model.weights).toEqual(PRIOR.weights);
    expect(model.message).toMatch(/needed to learn/);
  });
});
