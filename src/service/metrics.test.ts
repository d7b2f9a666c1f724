import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN, type BusinessCalendar } from './sla/calendar.ts';
import { defaultPolicy } from './sla/policy.ts';
import { quantile, serviceFigures, slaAchievement, summarise, ticketFacts, type TicketHistory } from './metrics.ts';

const H = 3_600_000;
const t0 = Date.parse('2026-11-23T09:00:00Z'); // a Monday
const at = (hours: number) => t0 + hours * H;
const reply = (h: number) => ({ type: 'message', author: 'agent', isPublic: true, at: at(h) });
const customer = (h: number) => ({ type: 'message', author: 'customer', isPublic: true, at: at(h) });
const note = (h: number) => ({ type: 'note', author: 'agent', isPublic: false, at: at(h) });
const status = (h: number, from: string, to: string) => ({ type: 'status', from, to, at: at(h) });

// Hand-computed history: created Mon 09:00; note at 1 h; first reply at 2 h; customer
// writes at 3 h, agent answers at 7 h; solved at 8 h; reopened at 30 h; replied 31 h; solved 32 h.
const reopenedTicket: TicketHistory = {
  createdAt: at(0),
  status: 'solved',
  events: [customer(0), note(1), reply(2), customer(3), reply(7), status(8, 'open', 'solved'), customer(30), status(30, 'solved', 'open'), reply(31), status(32, 'open', 'solved')],
};
const oneTouch: TicketHistory = { createdAt: at(0), status: 'closed', events: [customer(0), reply(4), status(5, 'open', 'solved'), status(50, 'solved', 'closed')] };
const waiting: TicketHistory = { createdAt: at(1), status: 'new', events: [customer(1)] };
const normal = (histories: TicketHistory[]) => histories.map((history) => ({ history, priority: 'normal' as const }));

describe('ticket facts', () => {
  it('computes response and resolution times from the history', () => {
    const f = ticketFacts(reopenedTicket, (a, b) => b - a);
    expect(f.firstResponse).toBe(2 * H);
    expect(f.nextResponses).toEqual([4 * H, 1 * H]);
    expect(f.firstResolution).toBe(8 * H);
    expect(f.fullResolution).toBe(32 * H);
    expect(f.reopened).toBe(true);
    expect(f.oneTouch).toBe(false);
    const o = ticketFacts(oneTouch, (a, b) => b - a);
    expect(o).toMatchObject({ firstResponse: 4 * H, oneTouch: true, reopened: false, fullResolution: 5 * H });
    expect(ticketFacts(waiting, (a, b) => b - a)).toMatchObject({ firstResponse: null, solved: false, fullResolution: null });
  });
});

describe('summaries', () => {
  it('uses linear interpolation for the median and p90', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1);
    expect(summarise([])).toEqual({ n: 0, mean: null, median: null, p90: null });
    expect(summarise([H, 3 * H])).toEqual({ n: 2, mean: 2, median: 2, p90: 2.8 });
  });

  it('reports rates, backlog, and calendar vs business hours', () => {
    const nineToFive: BusinessCalendar = { timeZone: 'UTC', hours: { 0: null, 1: ['09:00', '17:00'], 2: ['09:00', '17:00'], 3: ['09:00', '17:00'], 4: ['09:00', '17:00'], 5: ['09:00', '17:00'], 6: null }, holidays: [] };
    const figures = serviceFigures(normal([reopenedTicket, oneTouch, waiting]), { ...defaultPolicy('UTC'), calendar: nineToFive }, at(100));
    expect(figures).toMatchObject({ tickets: 3, solved: 2, backlog: 1, reopenRate: 0.5, oneTouchRate: 0.5 });
    expect(figures.calendarHours.firstResponse).toEqual({ n: 2, mean: 3, median: 3, p90: 3.8 });
    expect(figures.calendarHours.fullResolution).toEqual({ n: 2, mean: 18.5, median: 18.5, p90: 29.3 });
    // Business hours: the 32 h full resolution runs Mon 09:00 → Tue 17:00 = 8 h + 8 h.
    expect(figures.businessHours.fullResolution.p90).toBeCloseTo(5 + (16 - 5) * 0.9, 3);
    expect(serviceFigures(normal([waiting]), { ...defaultPolicy('UTC'), calendar: ALWAYS_OPEN }, at(100))).toMatchObject({ reopenRate: null, oneTouchRate: null });
  });
});

describe('SLA achievement', () => {
  it('is met over met + breached; tickets still running are counted apart', () => {
    expect(slaAchievement({ met: 3, breached: 1, running: 5 })).toEqual({ met: 3, breached: 1, running: 5, rate: 0.75 });
    expect(slaAchievement({ met: 0, breached: 0, running: 2 }).rate).toBeNull();
  });

  it('counts each ticket once per target, by where its clocks stand at the time asked', () => {
    // Normal priority, Mon-Fri 09:00-17:00 UTC: first response within 8 business hours (Monday 17:00), resolution within 48.
    const met: TicketHistory = { createdAt: at(0), status: 'open', events: [customer(0), reply(3)] };
    const breached: TicketHistory = { createdAt: at(0), status: 'open', events: [customer(0), reply(30)] };
    // Pending from Monday 15:00 on: 2 business hours left, but the clock stands still.
    const paused: TicketHistory = { createdAt: at(0), status: 'pending', events: [customer(0), status(6, 'open', 'pending')] };
    const running: TicketHistory = { createdAt: at(25), status: 'new', events: [customer(25)] }; // Tuesday 10:00: due Wednesday 10:00
    const figures = serviceFigures(normal([met, breached, paused, running]), defaultPolicy('UTC'), at(40));
    expect(figures.slaAchievement.firstResponse).toEqual({ met: 1, breached: 1, running: 2, rate: 0.5 });
    // Next response: only the reopened ticket's customer wrote after a reply (both answers within 16 business hours).
    expect(serviceFigures(normal([reopenedTicket, met]), defaultPolicy('UTC'), at(40)).slaAchievement.nextResponse).toEqual({ met: 1, breached: 0, running: 0, rate: 1 });
    // A day later the running ticket's deadline has passed; the paused one still stands still.
    expect(serviceFigures(normal([met, breached, paused, running]), defaultPolicy('UTC'), at(60)).slaAchievement.firstResponse).toEqual({ met: 1, breached: 2, running: 1, rate: 0.3333 });
  });
});
