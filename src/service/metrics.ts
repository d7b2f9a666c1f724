import { businessDuration, type BusinessCalendar } from './sla/calendar.ts';
import type { SlaPolicy } from './sla/policy.ts';
import { slaOutcomes, slaStanding, type SlaTarget } from './sla/state.ts';
import type { Priority } from './status.ts';
import type { HistoryRow } from './store.ts';

// Service metrics from a ticket's history, as pure functions. Definitions (they
// follow Zendesk's, which Chatwoot's agree with where both define one):
// - first response: creation → the first public agent reply;
// - next response: a customer message that follows an agent reply → the next public agent reply;
// - first resolution: creation → the first time solved; full resolution: creation → the last time solved
//   (only tickets solved or closed now);
// - reopened: solved at least once, then set back to open, pending or on-hold;
// - one-touch: solved with exactly one public agent reply;
// - backlog: not solved or closed at the end of the period.
// - SLA achievement, per target (first response, next response, resolution): of
//   the tickets whose clock for it came due or stopped in time (sla/state.ts
//   slaOutcomes), the share that met it; those still running are counted apart.
// Each duration in calendar hours and in the calendar's business hours; summaries
// give n, mean, median and p90 (linear interpolation between ranks).

export interface HistoryEvent {
  type: string;
  at: number;
  from?: unknown;
  to?: unknown;
  author?: string;
  isPublic?: boolean;
}

export interface TicketHistory {
  createdAt: number;
  status: string;
  events: HistoryEvent[];
}

/** The history of a ticket as stored, as the metrics read it. */
export function toHistory(row: HistoryRow): TicketHistory {
  return {
    createdAt: row.ticket.createdAt.getTime(),
    status: row.ticket.status,
    events: row.events.map((e) => {
      const to = e.toValue as { author?: string } | string | null;
      return {
        type: e.type,
        at: e.at.getTime(),
        from: e.fromValue,
        to: e.toValue,
        author: typeof to === 'object' && to ? to.author : undefined,
        isPublic: e.type === 'message',
      };
    }),
  };
}

export interface TicketFacts {
  firstResponse: number | null;
  nextResponses: number[];
  firstResolution: number | null;
  fullResolution: number | null;
  reopened: boolean;
  solved: boolean;
  oneTouch: boolean;
  publicReplies: number;
}

export function ticketFacts(t: TicketHistory, clock: (from: number, to: number) => number): TicketFacts {
  const events = [...t.events].sort((a, b) => a.at - b.at);
  let firstResponse: number | null = null;
  const nextResponses: number[] = [];
  let waitingSince: number | null = null;
  let agentHasReplied = false;
  let publicReplies = 0;
  const solvedAt: number[] = [];
  let reopened = false;
  for (const e of events) {
    if (e.type === 'message' && e.author === 'agent' && e.isPublic !== false) {
      publicReplies++;
      if (firstResponse === null) firstResponse = clock(t.createdAt, e.at);
      else if (waitingSince !== null) nextResponses.push(clock(waitingSince, e.at));
      agentHasReplied = true;
      waitingSince = null;
    } else if (e.type === 'message' && e.author === 'customer') {
      if (agentHasReplied && waitingSince === null) waitingSince = e.at;
    } else if (e.type === 'status') {
      if (e.to === 'solved') solvedAt.push(e.at);
      if (e.from === 'solved' && e.to !== 'closed') reopened = true;
    }
  }
  const solved = t.status === 'solved' || t.status === 'closed';
  return {
    firstResponse,
    nextResponses,
    firstResolution: solvedAt.length ? clock(t.createdAt, solvedAt[0]!) : null,
    fullResolution: solved && solvedAt.length ? clock(t.createdAt, solvedAt[solvedAt.length - 1]!) : null,
    reopened,
    solved,
    oneTouch: solved && publicReplies === 1,
    publicReplies,
  };
}

export interface Summary {
  n: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
}

export function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

const round = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);

/** A summary from its figures in hours (the report's SQL computes them the same way). */
export function summaryInHours(n: number, mean: number | null, median: number | null, p90: number | null): Summary {
  return { n, mean: round(mean), median: round(median), p90: round(p90) };
}

/** Durations in ms summarised in hours. */
export function summarise(durationsMs: number[]): Summary {
  const hours = durationsMs.map((d) => d / 3_600_000).sort((a, b) => a - b);
  return summaryInHours(hours.length, hours.length ? hours.reduce((s, x) => s + x, 0) / hours.length : null, quantile(hours, 0.5), quantile(hours, 0.9));
}

/** A share rounded to 4 decimals; null when there is nothing to share. */
const rate = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

/** A ticket's facts in calendar time and in the calendar's business time. */
export function ticketFactsInBothClocks(t: TicketHistory, calendar: BusinessCalendar): { calendar: TicketFacts; business: TicketFacts } {
  return { calendar: ticketFacts(t, (a, b) => b - a), business: ticketFacts(t, (a, b) => businessDuration(calendar, a, b)) };
}

/** Tickets whose clock for a target met it, breached it (missed, or past due), or still runs. */
export interface SlaCounts {
  met: number;
  breached: number;
  running: number;
}

/** The counts and the achievement rate: met over met + breached (tickets still running are not decided yet). */
export interface SlaAchievement extends SlaCounts {
  rate: number | null;
}

export interface ServiceFigures {
  tickets: number;
  solved: number;
  backlog: number;
  reopenRate: number | null;
  oneTouchRate: number | null;
  slaAchievement: Record<SlaTarget, SlaAchievement>;
  calendarHours: { firstResponse: Summary; nextResponse: Summary; firstResolution: Summary; fullResolution: Summary };
  businessHours: { firstResponse: Summary; nextResponse: Summary; firstResolution: Summary; fullResolution: Summary };
}

type Summaries = ServiceFigures['calendarHours'];

export function slaAchievement(c: SlaCounts): SlaAchievement {
  return { ...c, rate: rate(c.met, c.met + c.breached) };
}

/** What the figures of a group are made of: counts of tickets, and each duration summarised in each clock. */
export interface GroupFacts {
  tickets: number;
  solved: number;
  /** Solved at least once (have a first resolution). */
  everSolved: number;
  /** Of those, reopened. */
  reopened: number;
  oneTouch: number;
  sla: Record<SlaTarget, SlaCounts>;
  calendarHours: Summaries;
  businessHours: Summaries;
}

export function figuresOf(g: GroupFacts): ServiceFigures {
  return {
    tickets: g.tickets,
    solved: g.solved,
    backlog: g.tickets - g.solved,
    reopenRate: rate(g.reopened, g.everSolved),
    oneTouchRate: rate(g.oneTouch, g.solved),
    slaAchievement: { firstResponse: slaAchievement(g.sla.firstResponse), nextResponse: slaAchievement(g.sla.nextResponse), resolution: slaAchievement(g.sla.resolution) },
    calendarHours: g.calendarHours,
    businessHours: g.businessHours,
  };
}

/**
 * The figures straight from histories, by the definitions above: what the
 * report's SQL over stored facts must agree with (the tests and the benchmark check it).
 */
export function serviceFigures(tickets: { history: TicketHistory; priority: Priority }[], policy: SlaPolicy, now: number): ServiceFigures {
  const both = tickets.map((t) => ticketFactsInBothClocks(t.history, policy.calendar));
  const summaries = (facts: TicketFacts[]): Summaries => ({
    firstResponse: summarise(facts.flatMap((f) => (f.firstResponse === null ? [] : [f.firstResponse]))),
    nextResponse: summarise(facts.flatMap((f) => f.nextResponses)),
    firstResolution: summarise(facts.flatMap((f) => (f.firstResolution === null ? [] : [f.firstResolution]))),
    fullResolution: summarise(facts.flatMap((f) => (f.fullResolution === null ? [] : [f.fullResolution]))),
  });
  const outcomes = tickets.map((t) => slaOutcomes(policy, t.priority, t.history, now));
  const counts = (target: SlaTarget): SlaCounts => {
    const standings = outcomes.flatMap((o) => (o[target] ? [slaStanding(o[target], now)] : []));
    return { met: standings.filter((s) => s === 'met').length, breached: standings.filter((s) => s === 'breached').length, running: standings.filter((s) => s === 'running').length };
  };
  const calendarFacts = both.map((f) => f.calendar);
  const everSolved = calendarFacts.filter((f) => f.firstResolution !== null);
  return figuresOf({
    tickets: tickets.length,
    solved: calendarFacts.filter((f) => f.solved).length,
    everSolved: everSolved.length,
    reopened: everSolved.filter((f) => f.reopened).length,
    oneTouch: calendarFacts.filter((f) => f.oneTouch).length,
    sla: { firstResponse: counts('firstResponse'), nextResponse: counts('nextResponse'), resolution: counts('resolution') },
    calendarHours: summaries(calendarFacts),
    businessHours: summaries(both.map((f) => f.business)),
  });
}
