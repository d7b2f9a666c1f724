import { describe, expect, it } from 'vitest';
import { lbfgs, nelderMead } from './optimize.ts';

// Rosenbrock's banana: minimum 0 at (1, 1), a classic hard case for line searches.
const rosenbrock = (x: Float64Array, g?: Float64Array): number => {
  const [a, b] = x;
  if (g) {
    g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
    g[1] = 200 * (b - a * a);
  }
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
};

describe('optimisers', () => {
  it('L-BFGS finds the Rosenbrock minimum', () => {
    const res = lbfgs(rosenbrock, [-1.2, 1]);
    expect(res.converged).toBe(true);
    expect(res.x[0]).toBeCloseTo(1, 6);
    expect(res.x[1]).toBeCloseTo(1, 6);
  });
  it('Nelder-Mead finds it too', () => {
    const res = nelderMead((x) => rosenbrock(x), [-1.2, 1], { tolerance: 1e-14 });
    expect(res.converged).toBe(true);
    expect(res.x[0]).toBeCloseTo(1, 3);
  });
  it('treats non-finite objective values as "too far" instead of propagating NaN', () => {
    // ln-barrier: undefined for x <= 0; minimum of x − ln x at x = 1.
    const f = (x: Float64Array, g: Float64Array): number => {
      g[0] = 1 - 1 / x[0];
      return x[0] - Math.log(x[0]);
    };
    const res = lbfgs(f, [8]);
    expect(res.x[0]).toBeCloseTo(1, 6);
    expect(Number.isFinite(res.value)).toBe(true);
  });
});
