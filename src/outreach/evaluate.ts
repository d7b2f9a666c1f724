import type { Db } from '../platform/db/client.ts';
import { dailyWorkspaceJob } from '../platform/jobs/daily.ts';
import type { JobHandler, JobQueue } from '../platform/jobs/queue.ts';
import type { ProcessedEvent } from '../journeys/processor.ts';
import { customersNeedingHelp } from '../predict/need-help/store.ts';
import { slippingAway } from '../predict/store.ts';
import type { ServiceDeps } from '../service/tickets.ts';
import { fireRule } from './fire.ts';
import { reasonFor } from './rules.ts';
import { matches, type AnsweredSurvey } from '../feedback/loop.ts';
import { enabledRules, getRule, type OutreachRule } from './store.ts';

// When outreach rules run: the rules on the models' figures once a day (after the
// figures are refreshed daily, and on request), the rules on journey events as
// the events arrive.

/**
 * A rule acts on at most this many customers a run: a threshold set too wide must
 * not flood a team's queue or customers' inboxes in one go; the rest wait for the next run.
 */
export const MAX_PER_RUN = 500;

async function candidatesOf(db: Db, rule: OutreachRule): Promise<{ customerId: string; reason: string }[]> {
  const t = rule.trigger;
  if (t.kind === 'slipping_away') return (await slippingAway(db, rule.workspaceId, t)).map((c) => ({ customerId: c.customerId, reason: reasonFor(t, c) }));
  if (t.kind === 'need_help') return (await customersNeedingHelp(db, rule.workspaceId, t.minProbability)).map((c) => ({ customerId: c.customerId, reason: reasonFor(t, c) }));
  return [];
}

/** Runs the workspace's figure-based rules; returns how many customers were acted on (held out included). */
export async function evaluateRules(db: Db, deps: ServiceDeps, workspaceId: string, now = new Date()): Promise<number> {
  let fired = 0;
  const rules = [...(await enabledRules(db, workspaceId, 'slipping_away')), ...(await enabledRules(db, workspaceId, 'need_help'))];
  for (const rule of rules) {
    let acted = 0;
    for (const c of await candidatesOf(db, rule)) {
      if (acted >= MAX_PER_RUN) break;
      // One transaction per customer: a failure acts on nobody twice and loses nobody else.
      if (await db.transaction((tx) => fireRule(tx, deps, rule, c.customerId, c.reason, now))) acted++;
    }
    fired += acted;
  }
  return fired;
}

export const outreachEvaluation = (deps: ServiceDeps) => dailyWorkspaceJob('outreach.evaluate', 'outreach', (db, workspaceId) => evaluateRules(db, deps, workspaceId));

export const OUTREACH_EVENT_JOB = 'outreach.event';
/** Events older than this (a backfill, an import) start no outreach: it would come days late. */
const STALE_MS = 24 * 3_600_000;

/**
 * Told by the journey processor, in its transaction, what a chunk of events held:
 * each event that an enabled rule waits for becomes a durable job, so the action
 * (a ticket, an email) runs after the events are committed and is retried on failure.
 */
export async function outreachAfterEvents(db: Db, jobs: JobQueue, workspaceId: string, events: ProcessedEvent[]): Promise<void> {
  const fresh = events.filter((e) => e.kind === 'track' && e.name && e.customerId && e.at.getTime() > Date.now() - STALE_MS);
  if (fresh.length === 0) return;
  const rules = await enabledRules(db, workspaceId, 'event');
  for (const e of fresh) {
    for (const rule of rules.filter((r) => r.trigger.kind === 'event' && r.trigger.event === e.name)) {
      await jobs.enqueue(
        { kind: OUTREACH_EVENT_JOB, workspaceId, payload: { ruleId: rule.id, customerId: e.customerId, at: e.at.toISOString() }, dedupeKey: `outreach:${rule.id}:${e.customerId}:${e.at.toISOString()}` },
        db,
      );
    }
  }
}

/**
 * Told by the closed loop, in its transaction, of each complete answer of a known
 * customer: the answer rules it matches become durable jobs, as events do.
 */
export async function outreachAfterAnswer(db: Db, jobs: JobQueue, answer: AnsweredSurvey): Promise<void> {
  if (answer.at.getTime() < Date.now() - STALE_MS) return; // an imported answer of long ago: too late to act on
  for (const rule of await enabledRules(db, answer.workspaceId, 'answer')) {
    if (rule.trigger.kind !== 'answer' || !matches(rule.trigger.condition, answer.questions, answer.answers)) continue;
    await jobs.enqueue(
      { kind: OUTREACH_EVENT_JOB, workspaceId: answer.workspaceId, payload: { ruleId: rule.id, customerId: answer.customerId, reason: answer.summary }, dedupeKey: `outreach:${rule.id}:${answer.responseId}` },
      db,
    );
  }
}

/** The `outreach.event` job: one rule, one customer, after an event or an answer. */
export function outreachEventRunner(deps: ServiceDeps): JobHandler {
  return async function runOutreachEvent(job, db) {
    if (!job.workspaceId) return;
    const rule = await getRule(db, job.workspaceId, String(job.payload.ruleId));
    // A rule switched off, deleted or changed to another kind since then does nothing.
    if (!rule?.enabled || (rule.trigger.kind !== 'event' && rule.trigger.kind !== 'answer')) return;
    const reason = reasonFor(rule.trigger, { answer: typeof job.payload.reason === 'string' ? job.payload.reason : undefined });
    await db.transaction((tx) => fireRule(tx, deps, rule, String(job.payload.customerId), reason));
  };
}
