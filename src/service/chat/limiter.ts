/**
 * Token buckets by key, in memory: a visitor may send a burst of `burst`
 * messages, then one every `everyMs`. One process serves the widget sockets, so
 * memory is where the counts belong; full buckets are dropped to bound it.
 */
export function createLimiter(options: { burst: number; everyMs: number }) {
  const buckets = new Map<string, { tokens: number; at: number }>();

  function level(key: string, now: number): number {
    const b = buckets.get(key);
    if (!b) return options.burst;
    return Math.min(options.burst, b.tokens + (now - b.at) / options.everyMs);
  }

  return {
    /** Takes one token; false when the bucket is empty. */
    take(key: string, now = Date.now()): boolean {
      const tokens = level(key, now);
      if (tokens < 1) return false;
      buckets.set(key, { tokens: tokens - 1, at: now });
      if (buckets.size > 10_000) for (const k of buckets.keys()) if (level(k, now) >= options.burst) buckets.delete(k);
      return true;
    },
  };
}
