import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/query.ts';
import { createJobQueue, retryDelayMs } from './queue.ts';
import { startTestServer, type TestServer } from '../../../test/harness.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe('durable jobs', () => {
  it('runs a due job once, keeps a future one, and ignores a duplicate dedupe key', async () => {
    const db = server.tp.database.db;
    const queue = createJobQueue(db);
    const seen: unknown[] = [];
    queue.register('test.echo', async (job) => void seen.push(job.payload));
    await queue.enqueue({ kind: 'test.echo', payload: { n: 1 }, dedupeKey: 'echo-1' });
    await queue.enqueue({ kind: 'test.echo', payload: { n: 2 }, dedupeKey: 'echo-1' });
    await queue.enqueue({ kind: 'test.echo', payload: { n: 3 }, runAt: new Date(Date.now() + 3_600_000) });
    expect(await queue.runDue()).toBe(1);
    expect(await queue.runDue()).toBe(0);
    expect(seen).toEqual([{ n: 1 }]);
    // Once done, the key is free again.
    await queue.enqueue({ kind: 'test.echo', payload: { n: 4 }, dedupeKey: 'echo-1' });
    expect(await queue.runDue()).toBe(1);
  });

  it('a running job can schedule the next run of its own key (a timer that re-arms itself)', async () => {
    const db = server.tp.database.db;
    const queue = createJobQueue(db);
    const runs: number[] = [];
    queue.register('test.timer', async (job) => {
      const n = Number(job.payload.n);
      runs.push(n);
      if (n < 3) await queue.reschedule({ kind: 'test.timer', payload: { n: n + 1 }, dedupeKey: 'timer-1' });
    });
    await queue.enqueue({ kind: 'test.timer', payload: { n: 1 }, dedupeKey: 'timer-1' });
    while ((await queue.runDue()) > 0) {
      // each run arms the next
    }
    expect(runs).toEqual([1, 2, 3]);
  });

  it('retries a failing job with back-off and gives up after maxAttempts', async () => {
    const db = server.tp.database.db;
    const queue = createJobQueue(db);
    let calls = 0;
    queue.register('test.fail', async () => {
      calls++;
      throw new Error('smtp down');
    });
    await queue.enqueue({ kind: 'test.fail', maxAttempts: 2 });
    expect(await queue.runDue()).toBe(1);
    const [pending] = await queryRows<{ run_at: Date; last_error: string; failed_at: Date | null }>(db, sql`select run_at, last_error, failed_at from jobs where kind = 'test.fail'`);
    expect(pending!.last_error).toBe('smtp down');
    expect(pending!.failed_at).toBeNull();
    expect(new Date(pending!.run_at).getTime()).toBeGreaterThan(Date.now());
    await db.execute(sql`update jobs set run_at = now() where kind = 'test.fail'`);
    expect(await queue.runDue()).toBe(1);
    const [failed] = await queryRows<{ failed_at: Date | null; attempts: number }>(db, sql`select failed_at, attempts from jobs where kind = 'test.fail'`);
    expect(failed!.failed_at).not.toBeNull();
    expect(failed!.attempts).toBe(2);
    expect(calls).toBe(2);
  });

  it('picks up a job whose worker died after its lease ran out', async () => {
    const db = server.tp.database.db;
    await db.execute(sql`insert into jobs (kind, payload, attempts, locked_until) values ('test.orphan', '{}', 1, now() - interval '1 second')`);
    const queue = createJobQueue(db);
    let ran = 0;
    queue.register('test.orphan', async () => void ran++);
    expect(await queue.runDue()).toBe(1);
    expect(ran).toBe(1);
  });

  it('backs off exponentially, capped at an hour', () => {
    expect(retryDelayMs(1)).toBe(2000);
    expect(retryDelayMs(3)).toBe(8000);
    expect(retryDelayMs(30)).toBe(3_600_000);
  });
});
