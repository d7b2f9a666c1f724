/**
 * Column-wise repeat-purchase histories, the input of the BG/NBD model
 * (Fader, Hardie & Lee 2005 notation; index i is one customer):
 *  - x:  number of repeat purchases in the calibration period (first purchase excluded),
 *  - tx: time of the last purchase, measured from the first purchase (0 when x = 0),
 *  - T:  time from the first purchase to the end of the calibration period.
 * Times are in one unit (weeks or days) throughout.
 */
export interface PurchaseHistories {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
}

/** Checks the constraints the likelihood assumes; throws a RangeError naming the first bad customer. */
export function validateHistories(h: PurchaseHistories): void {
  const n = h.x.length;
  if (h.tx.length !== n || h.T.length !== n) throw new RangeError('x, tx and T must have the same length');
  for (let i = 0; i < n; i++) {
    const x = h.x[i];
    const tx = h.tx[i];
    const T = h.T[i];
    if (!Number.isInteger(x) || x < 0) throw new RangeError(`customer #${i}: x = ${x} is not a non-negative integer`);
    if (!Number.isFinite(tx) || !Number.isFinite(T) || tx < 0 || T < tx) {
      throw new RangeError(`customer #${i}: need 0 <= t_x <= T, got t_x = ${tx}, T = ${T}`);
    }
    if (x === 0 && tx !== 0) throw new RangeError(`customer #${i}: t_x must be 0 when x = 0, got ${tx}`);
  }
}

/** Histories from plain arrays (tests, small callers). */
export function histories(x: ArrayLike<number>, tx: ArrayLike<number>, T: ArrayLike<number>): PurchaseHistories {
  return { x: Float64Array.from(x), tx: Float64Array.from(tx), T: Float64Array.from(T) };
}
