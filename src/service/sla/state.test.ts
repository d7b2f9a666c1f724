import { describe, expect, it } from 'vitest';
import { defaultPolicy } from './policy.ts';
import { slaState } from './state.ts';
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
