import { describe, expect, it } from 'vitest';
import { inSample } from './sampling.ts';

describe('inSample', () => {
  it('gives the same answer for the same occasion, and a share close to the percentage', () => {
    const occasions = Array.from({ length: 20_000 }, (_, i) => `occasion-${i}`);
    const drawn = occasions.filter((o) => inSample(25, o));
    // 20,000 fixed occasions: the share is a fixed number; 25% ± 1 point is over 3 standard errors.
    expect(drawn.length / occasions.length).toBeGreaterThan(0.24);
    expect(drawn.length / occasions.length).toBeLessThan(0.26);
    expect(occasions.filter((o) => inSample(25, o))).toEqual(drawn);
    // A larger percentage keeps everyone a smaller one drew (one draw per occasion, compared).
    expect(drawn.every((o) => inSample(50, o))).toBe(true);
  });

  it('draws everyone at 100% and no one at 0%', () => {
    expect(inSample(100, 'a') && inSample(150, 'b')).toBe(true);
    expect(inSample(0, 'a') || inSample(-5, 'b')).toBe(false);
  });
});
