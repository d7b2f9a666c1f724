import { describe, expect, it } from 'vitest';
import { defaultPolicy } from './policy.ts';
import { slaOutcomes, slaStanding, slaState } from './state.ts';
import type { TicketHistory } from '../metrics.ts';

const H = 3_600_000;
const policy = defaultPolicy('UTC'); // Mon-Fri 09:00-17:00; normal: 8 h first response, 48 h resolution
const mon9 = Date.parse('2026-11-23T09:00:00Z');
const at = (h: number) => mon9 + h * H;

describe('SLA clocks', () => {
  it('runs a first-response clock in business hours and marks it met when answered in time', () => {
    const open: TicketHistory = { createdAt: at(0), status: 'new', events: [{ type: 'message', author: 'customer', at: at(0) }] };
    const s = slaState(policy, 'normal', open, at(2));
    expect(s.firstResponse).toMatchObject({ status: 'active', deadline: '2026-11-23T17:00:00.000Z', remainingMs: 6 * H });
    expect(slaState(policy, 'normal', open, at(7.5)).firstResponse!.status).toBe('at-risk');
    expect(slaState(policy, 'normal', open, at(9)).firstResponse!.status).toBe('breached');
    const answered = { ...open, status: 'open', events: [...open.events, { type: 'message', author: 'agent', isPublic: true, at: at(3) }] };
    expect(slaState(policy, 'normal', answered, at(30)).firstResponse).toMatchObject({ status: 'met', remainingMs: null });
  });

  it('stops the clock while pending and moves the deadline by the paused business time', () => {
    const t: TicketHistory = {
      createdAt: at(0),
      status: 'pending',
      events: [
        { type: 'message', author: 'customer', at: at(0) },
        { type: 'status', from: 'new', to: 'pending', at: at(1) },
      ],
    };
    const s = slaState(policy, 'urgent', t, at(3));
    // Urgent: 60 business minutes; 1 h ran before the pause, so it is spent, but paused now.
    expect(s.firstResponse!.status).toBe('breached');
    const later: TicketHistory = { ...t, status: 'open', events: [...t.events, { type: 'status', from: 'pending', to: 'open', at: at(3) }] };
    // Normal (8 h): 1 h before the pause, 2 h paused → deadline Monday 19:00 is outside hours → Tuesday 11:00.
    expect(slaState(policy, 'normal', later, at(4)).firstResponse!.deadline).toBe('2026-11-24T11:00:00.000Z');
  });

  it('starts a next-response clock when the customer writes after a reply, and a resolution clock that stops when solved', () => {
    const t: TicketHistory = {
      createdAt: at(0),
      status: 'open',
      events: [
        { type: 'message', author: 'customer', at: at(0) },
        { type: 'message', author: 'agent', isPublic: true, at: at(1) },
        { type: 'message', author: 'customer', at: at(2) },
      ],
    };
    expect(slaState(policy, 'high', t, at(3)).nextResponse).toMatchObject({ status: 'active', startedAt: new Date(at(2)).toISOString() });
    const solved = { ...t, status: 'solved', events: [...t.events, { type: 'message', author: 'agent', isPublic: true, at: at(4) }, { type: 'status', from: 'open', to: 'solved', at: at(5) }] };
    const s = slaState(policy, 'high', solved, at(100));
    expect(s.nextResponse).toBeNull();
    expect(s.resolution).toMatchObject({ status: 'met' });
  });
});

describe('a change of priority', () => {
  // Answered after 6 business hours: within normal's 8 h, beyond high's 4 h; then raised to high at a breach.
  const escalated: TicketHistory = {
    createdAt: at(0),
    status: 'open',
    events: [
      { type: 'message', author: 'customer', at: at(0) },
      { type: 'message', author: 'agent', isPublic: true, at: at(6) },
      { type: 'priority', from: 'normal', to: 'high', at: at(30) },
    ],
  };

  it('leaves a clock that stopped under the old priority as it was, and gives running clocks the new target', () => {
    const s = slaState(policy, 'high', escalated, at(31));
    expect(s.firstResponse).toMatchObject({ status: 'met', targetMinutes: 480 });
    expect(s.resolution).toMatchObject({ targetMinutes: 1440 });
    expect(slaOutcomes(policy, 'high', escalated, at(31)).firstResponse).toEqual({ state: 'met', dueAt: null });
  });

  it('judges a clock by the priority it stopped under, whichever changes came before or after', () => {
    // Raised to urgent before the reply, lowered to low after it: the reply is judged against urgent's 60 minutes.
    const t: TicketHistory = {
      ...escalated,
      events: [
        { type: 'message', author: 'customer', at: at(0) },
        { type: 'priority', from: 'normal', to: 'urgent', at: at(1) },
        { type: 'message', author: 'agent', isPublic: true, at: at(6) },
        { type: 'priority', from: 'urgent', to: 'low', at: at(7) },
      ],
    };
    expect(slaState(policy, 'low', t, at(8)).firstResponse).toMatchObject({ status: 'breached', targetMinutes: 60 });
  });
});

describe('SLA outcomes for the report', () => {
  // Normal priority: first response within 8 business hours (Mon-Fri 09:00-17:00 UTC), so the deadline is Monday 17:00.
  const created = (events: TicketHistory['events'], status = 'open'): TicketHistory => ({ createdAt: at(0), status, events: [{ type: 'message', author: 'customer', at: at(0) }, ...events] });
  const reply = (h: number) => ({ type: 'message', author: 'agent', isPublic: true, at: at(h) });
  const status = (h: number, from: string, to: string) => ({ type: 'status', from, to, at: at(h) });
  const firstResponse = (t: TicketHistory, now: number) => slaOutcomes(policy, 'normal', t, now).firstResponse;

  it('a first response in time is met, a late one breached', () => {
    expect(firstResponse(created([reply(3)]), at(100))).toEqual({ state: 'met', dueAt: null });
    // Answered Tuesday 15:00 (30 h after creation, 14 business hours).
    expect(firstResponse(created([reply(30)]), at(100))).toEqual({ state: 'breached', dueAt: null });
  });

  it('a clock still running is due at its deadline, and counts as breached once that has passed', () => {
    const waiting = firstResponse(created([], 'new'), at(2))!;
    expect(waiting).toEqual({ state: 'running', dueAt: at(8) });
    expect(slaStanding(waiting, at(7))).toBe('running');
    expect(slaStanding(waiting, at(9))).toBe('breached');
  });

  it('pending stops the clock: not due while paused, and the time paused does not count', () => {
    // 6 business hours ran (Monday 09:00-15:00), then pending until Wednesday 09:00: 2 hours left, due Wednesday 11:00.
    const pending = created([status(6, 'open', 'pending')], 'pending');
    const paused = firstResponse(pending, at(60))!;
    expect(paused).toEqual({ state: 'running', dueAt: null });
    expect(slaStanding(paused, at(1000))).toBe('running');
    const reopened = created([status(6, 'open', 'pending'), status(48, 'pending', 'open')]);
    expect(firstResponse(reopened, at(49))).toEqual({ state: 'running', dueAt: at(50) });
    // Answered Wednesday 10:00, 49 calendar hours after creation but 7 business hours of running clock: met.
    expect(firstResponse(created([status(6, 'open', 'pending'), status(48, 'pending', 'open'), reply(49)]), at(100))).toEqual({ state: 'met', dueAt: null });
  });

  it('next response: one outcome per ticket over all its waits; none before a customer writes after a reply', () => {
    const customer = (h: number) => ({ type: 'message', author: 'customer', at: at(h) });
    const next = (t: TicketHistory, now: number) => slaOutcomes(policy, 'normal', t, now).nextResponse;
    expect(next(created([reply(1)]), at(2))).toBeNull();
    // Normal: next response within 16 business hours. Customer Monday 10:00, answered 11:00: met.
    expect(next(created([reply(1), customer(2), reply(3)]), at(4))).toEqual({ state: 'met', dueAt: null });
    // Then the customer writes Monday 12:30 and waits: running until Wednesday 12:30 (4.5 h + 8 h + 3.5 h).
    expect(next(created([reply(1), customer(2), reply(3), customer(3.5)]), at(4))).toEqual({ state: 'running', dueAt: at(51.5) });
    // A wait answered late (Monday 12:00 → Thursday 10:00) makes the ticket's next response breached, whatever came after.
    expect(next(created([reply(1), customer(3), reply(73), customer(74), reply(75)]), at(80))).toEqual({ state: 'breached', dueAt: null });
  });

  it('a ticket solved without a reply has no first-response target; its resolution is met or breached by when it was solved', () => {
    const solved = created([status(4, 'open', 'solved')], 'solved');
    expect(slaOutcomes(policy, 'normal', solved, at(100))).toEqual({ firstResponse: null, nextResponse: null, resolution: { state: 'met', dueAt: null } });
    // Urgent: resolution within 8 business hours.
    expect(slaOutcomes(policy, 'urgent', created([reply(1), status(30, 'open', 'solved')], 'solved'), at(100)).resolution).toEqual({ state: 'breached', dueAt: null });
  });
});
