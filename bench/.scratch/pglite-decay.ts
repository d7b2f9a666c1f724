import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/platform/db/client.ts';
import { appendEvents } from '../../src/journeys/store.ts';
import { processPendingEvents } from '../../src/journeys/processor.ts';
import { toJourneyEvent } from '../../src/ingest/segment.ts';
import { ensureWorkspaceWithCatalog } from '../../src/workspaces/bootstrap.ts';
import { queryRows } from '../../src/platform/db/query.ts';
import { makeBatch } from '../lib/events.ts';
import { wireDomains } from '../../src/server.ts';
wireDomains();
const N = Number(process.env.N ?? 300000);
const VAC = Number(process.env.VAC ?? 0);
const dir = fs.mkdtempSync('/tmp/tp-decay-');
const database = await openDatabase(process.env.URL ? { databaseUrl: process.env.URL, dataDir: '' } : { dataDir: dir });
const db = database.db;
const ws = await ensureWorkspaceWithCatalog(db, 'bench', 'Bench');
const opts = { users: 50000, runTag: 'd' + Date.now(), nowMs: Date.now() };
let ins = 0, proc = 0, n = 0;
const stats = async () => (await queryRows<any>(db, sql`select relname, n_live_tup, n_dead_tup, coalesce(autovacuum_count,0) av, pg_size_pretty(pg_total_relation_size(relid)) size from pg_stat_user_tables where relname in ('journey_events','customers','customer_identities') order by relname`)).map((r: any) => `${r.relname}: live ${r.n_live_tup} dead ${r.n_dead_tup} av ${r.av} ${r.size}`).join(' | ');
for (let b = 0; b * 500 < N; b++) {
  const r = new Date();
  const rows = makeBatch(b, 500, opts).map((e, i) => toJourneyEvent(e, { workspaceId: ws.id, receivedAt: r, where: 'x' }));
  let t = performance.now(); await appendEvents(db, rows); ins += performance.now() - t; n += 500;
  if (b % 4 === 3) { t = performance.now(); await processPendingEvents(db); proc += performance.now() - t; }
  if (n % 50000 === 0) {
    console.log(`${n}: insert ${(ins / 100).toFixed(1)} ms/batch500, process ${(proc / 25).toFixed(1)} ms/2000 | ${await stats()}`);
    ins = 0; proc = 0;
    if (VAC && n % VAC === 0) { const t0 = performance.now(); await db.execute(sql`vacuum analyze`); console.log(`  vacuum ${(performance.now() - t0).toFixed(0)} ms`); }
  }
}
{
  const r = new Date();
  await appendEvents(db, makeBatch(99999, 500, opts).map((e, i) => toJourneyEvent(e, { workspaceId: ws.id, receivedAt: r, where: 'x' })));
  const q = (order: string) => sql.raw(`explain analyze select id::text as id, workspace_id, kind, name, page_path, anonymous_id, user_id, previous_id, customer_id, touchpoint_id, at, traits
      from journey_events where processed_at is null order by ${order} limit 2000 for update skip locked`);
  for (const order of ['id', 'journey_events.id']) {
    await db.transaction(async (tx) => { const rows = await queryRows<any>(tx, q(order)); console.log(`--- order by ${order}\n` + rows.map((x: any) => x['QUERY PLAN']).join('\n')); });
  }
  const t0 = performance.now(); await processPendingEvents(db); console.log('processPendingEvents (500 pending):', (performance.now() - t0).toFixed(0), 'ms');
}
await database.close(); fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);
