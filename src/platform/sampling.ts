import crypto from 'node:crypto';

/**
 * Sampling that gives the same answer for the same occasion (a retried trigger does
 * not roll again): the occasion's hash as a number in [0, 100).
 */
export function inSample(percent: number, occasion: string): boolean {
  if (percent >= 100) return true;
  if (percent <= 0) return false;
  const draw = crypto.createHash('sha256').update(occasion).digest().readUInt32BE(0) / 2 ** 32;
  return draw * 100 < percent;
}
