// When an email address may try a password: after every 5 failures in a row it
// is locked, 5 minutes the first time, then 10, 20, 40, and 60 at most. A lock
// refuses even the right password; attempts refused by it do not count (nobody
// can stretch a lock by hammering it). A success, or a quiet day, clears the count.
//
// Each attempt is counted when it starts, before its password is checked: the
// fifth attempt sets the lock at once, so parallel guesses cannot slip past
// while their checks run; a success then clears it.

export const LOCK_AFTER = 5;
const MAX_LOCK_MINUTES = 60;
const FORGET_AFTER_MS = 24 * 3_600_000;

export interface AttemptState {
  failures: number;
  lastAttemptAt: Date;
  lockedUntil: Date | null;
}

export type AttemptVerdict =
  | { refused: true; lockedUntil: Date }
  /** `locks`: this attempt, if it fails, is the one that locks (the owner is told). */
  | { refused: false; next: AttemptState; locks: boolean };

export function lockMinutes(failures: number): number {
  return Math.min(MAX_LOCK_MINUTES, 5 * 2 ** (Math.floor(failures / LOCK_AFTER) - 1));
}

export function admitAttempt(state: AttemptState | undefined, now: Date): AttemptVerdict {
  if (state?.lockedUntil && state.lockedUntil > now) return { refused: true, lockedUntil: state.lockedUntil };
  const remembered = state && now.getTime() - state.lastAttemptAt.getTime() < FORGET_AFTER_MS;
  const failures = remembered ? state.failures + 1 : 1;
  const locks = failures % LOCK_AFTER === 0;
  return {
    refused: false,
    locks,
    next: { failures, lastAttemptAt: now, lockedUntil: locks ? new Date(now.getTime() + lockMinutes(failures) * 60_000) : null },
  };
}
