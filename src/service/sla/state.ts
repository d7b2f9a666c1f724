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

/** What the clocks start and stop at: the first public agent reply, each wait for a next reply ([customer message, answer or null]), the last solve. */
function milestones(t: TicketHistory): { firstReply: number | null; waits: [number, number | null][]; lastSolved: number | null } {
  let firstReply: number | null = null;
  const waits: [number, number | null][] = [];
  let lastSolved: number | null = null;
  for (const e of [...t.events].sort((a, b) => a.at - b.at)) {
    const open = waits.at(-1)?.[1] === null ? waits.at(-1)! : null;
    if (e.type === 'message' && e.author === 'agent' && e.isPublic !== false) {
      firstReply ??= e.at;
      if (open) open[1] = e.at;
    } else if (e.type === 'message' && e.author === 'customer' && firstReply !== null && !open) {
      waits.push([e.at, null]);
    } else if (e.type === 'status' && e.to === 'solved') {
      lastSolved = e.at;
    }
  }
  return { firstReply, waits, lastSolved };
}

/**
 * The priority a ticket had at `at`: the current one, undone by each later change.
 * A clock that has stopped keeps the target of the priority it stopped under, as
 * help desks do: raising a ticket's priority at a resolution breach (an escalation)
 * must not turn a first response met hours ago into a breach.
 */
function priorityAt(t: TicketHistory, current: Priority, at: number): Priority {
  const later = t.events.filter((e) => e.type === 'priority' && e.at > at).sort((a, b) => a.at - b.at);
  return later.length > 0 ? (later[0]!.from as Priority) : current;
}

/** The clocks of slaState, and the next-response clocks of waits already answered. */
function clocksOf(policy: SlaPolicy, priority: Priority, t: TicketHistory, now: number): SlaState & { answered: Clock[] } {
  const targetsAt = (stop: number | null) => policy.targets[stop === null ? priority : priorityAt(t, priority, stop)];
  const pauses = pausedIntervals(t, now);
  const pausedNow = PAUSING.includes(t.status);
  const closed = t.status === 'solved' || t.status === 'closed';
  const { firstReply, waits, lastSolved } = milestones(t);
  const next = (start: number, stop: number | null) => clock(policy, targetsAt(stop).nextResponse, start, stop, pauses, now, pausedNow);
  const waiting = waits.at(-1)?.[1] === null ? waits.at(-1)![0] : null;
  const solvedAt = closed ? lastSolved : null;
  return {
    firstResponse: closed && firstReply === null ? null : clock(policy, targetsAt(firstReply).firstResponse, t.createdAt, firstReply, pauses, now, pausedNow),
    nextResponse: waiting !== null && !closed ? next(waiting, null) : null,
    resolution: clock(policy, targetsAt(solvedAt).resolution, t.createdAt, solvedAt, pauses, now, pausedNow),
    answered: waits.flatMap(([start, stop]) => (stop === null ? [] : [next(start, stop)])),
  };
}

/**
 * The SLA clocks of a ticket: first response (from creation), next response (from
 * a customer message that waits for an answer) and resolution (from creation to
 * solved). Pending and on-hold stop the clocks; deadlines are in business time.
 */
export function slaState(policy: SlaPolicy, priority: Priority, t: TicketHistory, now: number): SlaState {
  const { firstResponse, nextResponse, resolution } = clocksOf(policy, priority, t, now);
  return { firstResponse, nextResponse, resolution };
}

export const SLA_TARGETS = ['firstResponse', 'nextResponse', 'resolution'] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];
export const SLA_STATES = ['met', 'breached', 'running'] as const;

/**
 * How a ticket stands against one target, for the report: met, breached, or
 * running until `dueAt` (null while paused: a paused clock cannot come due, and
 * the status change that ends the pause recomputes it). A running clock whose
 * `dueAt` has passed counts as breached (slaStanding), so stored outcomes stay
 * true as time goes by without being rewritten.
 */
export interface SlaOutcome {
  state: (typeof SLA_STATES)[number];
  dueAt: number | null;
}

function outcomeOf(c: Clock): SlaOutcome {
  if (c.status === 'met' || c.status === 'breached') return { state: c.status, dueAt: null };
  return { state: 'running', dueAt: c.status === 'paused' ? null : Date.parse(c.deadline) };
}

/**
 * A ticket's outcome per target; null where the target never applied (a ticket
 * solved without a reply has no first response; next response applies once a
 * customer wrote after a reply). Next response is one outcome per ticket over
 * all its waits: breached if any wait missed the target, else running while one
 * waits, else met.
 */
export function slaOutcomes(policy: SlaPolicy, priority: Priority, t: TicketHistory, now: number): Record<SlaTarget, SlaOutcome | null> {
  const c = clocksOf(policy, priority, t, now);
  const waits = [...c.answered, ...(c.nextResponse ? [c.nextResponse] : [])].map(outcomeOf);
  const next = waits.find((o) => o.state === 'breached') ?? waits.find((o) => o.state === 'running') ?? waits[0] ?? null;
  return { firstResponse: c.firstResponse && outcomeOf(c.firstResponse), nextResponse: next, resolution: c.resolution && outcomeOf(c.resolution) };
}

/** Where an outcome stands at `now`: a running clock past its due time has breached (the report's SQL says the same). */
export function slaStanding(o: SlaOutcome, now: number): SlaOutcome['state'] {
  return o.state === 'running' && o.dueAt !== null && o.dueAt < now ? 'breached' : o.state;
}
