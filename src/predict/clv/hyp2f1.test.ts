import { describe, expect, it } from 'vitest';
import { hyp2f1 } from './hyp2f1.ts';

describe('hyp2f1', () => {
  it('matches closed forms on both sides of 0', () => {
    for (const z of [-3, -0.9, -0.5, 0.1, 0.5, 0.9, 0.99]) {
      expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 12); // −ln(1−z)/z
      expect(hyp2f1(0.7, 2.5, 2.5, z)).toBeCloseTo(Math.pow(1 - z, -0.7), 12); // (1−z)^−a
    }
    // 2F1(1/2, 1; 3/2; −x²) = arctan(x)/x
    expect(hyp2f1(0.5, 1, 1.5, -4)).toBeCloseTo(Math.atan(2) / 2, 12);
  });
  it('terminates for a non-positive integer a (a polynomial)', () => {
    // 2F1(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1))
    const b = 1.5;
    const c = 2.5;
    const z = 0.7;
    expect(hyp2f1(-2, b, c, z)).toBeCloseTo(1 - (2 * b * z) / c + (b * (b + 1) * z * z) / (c * (c + 1)), 14);
  });
  it('refuses arguments outside its domain with a clear error', () => {
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(/z < 1/);
    expect(() => hyp2f1(1, 1, -2, 0.5)).toThrow(/pole/);
    expect(() => hyp2f1(Number.NaN, 1, 2, 0.5)).toThrow(/finite/);
  });
});
