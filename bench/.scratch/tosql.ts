import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { journeyEvents } from '/work/main/src/journeys/schema.ts';
import { toJourneyEvent } from '/work/main/src/ingest/segment.ts';
import { makeBatch } from '/work/main/bench/lib/events.ts';
const db = drizzle(new pg.Pool({ connectionString: 'postgres://x@127.0.0.1:1/x' }));
const opts = { users: 50000, runTag: 'r', nowMs: Date.now() };
for (const n of [100, 250, 500, 1000, 500, 500]) {
  const rows = makeBatch(1, n, opts).map((e) => toJourneyEvent(e, { workspaceId: '00000000-0000-0000-0000-000000000000', receivedAt: new Date(), where: 'x' }));
  const c0 = process.cpuUsage();
  const t = performance.now();
  const q = db.insert(journeyEvents).values(rows).onConflictDoNothing().returning({ id: journeyEvents.id }).toSQL();
  const c = process.cpuUsage(c0);
  console.log(n, 'rows', (performance.now() - t).toFixed(1), 'ms wall', ((c.user + c.system) / 1000).toFixed(1), 'ms cpu', q.params.length, 'params', q.sql.length, 'sql chars');
}
process.exit(0);
