import { addBusinessTime } from './calendar.ts';
import type { SlaPolicy } from './policy.ts';
import type { TicketHistory } from '../metrics.ts';
import type { Priority } from '../status.ts';

export type ClockStatus = 'active' | 'at-risk' | 'paused' | 'met' | 'breached';

export interface Clock {
  targetMinutes: number;
  startedAt: string;
  deadline: string;
  status: ClockStatus;
  /** Business milliseconds left (negative once breached); null when stopped. */
  remainingMs: number | null;
}

export interface SlaState {
  firstResponse: Clock | null;
  nextResponse: Clock | null;
  resolution: Clock | null;
}

const PAUSING = ['pending', 'on-hold'];

/** Intervals during which the ticket was pending or on hold (the clock stops). */
export function pausedIntervals(t: TicketHistory, now: number): [number, number][] {
  const out: [number, number][] = [];
  let since: number | null = null;
  for (const e of [...t.events].sort((a, b) => a.at - b.at)) {
    if (e.type !== 'status') continue;
    if (PAUSING.includes(String(e.to)) && since === null) since = e.at;
    else if (!PAUSING.includes(String(e.to)) && since !== null) {
      out.push([since, e.at]);
      since = null;
    }
  }
  if (since !== null) out.push([since, now]);
  return out;
}

function clock(policy: SlaPolicy, minutes: number, start: number, stop: number | null, pauses: [number, number][], now: number, pausedNow: boolean): Clock {
  const deadline = addBusinessTime(policy.calendar, start, minutes * 60_000, pauses);
  if (stop !== null) {
    return { targetMinutes: minutes, startedAt: new Date(start).toISOString(), deadline: new Date(deadline).toISOString(), status: stop <= deadline ? 'met' : 'breached', remainingMs: null };
  }
  // Remaining business time: the deadline measured from now, paused intervals already in it.
  const remaining = deadline - now;
  const status: ClockStatus = remaining < 0 ? 'breached' : pausedNow ? 'paused' : remaining <= policy.warnBeforeMinutes * 60_000 ? 'at-risk' : 'active';
  return { targetMinutes: minutes, startedAt: new Date(start).toISOString(), deadline: new Date(deadline).toISOString(), status, remainingMs: remaining };
}

/**
 * The SLA clocks of a ticket: first response (from creation), next response (from
 * a customer message that waits for an answer) and resolution (from creation to
 * solved). Pending and on-hold stop the clocks; deadlines are in business time.
 */
export function slaState(policy: SlaPolicy, priority: Priority, t: TicketHistory, now: number): SlaState {
  const targets = policy.targets[priority];
  const events = [...t.events].sort((a, b) => a.at - b.at);
  const pauses = pausedIntervals(t, now);
  const pausedNow = PAUSING.includes(t.status);
  const closed = t.status === 'solved' || t.status === 'closed';
  let firstReply: number | null = null;
  let waitingSince: number | null = null;
  let lastSolved: number | null = null;
  for (const e of events) {
    if (e.type === 'message' && e.author === 'agent' && e.isPublic !== false) {
      firstReply ??= e.at;
      waitingSince = null;
    } else if (e.type === 'message' && e.author === 'customer' && firstReply !== null && waitingSince === null) {
      waitingSince = e.at;
    } else if (e.type === 'status' && e.to === 'solved') {
      lastSolved = e.at;
    }
  }
  return {
    firstResponse: closed && firstReply === null ? null : clock(policy, targets.firstResponse, t.createdAt, firstReply, pauses, now, pausedNow),
    nextResponse: waitingSince !== null && !closed ? clock(policy, targets.nextResponse, waitingSince, null, pauses, now, pausedNow) : null,
    resolution: clock(policy, targets.resolution, t.createdAt, closed ? lastSolved : null, pauses, now, pausedNow),
  };
}
