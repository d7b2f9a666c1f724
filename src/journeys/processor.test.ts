import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine, openTestDatabase } from '../../test/harness.ts';
import type { Database } from '../platform/db/client.ts';
import { queryRows } from '../platform/db/query.ts';
import { ensureWorkspace } from '../workspaces/store.ts';
import { processPendingEvents, startJourneyProcessor } from './processor.ts';
import { appendEvents } from './store.ts';

let database: Database;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database?.close());

const pending = async () =>
  (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from journey_events where processed_at is null`))[0]!.n;

/** More than one chunk (2,000) of unprocessed events. */
async function appendPending(workspaceId: string, prefix: string): Promise<void> {
  const at = new Date('2026-04-01T00:00:00Z');
  const events = Array.from({ length: 2_100 }, (_, i) => ({ workspaceId, kind: 'track', name: 'Step', anonymousId: `${prefix}${i % 50}`, messageId: `${prefix}${i}`, at, source: 'test' }));
  await appendEvents(database.db, events);
}

describe(`processPendingEvents (${engine})`, () => {
  it('takes the oldest pending events by arrival, ids compared as numbers', async () => {
    const { workspace } = await ensureWorkspace(database.db, 'order', 'Order');
    // Ids from 1 past 10: in text order "10" would come before "2".
    const at = new Date('2026-04-01T00:00:00Z');
    await appendEvents(
      database.db,
      Array.from({ length: 15 }, (_, i) => ({ workspaceId: workspace.id, kind: 'track', name: `Step ${i}`, anonymousId: `a${i}`, messageId: `m${i}`, at, source: 'test' })),
    );
    expect(await processPendingEvents(database.db, 5)).toBe(5);
    const rows = await queryRows<{ id: string; done: boolean }>(database.db, sql`select id::text as id, processed_at is not null as done from journey_events order by journey_events.id`);
    expect(rows).toHaveLength(15);
    expect(rows.filter((r) => r.done).map((r) => r.id)).toEqual(rows.slice(0, 5).map((r) => r.id));
  });
});

describe(`startJourneyProcessor (${engine})`, () => {
  it('yields while writes keep arriving and catches up once they stop', async () => {
    const { workspace } = await ensureWorkspace(database.db, 'yield', 'Yield');
    await appendPending(workspace.id, 'y');
    const processor = startJourneyProcessor(database.db, undefined, { restFactor: 1_000 });
    try {
      const arrivals = setInterval(() => processor.arriving(), 50);
      processor.arriving();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      clearInterval(arrivals);
      expect(await pending()).toBeGreaterThan(0);
      await processor.drain();
      expect(await pending()).toBe(0);
    } finally {
      await processor.stop();
    }
  });

  it('lets the event loop serve requests between chunks of a backlog', async () => {
    const { workspace } = await ensureWorkspace(database.db, 'turns', 'Turns');
    const at = new Date('2026-04-01T00:00:00Z');
    await appendEvents(database.db, Array.from({ length: 40 }, (_, i) => ({ workspaceId: workspace.id, kind: 'track', name: 'Step', anonymousId: `t${i}`, messageId: `t${i}`, at, source: 'test' })));
    let processed = 0;
    const processor = startJourneyProcessor(database.db, undefined, {
      chunkSize: 5,
      onProcessed: async (_tx, workspaceId, events) => {
        if (workspaceId === workspace.id) processed += events.length;
      },
    });
    // A timer stands for a request waiting to be read: it must run before the backlog is done.
    const processedWhenTimerRan = new Promise<number>((resolve) => setTimeout(() => resolve(processed), 0));
    try {
      await processor.drain();
      expect(processed).toBe(40);
      expect(await processedWhenTimerRan).toBeLessThan(40);
    } finally {
      await processor.stop();
    }
  });
});
