import crypto from 'node:crypto';
import type { Db } from '../platform/db/client.ts';
import type { JobHandler, JobQueue } from '../platform/jobs/queue.ts';
import { ticketFactsInBothClocks, toHistory } from './metrics.ts';
import type { BusinessCalendar } from './sla/calendar.ts';
import { defaultPolicy } from './sla/policy.ts';
import { historiesOf, loadSlaPolicy, saveTicketFacts, ticketsWithoutFacts, type HistoryRow, type NewTicketFacts } from './store.ts';

// The service report summarises per-ticket facts (ticket_facts) instead of every
// ticket's history. They are written in the transaction of every ticket change
// (tickets.ts ticketChanged; deleting a team clears its id in routing/store.ts),
// so they are as current as the ticket itself, dimensions included. Their
// business-hours figures depend on the SLA calendar, so each row names the
// calendar it was computed with; a row of another calendar (the policy changed)
// or a ticket without a row (history from before the table, or written by SQL)
// counts as missing. A durable job per workspace fills in the missing ones in
// chunks: asked for when the policy changes, at start-up, and by a report that
// met missing ones; meanwhile the report computes those of its period itself.

export const FACTS_JOB = 'service.facts';
const CHUNK = 500;
/** Chunks per job run: other jobs wait for the worker meanwhile, so a long fill is split into runs. */
const CHUNKS_PER_RUN = 4;
const keyOf = (workspaceId: string) => `facts:${workspaceId}`;

/** Names a calendar by what it says: equal calendars, equal keys. */
export function calendarKey(calendar: BusinessCalendar): string {
  const canonical = JSON.stringify([calendar.timeZone, [0, 1, 2, 3, 4, 5, 6].map((d) => calendar.hours[d] ?? null), [...calendar.holidays].sort()]);
  return crypto.createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

/** The business calendar of the workspace's SLA policy (the default one without a policy). */
export async function calendarOf(db: Db, workspaceId: string, timeZone: string): Promise<BusinessCalendar> {
  return ((await loadSlaPolicy(db, workspaceId)) ?? defaultPolicy(timeZone)).calendar;
}

/** A ticket's row of ticket_facts: its dimensions, and ticketFacts (metrics.ts) in both clocks. */
export function factsOf(history: HistoryRow, calendar: BusinessCalendar, key = calendarKey(calendar)): NewTicketFacts {
  const { calendar: c, business: b } = ticketFactsInBothClocks(toHistory(history), calendar);
  const t = history.ticket;
  return {
    ticketId: t.id,
    workspaceId: t.workspaceId,
    createdAt: t.createdAt,
    channel: t.channel,
    priority: t.priority,
    teamId: t.teamId,
    assigneeId: t.assigneeId,
    tags: t.tags,
    calendarKey: key,
    solved: c.solved,
    reopened: c.reopened,
    oneTouch: c.oneTouch,
    firstResponseMs: c.firstResponse,
    firstResponseBusinessMs: b.firstResponse,
    nextResponseMs: c.nextResponses,
    nextResponseBusinessMs: b.nextResponses,
    firstResolutionMs: c.firstResolution,
    firstResolutionBusinessMs: b.firstResolution,
    fullResolutionMs: c.fullResolution,
    fullResolutionBusinessMs: b.fullResolution,
  };
}

/**
 * Computes and stores the facts of up to `limit` tickets (after `after`, in id
 * order) that have no current ones, in one transaction. Tickets being changed
 * right now are skipped: their own transaction writes their facts.
 */
export async function fillFacts(db: Db, workspaceId: string, calendar: BusinessCalendar, after: string | undefined, limit = CHUNK): Promise<{ filled: number; last: string | undefined }> {
  return db.transaction(async (tx) => {
    const key = calendarKey(calendar);
    const ids = await ticketsWithoutFacts(tx, workspaceId, key, { after, limit, lock: true });
    await saveTicketFacts(tx, (await historiesOf(tx, ids)).map((h) => factsOf(h, calendar, key)));
    return { filled: ids.length, last: ids.at(-1) };
  });
}

/** A fill from the first ticket on, in place of one waiting: the calendar changed. */
export async function refillFacts(db: Db, jobs: JobQueue, workspaceId: string): Promise<void> {
  await jobs.reschedule({ kind: FACTS_JOB, workspaceId, dedupeKey: keyOf(workspaceId) }, db);
}

/** A fill unless one is already waiting. */
export async function requestFacts(db: Db, jobs: JobQueue, workspaceId: string): Promise<void> {
  await jobs.enqueue({ kind: FACTS_JOB, workspaceId, dedupeKey: keyOf(workspaceId) }, db);
}

/** At start: every workspace gets a fill, which finds nothing to do unless facts are missing (an upgrade, a new default time zone). */
export async function ensureFacts(db: Db, jobs: JobQueue, workspaceIds: string[]): Promise<void> {
  for (const workspaceId of workspaceIds) await requestFacts(db, jobs, workspaceId);
}

export function factsFiller(jobs: JobQueue, timeZone: string): JobHandler {
  return async function fill(job, db) {
    if (!job.workspaceId) return;
    const calendar = await calendarOf(db, job.workspaceId, timeZone);
    let after = typeof job.payload.after === 'string' ? job.payload.after : undefined;
    for (let i = 0; i < CHUNKS_PER_RUN; i++) {
      const { filled, last } = await fillFacts(db, job.workspaceId, calendar, after);
      if (filled < CHUNK) return;
      after = last;
    }
    await jobs.enqueue({ kind: FACTS_JOB, workspaceId: job.workspaceId, payload: { after }, dedupeKey: keyOf(job.workspaceId) }, db);
  };
}
