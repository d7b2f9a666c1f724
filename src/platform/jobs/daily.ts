import type { Db } from '../db/client.ts';
import type { JobHandler, JobQueue } from './queue.ts';

/**
 * Work a domain redoes for each workspace every day (refit a model, recompute a
 * table), as a chain of durable jobs, one per workspace: every run schedules the
 * next a day later, `ensure` gives each workspace a waiting run at start (a new
 * one, or one whose chain failures broke), and `request` moves it to now.
 */
export interface DailyWorkspaceJob {
  kind: string;
  keyOf(workspaceId: string): string;
  /** A run as soon as a worker is free, in place of the one waiting (the daily run, say). */
  request(jobs: JobQueue, workspaceId: string): Promise<void>;
  ensure(db: Db, jobs: JobQueue, workspaceIds: string[]): Promise<void>;
  handler(jobs: JobQueue): JobHandler;
}

const EVERY_MS = 24 * 3_600_000;

export function dailyWorkspaceJob(kind: string, keyPrefix: string, run: (db: Db, workspaceId: string) => Promise<unknown>): DailyWorkspaceJob {
  const keyOf = (workspaceId: string) => `${keyPrefix}:${workspaceId}`;
  return {
    kind,
    keyOf,
    request: (jobs, workspaceId) => jobs.reschedule({ kind, workspaceId, dedupeKey: keyOf(workspaceId) }),
    async ensure(db, jobs, workspaceIds) {
      for (const workspaceId of workspaceIds) await jobs.enqueue({ kind, workspaceId, dedupeKey: keyOf(workspaceId) }, db);
    },
    handler: (jobs) =>
      async function daily(job, db) {
        if (!job.workspaceId) return;
        // The next run is scheduled before this one works, so a failing run cannot end the
        // chain; a run requested meanwhile already holds the key and wins (it re-arms in turn).
        await jobs.enqueue({ kind, workspaceId: job.workspaceId, dedupeKey: keyOf(job.workspaceId), runAt: new Date(Date.now() + EVERY_MS) }, db);
        await run(db, job.workspaceId);
      },
  };
}
