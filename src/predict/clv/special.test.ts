import { describe, expect, it } from 'vitest';
import { digamma, log1pExp, logAddExp, logGamma } from './special.ts';

const EULER = 0.5772156649015329;

describe('logGamma', () => {
  it('matches exact values across the range the models use', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(2)).toBeCloseTo(0, 14);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 13);
    expect(logGamma(100)).toBeCloseTo(359.1342053695754, 11);
    expect(logGamma(1e-8)).toBeCloseTo(18.420680738180209, 12);
    expect(logGamma(1e6) / 12815504.569147612).toBeCloseTo(1, 14);
  });
  it('keeps differences of large arguments accurate: lnΓ(x+1) − lnΓ(x) = ln x', () => {
    for (const x of [0.2426, 3.7, 57.5, 1234.25]) expect(logGamma(x + 1) - logGamma(x)).toBeCloseTo(Math.log(x), 11);
  });
  it('throws instead of returning NaN outside its domain', () => {
    expect(() => logGamma(0)).toThrow(RangeError);
    expect(() => logGamma(-1.5)).toThrow(RangeError);
    expect(() => logGamma(Number.NaN)).toThrow(RangeError);
  });
});

describe('digamma', () => {
  it('matches exact values', () => {
    expect(digamma(1)).toBeCloseTo(-EULER, 14);
    expect(digamma(0.5)).toBeCloseTo(-EULER - 2 * Math.log(2), 14);
    expect(digamma(100)).toBeCloseTo(4.600161852738087, 14);
  });
  it('is the derivative of logGamma', () => {
    for (const x of [0.05, 0.79, 6.25, 40]) {
      const h = 1e-5 * x;
      expect(digamma(x)).toBeCloseTo((logGamma(x + h) - logGamma(x - h)) / (2 * h), 6);
    }
  });
});

describe('log-space helpers', () => {
  it('logAddExp does not overflow and handles −∞', () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.log(2), 12);
    expect(logAddExp(-Infinity, 3)).toBe(3);
    expect(logAddExp(-800, -801)).toBeCloseTo(-800 + Math.log1p(Math.exp(-1)), 12);
  });
  it('log1pExp is accurate at both ends', () => {
    expect(log1pExp(800)).toBe(800);
    expect(log1pExp(-800)).toBe(Math.exp(-800));
    expect(log1pExp(0)).toBeCloseTo(Math.log(2), 15);
  });
});
