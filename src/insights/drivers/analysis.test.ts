import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../text/random.ts';
import { analyseDrivers } from './analysis.ts';
import type { DriverFeature } from './features.ts';
import { outcomeOf } from './outcome.ts';
import { addAnswers, emptyMoments, fitRidge, solveSymmetric } from './ridge.ts';

/**
 * 400 customers: a quarter had a delayed delivery, which takes 3 points off their
 * 0-10 score; most of them (and a few others) then read the help pages, which do
 * nothing by themselves; a coin flip that does nothing; a rare event.
 */
function plantedDriver(seed = 7) {
  const rand = mulberry32(seed);
  const scores: number[] = [];
  const delayed: number[] = [];
  const help: number[] = [];
  const coin: number[] = [];
  const rare: number[] = [];
  for (let i = 0; i < 400; i++) {
    const isDelayed = rand() < 0.25;
    if (isDelayed) delayed.push(i);
    if (rand() < (isDelayed ? 0.6 : 0.1)) help.push(i);
    if (rand() < 0.5) coin.push(i);
    if (i % 80 === 0) rare.push(i);
    const noise = (rand() + rand() + rand() - 1.5) * 2.5;
    scores.push(Math.max(0, Math.min(10, Math.round(8.5 - (isDelayed ? 3 : 0) + noise))));
  }
  const features: DriverFeature[] = [
    { key: 'touchpoint:help', kind: 'touchpoint', label: 'Help center', with: help },
    { key: 'event:delivery:Delivery Delayed', kind: 'event', label: 'Delivery Delayed (Delivery)', with: delayed },
    { key: 'theme:coin', kind: 'theme', label: 'A coin flip', with: coin },
    { key: 'service:rare', kind: 'service', label: 'Rare', with: rare },
  ];
  return { outcomes: scores.map((value) => outcomeOf('nps', { value, favourable: null })), features, delayed };
}

describe('the ridge regression', () => {
  it('solves a symmetric positive-definite system', () => {
    const x = solveSymmetric(new Float64Array([4, 2, 2, 3]), new Float64Array([10, 11]), 2);
    expect(x[0]).toBeCloseTo(1, 12);
    expect(x[1]).toBeCloseTo(3, 12);
  });

  it('with one feature and no penalty, the coefficient is the difference in means', () => {
    const m = emptyMoments(1);
    for (const [has, y, w] of [[[0], 100, 3], [[0], -100, 5], [[], 100, 6], [[], 0, 2]] as const) addAnswers(m, has, y, w);
    const fit = fitRidge(m, 0);
    const meanWith = (3 * 100 - 5 * 100) / 8;
    const meanWithout = (6 * 100) / 8;
    expect(fit.coefficients[0]).toBeCloseTo(meanWith - meanWithout, 9);
  });

  it('a feature without variation gets no coefficient rather than a division by zero', () => {
    const m = emptyMoments(2);
    addAnswers(m, [0, 1], 100, 4);
    addAnswers(m, [0], -100, 4);
    const fit = fitRidge(m, 0.01);
    expect(Number.isNaN(fit.coefficients[0]!)).toBe(true);
    expect(fit.coefficients[1]).toBeGreaterThan(0);
  });
});

describe('drivers of a planted effect', () => {
  const { outcomes, features, delayed } = plantedDriver();
  const result = analyseDrivers(outcomes, features);

  it('ranks the delayed delivery first, negative, its interval excluding 0', () => {
    const first = result.drivers[0]!;
    expect(first.key).toBe('event:delivery:Delivery Delayed');
    expect(first.direction).toBe('negative');
    expect(first.interval![1]).toBeLessThan(0);
    expect(first.effectInterval![1]).toBeLessThan(0);
    expect(first.nWith).toBe(delayed.length);
    expect(first.nWithout).toBe(400 - delayed.length);
    expect(first.meanWith!).toBeLessThan(first.meanWithout!);
  });

  it('without the model the help pages look bad: their readers were mostly the delayed ones', () => {
    const help = result.drivers.find((x) => x.key === 'touchpoint:help')!;
    expect(help.enough).toBe(true);
    expect(help.meanWith!).toBeLessThan(help.meanWithout! - 20);
  });

  it('over 40 such workspaces, the delay always comes first; the intervals of the coin and the help pages (no effect once the delay is held fixed) include 0 about 95% of the time', () => {
    let covered = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const planted = plantedDriver(seed);
      const { drivers } = analyseDrivers(planted.outcomes, planted.features);
      expect(drivers[0]!.key, `seed ${seed}`).toBe('event:delivery:Delivery Delayed');
      expect(drivers[0]!.direction, `seed ${seed}`).toBe('negative');
      for (const d of drivers.filter((x) => x.key === 'theme:coin' || x.key === 'touchpoint:help')) {
        if (d.interval![0] < 0 && d.interval![1] > 0) {
          covered++;
          expect(d.direction).toBe('unclear');
        }
      }
    }
    // A 95% interval misses 0 for 4 of 80 features without effect; 72 leaves room for chance, not for intervals that are too narrow.
    expect(covered).toBeGreaterThanOrEqual(72);
  });

  it('a feature with fewer than 10 answers is "not enough data", listed last, without model figures', () => {
    const rare = result.drivers.at(-1)!;
    expect(rare).toMatchObject({ key: 'service:rare', enough: false, nWith: 5, importance: null, interval: null, effect: null, direction: null });
  });

  it('the baseline is the NPS of the answers', () => {
    const nps = (outcomes.filter((y) => y === 100).length - outcomes.filter((y) => y === -100).length) / outcomes.length * 100;
    expect(result.baseline).toBeCloseTo(nps, 9);
    expect(result.n).toBe(400);
  });

  it('ranks journey moments by friction: the delay first, its impact reach × drop, its interval above 0', () => {
    expect(result.friction.map((f) => f.key)).toEqual(['event:delivery:Delivery Delayed', 'touchpoint:help']);
    const delay = result.friction[0]!;
    expect(delay.reach).toBeCloseTo(delayed.length / 400, 12);
    expect(delay.impact).toBeCloseTo(delay.reach * delay.drop, 9);
    expect(delay.interval[0]).toBeGreaterThan(0);
    expect(delay.interval[0]).toBeLessThan(delay.impact);
    expect(delay.interval[1]).toBeGreaterThan(delay.impact);
  });

  it('is deterministic: the same answers give the same intervals, in whatever order they come; another seed other ones', () => {
    expect(analyseDrivers(outcomes, features)).toEqual(result);
    // The answers and the features listed in reverse (as another database might return them).
    const last = outcomes.length - 1;
    const reversed = features.map((f) => ({ ...f, with: f.with.map((i) => last - i).reverse() })).reverse();
    expect(analyseDrivers([...outcomes].reverse(), reversed)).toEqual(result);
    const reseeded = analyseDrivers(outcomes, features, { seed: 2 });
    expect(reseeded.drivers[0]!.interval).not.toEqual(result.drivers[0]!.interval);
    expect(reseeded.drivers[0]!.importance).toBe(result.drivers[0]!.importance);
  });
});

describe('outcomes', () => {
  it('NPS answers count +100, 0, −100; CSAT and CES 100 when favourable', () => {
    expect([10, 9, 8, 7, 6, 0].map((value) => outcomeOf('nps', { value, favourable: null }))).toEqual([100, 100, 0, 0, -100, -100]);
    expect(outcomeOf('csat', { value: 5, favourable: true })).toBe(100);
    expect(outcomeOf('ces', { value: 7, favourable: false })).toBe(0);
  });
});
