import { describe, expect, it } from 'vitest';
import { admitAttempt, lockMinutes, type AttemptState } from './login-lockout.ts';

const t0 = new Date('2026-03-01T10:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

/** Runs failed attempts one a second from `start`; what each was told. */
function fail(state: AttemptState | undefined, count: number, start: Date) {
  const told: string[] = [];
  for (let i = 0; i < count; i++) {
    const v = admitAttempt(state, new Date(start.getTime() + i * 1000));
    if (v.refused) told.push('refused');
    else {
      told.push(v.locks ? 'locks' : 'tries');
      state = v.next;
    }
  }
  return { state, told };
}

describe('login lockout', () => {
  it('locks after 5 failures and refuses without counting while locked', () => {
    const { state, told } = fail(undefined, 8, t0);
    expect(told).toEqual(['tries', 'tries', 'tries', 'tries', 'locks', 'refused', 'refused', 'refused']);
    expect(state!.failures).toBe(5);
    expect(state!.lockedUntil!.getTime() - t0.getTime()).toBe(5 * 60_000 + 4000);
  });

  it('locks longer each time, up to an hour, and forgets after a quiet day', () => {
    expect([5, 10, 15, 20, 25, 50].map(lockMinutes)).toEqual([5, 10, 20, 40, 60, 60]);
    let { state } = fail(undefined, 5, t0);
    ({ state } = fail(state, 5, at(6)));
    expect(state!.failures).toBe(10);
    expect(state!.lockedUntil!.getTime() - at(6).getTime()).toBe(10 * 60_000 + 4000);
    const after = admitAttempt(state, at(6 + 24 * 60 + 1));
    expect(after).toMatchObject({ refused: false, locks: false, next: { failures: 1, lockedUntil: null } });
  });
});
