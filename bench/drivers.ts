// The drivers benchmark (issue 5, item 4): how long GET /api/v1/insights/drivers
// takes over many answers. No target was set; the figures say what a request costs.
//
// The real server runs in a child process on a fresh PostgreSQL database. Customers,
// their journeys (a delivery, delayed for 15% of them, rewards, help pages), tickets
// with their facts, and one NPS answer each (lower after a delay) are loaded with SQL
// straight into the tables, over 60 days; the drivers are then asked over HTTP for
// the whole period, each call computing every feature and 200 bootstrap refits.
//
//   BENCH_DATABASE_URL=postgres://… node bin/run-ts.js bench/drivers.ts
//
// Settings: BENCH_DRIVER_ANSWERS (100,000), BENCH_DRIVER_CALLS (5). Results go to
// bench/results/drivers.md (and .json).

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { openDatabase } from '../src/platform/db/client.ts';
import { createApiKey, findWorkspaceBySlug } from '../src/workspaces/store.ts';
import { contention, fmtInt, fmtMs, fmtS, machineLine, summary } from './lib/measure.ts';
import { cleanUpOnSignals, freshPostgresDatabase, httpRequest, intEnv, json, postgresSettings, ROOT, runCleanups, startServer, withClient } from './lib/server.ts';

const ANSWERS = intEnv('BENCH_DRIVER_ANSWERS', 100_000);
const CALLS = intEnv('BENCH_DRIVER_CALLS', 5);
const PG_BASE = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || undefined;
const log = (msg: string) => console.log(`[drivers] ${msg}`);
const agent = new http.Agent({ keepAlive: true });

async function load(url: string, workspaceId: string, surveyId: string): Promise<{ seconds: number; events: number; tickets: number }> {
  const started = performance.now();
  const counts = await withClient(url, async (c) => {
    // One answer per customer at a random time of the last 60 days; what happened in the 10 days before it decides the score.
    await c.query(
      `create temp table plan as
       select gen_random_uuid() as id, i, now() - interval '1 hour' - random() * interval '60 days' as at,
              random() < 0.15 as delayed, random() < 0.10 as rewards, random() < 0.20 as help, random() < 0.10 as ticket, random() < 0.3 as slow
       from generate_series(1, $1::int) i`,
      [ANSWERS],
    );
    await c.query(`insert into customers (id, workspace_id, name, email) select id, $1, 'Customer ' || i, 'c' || i || '@bench.test' from plan`, [workspaceId]);
    const events = await c.query(
      `with tp as (select name, id from touchpoints where workspace_id = $1),
            e as (
              select p.id as customer_id, 'Order Delivered' as name, (select id from tp where name = 'Delivery') as tp, p.at - interval '3 days' as at from plan p
              union all select p.id, 'Delivery Delayed', (select id from tp where name = 'Delivery'), p.at - interval '5 days' from plan p where delayed
              union all select p.id, 'Reward Redeemed', (select id from tp where name = 'Loyalty programme'), p.at - interval '4 days' from plan p where rewards
              union all select p.id, null, (select id from tp where name = 'Help center'), p.at - interval '2 days' from plan p where help
              union all select p.id, 'Order Completed', (select id from tp where name = 'Purchase'), p.at - interval '40 days' from plan p)
       insert into journey_events (workspace_id, customer_id, kind, name, at, touchpoint_id, source, processed_at)
       select $1, customer_id, case when name is null then 'page' else 'track' end, name, at, tp, 'bench', now() from e`,
      [workspaceId],
    );
    const tickets = await c.query(
      `with t as (
         insert into tickets (id, workspace_id, number, customer_id, subject, status, channel, created_at, updated_at)
         select gen_random_uuid(), $1, row_number() over (), id, 'Where is my order?', case when slow then 'open' else 'solved' end, 'email', at - interval '2 days', at
         from plan where ticket returning id, created_at, status)
       insert into ticket_facts (ticket_id, workspace_id, created_at, channel, priority, tags, calendar_key, solved, reopened, one_touch,
                                 first_response_ms, next_response_ms, next_response_business_ms, first_resolution_ms)
       select id, $1, created_at, 'email', 'normal', '{}', 'bench', status = 'solved', false, status = 'solved',
              case when status = 'solved' then 3600000 else 108000000 end, '{}', '{}', case when status = 'solved' then 7200000 end
       from t`,
      [workspaceId],
    );
    await c.query(
      `insert into survey_responses (id, workspace_id, survey_id, customer_id, channel, language, answers, started_at, submitted_at, completed_at)
       select gen_random_uuid(), $1, $2, id, 'email', 'en',
              jsonb_build_object('nps', least(10, greatest(0, round(8.6 - case when delayed then 3 else 0 end + 2 * (random() + random() + random() - 1.5))))::int), at, at, at
       from plan`,
      [workspaceId, surveyId],
    );
    await c.query(
      `insert into survey_scores (response_id, question_id, workspace_id, survey_id, touchpoint_id, channel, kind, scale, value, favourable, at)
       select id, 'nps', workspace_id, survey_id, touchpoint_id, channel, 'nps', 11, (answers->>'nps')::int, null, submitted_at
       from survey_responses where workspace_id = $1 and survey_id = $2`,
      [workspaceId, surveyId],
    );
    await c.query('vacuum analyze customers, journey_events, tickets, ticket_facts, survey_responses, survey_scores');
    return { events: events.rowCount ?? 0, tickets: tickets.rowCount ?? 0 };
  });
  return { seconds: (performance.now() - started) / 1000, ...counts };
}

async function main() {
  if (!PG_BASE) {
    log('skipped: set BENCH_DATABASE_URL (or DATABASE_URL) to a PostgreSQL server where the benchmark may create databases');
    return;
  }
  cleanUpOnSignals('drivers');
  const postgres = await postgresSettings(PG_BASE);
  const database = await freshPostgresDatabase(PG_BASE, 'drivers', Boolean(process.env.BENCH_KEEP));
  const server = await startServer({ env: { DATABASE_URL: database.url, TOUCHPOINT_RATE_LIMIT_API: '1000000', TOUCHPOINT_SMTP_PORT: '0' } });
  const opened = await openDatabase({ databaseUrl: database.url, dataDir: 'memory://' });
  const workspace = (await findWorkspaceBySlug(opened.db, 'default'))!;
  const { key } = await createApiKey(opened.db, workspace.id, 'secret', 'bench');
  await opened.close();
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const created = await httpRequest(server.port, 'POST', '/api/v1/surveys', headers, json({ name: 'After delivery', questions: [{ id: 'nps', type: 'nps', text: 'Would you recommend us?' }] }), { agent });
  if (created.status !== 201) throw new Error(`creating the survey: ${created.status} ${created.text}`);
  const surveyId = (JSON.parse(created.text) as { id: string }).id;

  log(`loading ${fmtInt(ANSWERS)} customers, their journeys, tickets and answers by SQL…`);
  const loaded = await load(database.url, workspace.id, surveyId);
  log(`  done in ${fmtS(loaded.seconds)}`);

  const pressure = contention();
  const from = new Date(Date.now() - 61 * 86_400_000).toISOString();
  const samples: number[] = [];
  let body: { n: number; drivers: { label: string; enough: boolean; effect: number | null; effectInterval: [number, number] | null }[] } | undefined;
  for (let i = 0; i < CALLS + 1; i++) {
    const started = performance.now();
    const res = await httpRequest(server.port, 'GET', `/api/v1/insights/drivers?from=${from}&windowDays=10`, headers, undefined, { agent });
    const ms = performance.now() - started;
    if (res.status !== 200) throw new Error(`drivers: ${res.status} ${res.text.slice(0, 300)}`);
    body = JSON.parse(res.text);
    if (i >= 1) samples.push(ms); // the first warms the caches
    log(`  call ${i + 1}: ${fmtMs(ms)}`);
  }
  const { cpuPressure, loadAvg } = pressure();
  const stats = summary(samples);
  const first = body!.drivers[0]!;
  const lines = [
    '## Drivers of NPS',
    '',
    `${machineLine()}; ${postgres}. ${fmtInt(body!.n)} NPS answers of as many customers over 60 days, ${fmtInt(loaded.events)} journey events and ${fmtInt(loaded.tickets)} tickets with their facts, loaded by SQL in ${fmtS(loaded.seconds)}; the server in its own process. CPU pressure during the calls: ${(cpuPressure * 100).toFixed(0)}% (load average ${loadAvg.toFixed(1)}).`,
    '',
    `GET /api/v1/insights/drivers over the whole period (window 10 days: every feature of every answer, a ridge regression and 200 bootstrap refits), ${CALLS} calls after one to warm up: p50 ${fmtMs(stats.p50)}, max ${fmtMs(stats.max)}. First driver: ${first.label}, effect ${first.effect} NPS points (95% ${first.effectInterval?.join(' to ')}).`,
    '',
  ];
  const out = path.join(ROOT, 'bench', 'results', 'drivers.md');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, lines.join('\n'));
  fs.writeFileSync(out.replace(/\.md$/, '.json'), JSON.stringify({ answers: ANSWERS, loaded, calls: stats }, null, 2));
  console.log(lines.join('\n'));
  await server.stop();
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => runCleanups('drivers'));
