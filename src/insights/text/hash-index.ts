/**
 * Open-addressing map from 32-bit n-gram hash to model column. A plain Map works
 * too, but a typed array with key and value side by side (one cache line per probe)
 * makes the lookup in prediction's inner loop several times faster.
 */
export class HashIndex {
  readonly size: number;
  private readonly mask: number;
  /** slots[2s] = key, slots[2s+1] = column + 1 (0 marks an empty slot). */
  private readonly slots: Int32Array;

  /** keys[i] becomes column i. */
  constructor(keys: ArrayLike<number>) {
    let cap = 16;
    while (cap < keys.length * 2) cap *= 2;
    this.mask = cap - 1;
    this.slots = new Int32Array(cap * 2);
    this.size = keys.length;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] | 0;
      let s = mix(key) & this.mask;
      while (this.slots[2 * s + 1] !== 0) {
        if (this.slots[2 * s] === key) throw new Error(`duplicate key ${keys[i]}`);
        s = (s + 1) & this.mask;
      }
      this.slots[2 * s] = key;
      this.slots[2 * s + 1] = i + 1;
    }
  }

  /** Column of `key`, or -1. */
  get(key: number): number {
    const k = key | 0;
    let s = mix(k) & this.mask;
    for (;;) {
      const v = this.slots[2 * s + 1];
      if (v === 0) return -1;
      if (this.slots[2 * s] === k) return v - 1;
      s = (s + 1) & this.mask;
    }
  }
}

// The keys are FNV hashes whose low bits are weaker than their high bits: mix before masking.
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return h ^ (h >>> 16);
}
