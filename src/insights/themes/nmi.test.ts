import { describe, expect, it } from 'vitest';
import { normalisedMutualInformation as nmi } from './nmi.ts';

describe('normalised mutual information', () => {
  it('is 1 for the same grouping under other names, 0 for independent ones', () => {
    expect(nmi(['a', 'a', 'b', 'b'], [7, 7, 3, 3])).toBeCloseTo(1, 12);
    expect(nmi(['a', 'a', 'b', 'b'], [0, 1, 0, 1])).toBeCloseTo(0, 12);
  });

  it('matches a value computed by hand', () => {
    // H(a) = ln 2; H(b) = -(3/4 ln 3/4 + 1/4 ln 1/4) = 0.562335;
    // MI = 1/2 ln(4/3) + 1/4 ln(2/3) + 1/4 ln 2 = 0.215761; NMI = MI / ((H(a) + H(b)) / 2) = 0.343711.
    expect(nmi(['a', 'a', 'b', 'b'], [0, 0, 0, 1])).toBeCloseTo(0.343711, 6);
    // Three intents, two themes: x all in 1, z all in 2, y split. Joint counts 2, 1, 1, 2 of 6;
    // MI = 2 * 2/6 ln(2*6 / (2*3)) + 2 * 1/6 ln(1*6 / (2*3)) = 2/3 ln 2 = 0.462098; H(a) = ln 3, H(b) = ln 2;
    // NMI = 0.462098 / ((1.098612 + 0.693147) / 2) = 0.515804.
    expect(nmi(['x', 'x', 'y', 'y', 'z', 'z'], [1, 1, 1, 2, 2, 2])).toBeCloseTo(0.515804, 6);
  });

  it('treats one label on both sides as agreement, and refuses labellings of different lengths', () => {
    expect(nmi(['a', 'a'], [1, 1])).toBe(1);
    expect(nmi(['a', 'b'], [1, 1])).toBe(0);
    expect(() => nmi(['a'], [1, 2])).toThrow(/differ in length/);
  });
});
