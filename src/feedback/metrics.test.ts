import { describe, expect, it } from 'vitest';
import { effort, funnel, nps, topBox } from './metrics.ts';

// Expected values computed by hand (and checked with a calculator) from the
// adjusted-Wald formulas of Rocks (2016): n' = n + 3, p = (P + 3/4)/n', d = (D + 3/4)/n',
// SE = sqrt((p + d − (p − d)²)/n'), interval (p − d) ± 1.96·SE.

describe('NPS and its adjusted-Wald interval', () => {
  it('50 promoters, 30 passives, 20 detractors: NPS 30, interval 14.1 to 44.2', () => {
    // n' = 103, p = 50.75/103 = 0.49272, d = 20.75/103 = 0.20146, SE = sqrt((0.69417 − 0.08483)/103) = 0.07692
    expect(nps({ promoters: 50, passives: 30, detractors: 20 })).toEqual({ promoters: 50, passives: 30, detractors: 20, n: 100, score: 30, ci95: [14.1, 44.2] });
  });

  it('a single promoter: NPS 100 but an interval that admits almost anything (-48.5 to 98.5)', () => {
    expect(nps({ promoters: 1, passives: 0, detractors: 0 })).toMatchObject({ n: 1, score: 100, ci95: [-48.5, 98.5] });
  });

  it('more detractors than promoters gives a negative score; the interval is clipped to -100', () => {
    expect(nps({ promoters: 3, passives: 2, detractors: 5 })).toMatchObject({ n: 10, score: -20, ci95: [-61.1, 30.3] });
    expect(nps({ promoters: 0, passives: 0, detractors: 40 })).toMatchObject({ score: -100, ci95: [-100, -83.6] });
  });

  it('no answers: no score and no interval, never NaN', () => {
    expect(nps({ promoters: 0, passives: 0, detractors: 0 })).toEqual({ promoters: 0, passives: 0, detractors: 0, n: 0, score: null, ci95: null });
  });
});

describe('CSAT, CES and the response funnel', () => {
  it('top box share, and the CES mean on its scale', () => {
    expect(topBox(8, 6)).toEqual({ n: 8, favourable: 6, share: 75 });
    expect(topBox(0, 0).share).toBeNull();
    expect(effort(3, 2, 5 + 6 + 2)).toEqual({ n: 3, favourable: 2, share: 66.7, mean: 4.33 });
  });

  it('every stage is a share of what was sent (the named denominator)', () => {
    expect(funnel({ sent: 200, delivered: 190, opened: 120, started: 60, completed: 45 }).rates).toEqual({ delivered: 95, opened: 60, started: 30, completed: 22.5 });
    expect(funnel({ sent: 0, delivered: 0, opened: 0, started: 0, completed: 0 }).rates.completed).toBeNull();
  });
});
