import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/platform/db/client.ts';
import { appendEvents, type NewJourneyEvent } from '../../src/journeys/store.ts';
import { toJourneyEvent } from '../../src/ingest/segment.ts';
import { ensureWorkspace } from '../../src/workspaces/store.ts';
import { queryRows } from '../../src/platform/db/query.ts';
import { makeBatch } from '../lib/events.ts';

async function jsonInsert(db: any, rows: NewJourneyEvent[]) {
  const json = JSON.stringify(rows);
  const r = await queryRows<{ id: string }>(db, sql`
    insert into journey_events (workspace_id, kind, name, page_path, message_id, anonymous_id, user_id, previous_id, at, received_at, properties, traits, context, source)
    select "workspaceId", kind, name, "pagePath", "messageId", "anonymousId", "userId", "previousId", at, "receivedAt", coalesce(properties, '{}'::jsonb), traits, context, source
    from jsonb_to_recordset(${json}::jsonb) as v("workspaceId" uuid, kind text, name text, "pagePath" text, "messageId" text, "anonymousId" text, "userId" text, "previousId" text,
      at timestamptz, "receivedAt" timestamptz, properties jsonb, traits jsonb, context jsonb, source text)
    on conflict (workspace_id, message_id) do nothing
    returning id`);
  return r.length;
}
const N = Number(process.env.N ?? 100);
for (const mode of ['drizzle', 'json', 'drizzle', 'json']) {
  const dir = fs.mkdtempSync('/tmp/tp-cmp-');
  const database = await openDatabase(process.env.URL ? { databaseUrl: process.env.URL, dataDir: '' } : { dataDir: dir });
  await database.db.execute(sql`truncate journey_events`);
  const { workspace } = await ensureWorkspace(database.db, 'bench', 'Bench');
  const opts = { users: 50000, runTag: 'r' + Date.now(), nowMs: Date.now() };
  const batches: NewJourneyEvent[][] = [];
  for (let b = 0; b < N; b++) { const r = new Date(); batches.push(makeBatch(b, 500, opts).map((e, i) => toJourneyEvent(e, { workspaceId: workspace.id, receivedAt: r, where: 'x' }))); }
  const fix = (s: string) => s; void fix;
  const c0 = process.cpuUsage(); const t0 = performance.now(); let n = 0;
  for (const rows of batches) n += mode === 'drizzle' ? await appendEvents(database.db, rows) : await jsonInsert(database.db, rows.map((r) => ({ ...r, workspaceId: workspace.id }) as any));
  const s = (performance.now() - t0) / 1000; const c = process.cpuUsage(c0);
  const check = await queryRows<{ n: string; t: string }>(database.db, sql`select count(*) as n, count(*) filter (where traits is null) as t from journey_events`);
  console.log(mode.padEnd(8), 'rows', n, 'rate', Math.round(n / s), 'rows/s; client cpu', ((c.user + c.system) / 1e3 / N).toFixed(1), 'ms/batch', JSON.stringify(check[0]), (await import('node:fs')).readFileSync('/proc/pressure/cpu','utf8').split('\n')[0]);
  await database.close(); fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
