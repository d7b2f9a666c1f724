import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine, freshPostgresDatabase } from '../../test/harness.ts';
import { openDatabase, type Database } from '../platform/db/client.ts';
import { queryRows } from '../platform/db/query.ts';
import { ensureWorkspace } from '../workspaces/store.ts';
import { processPendingEvents } from './processor.ts';
import { appendEvents } from './store.ts';

let database: Database;
let drop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const pg = engine === 'postgres' ? await freshPostgresDatabase() : undefined;
  drop = pg?.drop;
  database = await openDatabase(pg ? { databaseUrl: pg.url, dataDir: '' } : { dataDir: 'memory://' });
});
afterAll(async () => {
  await database?.close();
  await drop?.();
});

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
