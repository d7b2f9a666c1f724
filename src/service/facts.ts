import crypto from 'node:crypto';
import type { Db } from '../platform/db/client.ts';
import type { JobHandler, JobQueue } from '../platform/jobs/queue.ts';
import { PRIORITIES } from './status.ts';
import { ticketFactsInBothClocks, toHistory } from './metrics.ts';
import { defaultPolicy, type SlaPolicy } from './sla/policy.ts';
import { slaOutcomes, type SlaOutcome } from './sla/state.ts';
import { historiesOf, loadSlaPolicy, saveTicketFacts, ticketsWithoutFacts, type HistoryRow, type NewTicketFacts } from './store.ts';

// The service report summarises per-ticket facts (ticket_facts) instead of every
// ticket's history. They are written in the transaction of every ticket change
// (tickets.ts ticketChanged; deleting a team clears its id in routing/store.ts),
// so they are as current as the ticket itself, dimensions included. Their
// business-hours figures depend on the SLA calendar and their SLA outcomes on
// its targets too, so each row names the policy it was computed with; a row of
// another policy (it changed, or a new version of the facts names policies
// differently) or a ticket without a row (history from before the table, or
// written by SQL) counts as missing. A durable job per workspace fills in the
// missing ones in chunks: asked for when the policy changes, at start-up, and by
// a report that met missing ones; meanwhile the report computes those of its
// period itself.

export const FACTS_JOB = 'service.facts';
const CHUNK = 500;
/** Chunks per job run: other jobs wait for the worker meanwhile, so a long fill is split into runs. */
const CHUNKS_PER_RUN = 4;
const keyOf = (workspaceId: string) => `facts:${workspaceId}`;

/**
 * Names what the facts depend on in a policy, the calendar and the targets:
 * equal policies, equal keys. Version 2 added the SLA outcomes, so rows of
 * version 1 (which lack them) count as missing and the fill recomputes them;
 * version 3 judges a stopped clock by the priority it stopped under.
 */
export function policyKey(policy: SlaPolicy): string {
  const { calendar, targets } = policy;
  const canonical = JSON.stringify([3, calendar.timeZone, [0, 1, 2, 3, 4, 5, 6].map((d) => calendar.hours[d] ?? null), [...calendar.holidays].sort(), PRIORITIES.map((p) => [targets[p].firstResponse, targets[p].nextResponse, targets[p].resolution])]);
  return crypto.createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

/** The workspace's SLA policy (the default one without a policy). */
export async function policyOf(db: Db, workspaceId: string, timeZone: string): Promise<SlaPolicy> {
  return (await loadSlaPolicy(db, workspaceId)) ?? defaultPolicy(timeZone);
}

const dueAt = (o: SlaOutcome | null) => (o?.dueAt == null ? null : new Date(o.dueAt));

/** A ticket's row of ticket_facts: its dimensions, ticketFacts (metrics.ts) in both clocks, and its SLA outcomes as of `now`. */
export function factsOf(history: HistoryRow, policy: SlaPolicy, key = policyKey(policy), now = Date.now()): NewTicketFacts {
  const ticketHistory = toHistory(history);
  const { calendar: c, business: b } = ticketFactsInBothClocks(ticketHistory, policy.calendar);
  const t = history.ticket;
  const sla = slaOutcomes(policy, t.priority, ticketHistory, now);
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
    firstResponseSla: sla.firstResponse?.state ?? null,
    firstResponseSlaDueAt: dueAt(sla.firstResponse),
    nextResponseSla: sla.nextResponse?.state ?? null,
    nextResponseSlaDueAt: dueAt(sla.nextResponse),
    resolutionSla: sla.resolution?.state ?? null,
    resolutionSlaDueAt: dueAt(sla.resolution),
  };
}

/**
 * Computes and stores the facts of up to `limit` tickets (after `after`, in id
 * order) that have no current ones, in one transaction. Tickets being changed
 * right now are skipped: their own transaction writes their facts.
 */
export async function fillFacts(db: Db, workspaceId: string, policy: SlaPolicy, after: string | undefined, limit = CHUNK): Promise<{ filled: number; last: string | undefined }> {
  return db.transaction(async (tx) => {
    const key = policyKey(policy);
    const ids = await ticketsWithoutFacts(tx, workspaceId, key, { after, limit, lock: true });
    await saveTicketFacts(tx, (await historiesOf(tx, ids)).map((h) => factsOf(h, policy, key)));
    return { filled: ids.length, last: ids.at(-1) };
  });
}

/** A fill from the first ticket on, in place of one waiting: the policy changed. */
export async function refillFacts(db: Db, jobs: JobQueue, workspaceId: string): Promise<void> {
  await jobs.reschedule({ kind: FACTS_JOB, workspaceId, dedupeKey: keyOf(workspaceId) }, db);
}

/** A fill unless one is already waiting. */
export async function requestFacts(db: Db, jobs: JobQueue, workspaceId: string): Promise<void> {
  await jobs.enqueue({ kind: FACTS_JOB, workspaceId, dedupeKey: keyOf(workspaceId) }, db);
}

/** At start: every workspace gets a fill, which finds nothing to do unless facts are missing (an upgrade, a new default time zone or version of the facts). */
export async function ensureFacts(db: Db, jobs: JobQueue, workspaceIds: string[]): Promise<void> {
  for (const workspaceId of workspaceIds) await requestFacts(db, jobs, workspaceId);
}

export function factsFiller(jobs: JobQueue, timeZone: string): JobHandler {
  return async function fill(job, db) {
    if (!job.workspaceId) return;
    const policy = await policyOf(db, job.workspaceId, timeZone);
    let after = typeof job.payload.after === 'string' ? job.payload.after : undefined;
    for (let i = 0; i < CHUNKS_PER_RUN; i++) {
      const { filled, last } = await fillFacts(db, job.workspaceId, policy, after);
      if (filled < CHUNK) return;
      after = last;
    }
    await jobs.enqueue({ kind: FACTS_JOB, workspaceId: job.workspaceId, payload: { after }, dedupeKey: keyOf(job.workspaceId) }, db);
  };
}
