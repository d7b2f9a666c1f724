import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { queryRows } from '../db/query.ts';

export interface JobRow {
  id: string;
  workspaceId: string | null;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
}

export type JobHandler = (job: JobRow, db: Db) => Promise<void>;

export interface NewJob {
  kind: string;
  payload?: Record<string, unknown>;
  workspaceId?: string;
  runAt?: Date;
  /** At most one unfinished job per key: a second enqueue with the same key is ignored. */
  dedupeKey?: string;
  maxAttempts?: number;
}

export interface JobQueue {
  /** Enqueue inside the caller's transaction when given one, so the job exists exactly when the change does. */
  enqueue(job: NewJob, db?: Db): Promise<void>;
  /** Like enqueue, but an unfinished, unclaimed job with the same dedupeKey is replaced (timers that move). */
  reschedule(job: NewJob & { dedupeKey: string }, db?: Db): Promise<void>;
  /** Drops the unfinished, unclaimed job with this dedupeKey, if any. */
  cancel(dedupeKey: string, db?: Db): Promise<void>;
  register(kind: string, handler: JobHandler): void;
  /** Runs the jobs that are due now; returns how many ran. Used by the worker loop and by tests. */
  runDue(limit?: number): Promise<number>;
  start(pollMs?: number): void;
  stop(): Promise<void>;
}

/**
 * The insert of a job as a statement of its own, or as part of a larger one (a
 * `with` that writes a record and its job in one round trip); `onlyIf` names a
 * relation of that statement without whose rows no job is made.
 */
export const jobInsert = (job: NewJob, onlyIf?: SQL): SQL => sql`
  insert into jobs (workspace_id, kind, payload, dedupe_key, run_at, max_attempts)
  select ${job.workspaceId ?? null}::uuid, ${job.kind}, ${JSON.stringify(job.payload ?? {})}::jsonb, ${job.dedupeKey ?? null},
         ${(job.runAt ?? new Date()).toISOString()}::timestamptz, ${job.maxAttempts ?? 5}::int
  ${onlyIf ? sql`where exists (select 1 from ${onlyIf})` : sql``}
  on conflict (dedupe_key) where done_at is null and failed_at is null do nothing`;

/** Exponential back-off: 2 s, 4 s, 8 s … capped at one hour. */
export const retryDelayMs = (attempts: number) => Math.min(3_600_000, 1000 * 2 ** attempts);

/**
 * A table-backed durable queue that works the same on PGlite and PostgreSQL:
 * claims with FOR UPDATE SKIP LOCKED and a lease, so a crashed worker's jobs are
 * picked up again when the lease ends.
 */
export function createJobQueue(db: Db, log: (msg: string, err?: unknown) => void = () => {}): JobQueue {
  const handlers = new Map<string, JobHandler>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> = Promise.resolve(0);
  let stopped = true;

  async function enqueue(job: NewJob, tx: Db = db): Promise<void> {
    await tx.execute(jobInsert(job));
  }

  async function cancel(dedupeKey: string, tx: Db = db): Promise<void> {
    await tx.execute(sql`
      delete from jobs where dedupe_key = ${dedupeKey} and done_at is null and failed_at is null
        and (locked_until is null or locked_until < now())`);
  }

  async function reschedule(job: NewJob & { dedupeKey: string }, tx: Db = db): Promise<void> {
    await cancel(job.dedupeKey, tx);
    await enqueue(job, tx);
  }

  async function runDue(limit = 20): Promise<number> {
    const kinds = [...handlers.keys()];
    if (kinds.length === 0) return 0;
    const claimed = await queryRows<{ id: string; workspace_id: string | null; kind: string; payload: Record<string, unknown>; attempts: number; max_attempts: number }>(db, sql`
      -- A claimed job gives up its dedupe key: "at most one job waiting per key", so a
      -- handler (or anyone meanwhile) can schedule the next run of the same key. Handlers
      -- are idempotent, so a retry that meets a newer job of its key does no harm.
      update jobs set locked_until = now() + interval '5 minutes', attempts = attempts + 1, dedupe_key = null
      where id in (
        select id from jobs
        where done_at is null and failed_at is null and run_at <= now()
          and (locked_until is null or locked_until < now())
          and kind in (${sql.join(kinds.map((k) => sql`${k}`), sql`, `)})
        order by run_at, id
        limit ${limit}
        for update skip locked)
      returning id, workspace_id, kind, payload, attempts, max_attempts`);
    for (const row of claimed) {
      const job: JobRow = { id: String(row.id), workspaceId: row.workspace_id, kind: row.kind, payload: row.payload, attempts: row.attempts };
      try {
        await handlers.get(row.kind)!(job, db);
        await db.execute(sql`update jobs set done_at = now(), locked_until = null, last_error = null where id = ${job.id}`);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        log(`job ${job.kind} #${job.id} failed (attempt ${job.attempts}/${row.max_attempts})`, err);
        if (job.attempts >= row.max_attempts) {
          await db.execute(sql`update jobs set failed_at = now(), locked_until = null, last_error = ${message} where id = ${job.id}`);
        } else {
          const retryAt = new Date(Date.now() + retryDelayMs(job.attempts)).toISOString();
          await db.execute(sql`update jobs set run_at = ${retryAt}, locked_until = null, last_error = ${message} where id = ${job.id}`);
        }
      }
    }
    return claimed.length;
  }

  function start(pollMs = 1000) {
    stopped = false;
    const tick = async () => {
      if (stopped) return;
      try {
        running = runDue();
        const ran = await running;
        timer = setTimeout(tick, ran > 0 ? 0 : pollMs);
      } catch (err) {
        log('job worker error', err);
        timer = setTimeout(tick, pollMs);
      }
    };
    timer = setTimeout(tick, 0);
  }

  async function stop() {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running.catch(() => {});
  }

  return { enqueue, reschedule, cancel, register: (kind, handler) => void handlers.set(kind, handler), runDue, start, stop };
}
