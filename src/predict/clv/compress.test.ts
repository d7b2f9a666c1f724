import { describe, expect, it } from 'vitest';
import { compressRows } from './compress.ts';

describe('compressRows', () => {
  it('merges identical rows into weights and keeps first-seen order', () => {
    const a = Float64Array.from([1, 2, 1, 1, 0, -0]);
    const b = Float64Array.from([5, 5, 5, 6, 3, 3]);
    const res = compressRows([a, b]);
    expect(res.size).toBe(4);
    expect(Array.from(res.columns[0])).toEqual([1, 2, 1, 0]);
    expect(Array.from(res.columns[1])).toEqual([5, 5, 6, 3]);
    expect(Array.from(res.weights)).toEqual([2, 1, 1, 2]); // 0 and −0 are the same value
    expect(Array.from(res.index)).toEqual([0, 1, 0, 2, 3, 3]);
  });
  it('sums given weights and handles many rows', () => {
    const n = 100_000;
    const col = new Float64Array(n).map((_, i) => i % 97);
    const res = compressRows([col], new Float64Array(n).fill(0.5));
    expect(res.size).toBe(97);
    expect(res.weights.reduce((s, w) => s + w, 0)).toBe(n / 2);
  });
});
