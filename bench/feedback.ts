// The feedback benchmark of issue 4:
//
//   "1,000,000 responses on PostgreSQL: NPS by month by touchpoint under 300 ms;
//    recording a one-click score under 50 ms p99 at 200 requests/s."
//
// The real server runs in a child process on a fresh PostgreSQL database. The
// million responses (and their score rows) are loaded with SQL straight into the
// feedback tables, spread over two years and the catalog's touchpoints; the report
// is then asked over HTTP. For the clicks, invitations are loaded the same way and
// their links signed with the installation's key, as the email would carry them;
// each click is an HTTP GET that records a response, paced at a fixed rate.
//
//   BENCH_DATABASE_URL=postgres://… node bin/run-ts.js bench/feedback.ts
//   BENCH_RESPONSES=100000 BENCH_DATABASE_URL=… node bin/run-ts.js bench/feedback.ts   # a quick run
//
// Settings: BENCH_RESPONSES (1,000,000), BENCH_REPORT_CALLS (30 per grouping),
// BENCH_CLICKS (6,400: 400 to warm up, then 30 s measured), BENCH_CLICK_RATE (200 per second). Results go to
// bench/results/feedback.md (and .json).

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { openDatabase } from '../src/platform/db/client.ts';
import { instanceSecret, installationKey } from '../src/platform/auth/instance-secrets.ts';
import { tokenSigner } from '../src/platform/auth/signed-tokens.ts';
import { createApiKey, findWorkspaceBySlug } from '../src/workspaces/store.ts';
import { rebuildScoreDays } from '../src/feedback/store.ts';
import { contention, fmtInt, fmtMs, fmtS, machineLine, processCpuSeconds, summary } from './lib/measure.ts';
import { cleanUpOnSignals, freshPostgresDatabase, httpRequest, intEnv, json, postgresSettings, ROOT, runCleanups, sleep, startServer, withClient } from './lib/server.ts';

const RESPONSES = intEnv('BENCH_RESPONSES', 1_000_000);
const REPORT_CALLS = intEnv('BENCH_REPORT_CALLS', 30);
const CLICKS = intEnv('BENCH_CLICKS', 6_400);
const CLICK_RATE = intEnv('BENCH_CLICK_RATE', 200);
const PG_BASE = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || undefined;
const log = (msg: string) => console.log(`[feedback] ${msg}`);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const check = (ok: boolean) => (ok ? 'met' : '**not met**');

async function load(url: string, workspaceId: string, surveyId: string): Promise<{ seconds: number }> {
  const started = performance.now();
  await withClient(url, async (c) => {
    // Two years of answers, uneven over the catalog's touchpoints, NPS skewed like real ones (many 8-10, a tail of detractors).
    await c.query(
      `with tps as (select array_agg(id order by id) as ids from touchpoints where workspace_id = $1),
            answers as (
              select i, now() - random() * interval '730 days' as at,
                     least(10, greatest(0, round(8 + 2.6 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))))::int as score
              from generate_series(1, $3::int) as i)
       insert into survey_responses (id, workspace_id, survey_id, touchpoint_id, channel, language, answers, started_at, submitted_at, completed_at)
       select gen_random_uuid(), $1, $2, tps.ids[(1 + (a.i::bigint * 7919) % cardinality(tps.ids))::int], (array['email','link','kiosk','api'])[1 + (a.i % 4)], 'en',
              jsonb_build_object('nps', a.score), a.at, a.at, a.at
       from answers a, tps`,
      [workspaceId, surveyId, RESPONSES],
    );
    await c.query(
      `insert into survey_scores (response_id, question_id, workspace_id, survey_id, touchpoint_id, channel, kind, scale, value, favourable, at)
       select id, 'nps', workspace_id, survey_id, touchpoint_id, channel, 'nps', 11, (answers->>'nps')::int, null, submitted_at
       from survey_responses where workspace_id = $1 and survey_id = $2`,
      [workspaceId, surveyId],
    );
    // Invitations for the clicks: sent, not answered, one customer each.
    await c.query(
      `with made as (
         insert into customers (id, workspace_id, name, email) select gen_random_uuid(), $1, 'Customer ' || i, 'c' || i || '@bench.test' from generate_series(1, $3::int) i returning id)
       insert into survey_sends (id, workspace_id, survey_id, customer_id, trigger, language, status, scheduled_for, sent_at, email_message_id)
       select gen_random_uuid(), $1, $2, id, 'manual', 'en', 'sent', now(), now(), '<bench-' || id || '@touchpoint>' from made`,
      [workspaceId, surveyId, CLICKS],
    );
    await c.query('vacuum analyze survey_responses, survey_scores, survey_sends, customers');
  });
  return { seconds: (performance.now() - started) / 1000 };
}

/**
 * CPU seconds so far of each PostgreSQL backend serving this database: the
 * server's connections, not the other databases of a shared PostgreSQL (counting
 * every postgres process mixed in other benchmarks' work, and lost the CPU of
 * their backends that ended meanwhile).
 */
const backendCpu = (url: string) =>
  withClient(url, async (c) => {
    const { rows } = await c.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
    return new Map(rows.map((r) => [r.pid, processCpuSeconds(r.pid) ?? 0]));
  });

async function timeReport(port: number, key: string, groupBy: string) {
  // groupBy may carry a second grouping: "month&thenBy=touchpoint".
  const to = new Date().toISOString();
  const from = new Date(Date.now() - 731 * 86_400_000).toISOString();
  const samples: number[] = [];
  let groups = 0;
  let n = 0;
  for (let i = 0; i < REPORT_CALLS + 2; i++) {
    const started = performance.now();
    const res = await httpRequest(port, 'GET', `/api/v1/reports/feedback?from=${from}&to=${to}&groupBy=${groupBy}`, { authorization: `Bearer ${key}` }, undefined, { agent });
    const ms = performance.now() - started;
    if (res.status !== 200) throw new Error(`report ${groupBy}: ${res.status} ${res.text.slice(0, 300)}`);
    const body = JSON.parse(res.text) as { groups: unknown[]; total: { nps: { n: number } } };
    groups = body.groups.length;
    n = body.total.nps.n;
    if (i >= 2) samples.push(ms); // the first two warm the caches
  }
  return { groupBy, groups, answers: n, ...summary(samples) };
}

async function clicks(port: number, tokens: string[]) {
  const latencies: number[] = [];
  const bySecond: number[][] = [];
  const statuses = new Map<number, number>();
  const interval = 1000 / CLICK_RATE;
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (const [i, token] of tokens.entries()) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    pending.push(
      (async () => {
        const t0 = performance.now();
        const res = await httpRequest(port, 'GET', `/f/${token}/${i % 11}`, {}, undefined, { agent });
        const ms = performance.now() - t0;
        latencies.push(ms);
        (bySecond[Math.floor((t0 - started) / 1000)] ??= []).push(ms);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      })(),
    );
  }
  await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  return { ...summary(latencies), rate: tokens.length / seconds, statuses: Object.fromEntries(statuses), p99BySecond: bySecond.map((xs) => Math.round(summary(xs).p99)) };
}

async function main() {
  if (!PG_BASE) {
    log('skipped: set BENCH_DATABASE_URL (or DATABASE_URL) to a PostgreSQL server where the benchmark may create databases');
    return;
  }
  cleanUpOnSignals('feedback');
  const postgres = await postgresSettings(PG_BASE);
  const database = await freshPostgresDatabase(PG_BASE, 'feedback', Boolean(process.env.BENCH_KEEP));
  const nodeArgs = (process.env.BENCH_SERVER_NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean);
  // The server's installation key, so that the links signed here are the server's own.
  const secretKey = crypto.randomBytes(32).toString('base64url');
  const server = await startServer({ env: { DATABASE_URL: database.url, TOUCHPOINT_SECRET_KEY: secretKey, TOUCHPOINT_RATE_LIMIT_API: '1000000', TOUCHPOINT_RATE_LIMIT_PUBLIC: '1000000', TOUCHPOINT_SMTP_PORT: '0' }, nodeArgs });
  const database_ = await openDatabase({ databaseUrl: database.url, dataDir: 'memory://' });
  const { db } = database_;
  const workspace = (await findWorkspaceBySlug(db, 'default'))!;
  const { key } = await createApiKey(db, workspace.id, 'secret', 'bench');
  const signer = tokenSigner(await instanceSecret(db, 'link-signing', installationKey({ secretKey, databaseUrl: database.url, dataDir: '' })));

  const created = await httpRequest(
    server.port,
    'POST',
    '/api/v1/surveys',
    { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    json({ name: 'Relationship NPS', questions: [{ id: 'nps', type: 'nps', text: 'How likely are you to recommend us?' }, { id: 'why', type: 'text', text: 'Why?' }] }),
    { agent },
  );
  if (created.status !== 201) throw new Error(`creating the survey: ${created.status} ${created.text}`);
  const surveyId = (JSON.parse(created.text) as { id: string }).id;

  log(`loading ${fmtInt(RESPONSES)} responses and ${fmtInt(CLICKS)} invitations by SQL…`);
  const loaded = await load(database.url, workspace.id, surveyId);
  const counting = performance.now();
  await rebuildScoreDays(db, workspace.id);
  const countSeconds = (performance.now() - counting) / 1000;
  await withClient(database.url, (c) => c.query('analyze survey_score_days'));
  log(`  done in ${fmtS(loaded.seconds)}`);

  const pressure = contention();
  const reports = [];
  for (const groupBy of ['month&thenBy=touchpoint', 'month', 'touchpoint', 'stage', 'none']) {
    log(`report by ${groupBy}…`);
    reports.push(await timeReport(server.port, key, groupBy));
  }
  const sendIds = await withClient(database.url, async (c) => (await c.query<{ id: string }>(`select id from survey_sends where survey_id = $1`, [surveyId])).rows.map((r) => r.id));
  const signed = sendIds.map((s) => signer.sign('survey-answer', { s }, new Date(Date.now() + 86_400_000)));
  // The first two seconds warm the server (compiled code paths, the connection pool); they are run, not counted.
  const warmUp = signed.slice(0, Math.min(CLICK_RATE * 2, Math.floor(signed.length / 5)));
  const tokens = signed.slice(warmUp.length);
  log(`warming up with ${fmtInt(warmUp.length)} clicks, then ${fmtInt(tokens.length)} one-click scores at ${CLICK_RATE}/s…`);
  await clicks(server.port, warmUp);
  const cpu0 = { server: processCpuSeconds(server.pid) ?? Number.NaN, postgres: await backendCpu(database.url) };
  const clicked = await clicks(server.port, tokens);
  // CPU per click does not depend on what else the machine runs (latency does).
  const backends = await backendCpu(database.url);
  const cpuPerClick = {
    serverMs: (((processCpuSeconds(server.pid) ?? Number.NaN) - cpu0.server) * 1000) / tokens.length,
    postgresMs: ([...backends].reduce((sum, [pid, s]) => sum + s - (cpu0.postgres.get(pid) ?? 0), 0) * 1000) / tokens.length,
  };
  const { cpuPressure, loadAvg } = pressure();
  const load_ = `${(cpuPressure * 100).toFixed(0)}% (load average ${loadAvg.toFixed(1)})`;
  await database_.close();

  const month = reports.find((r) => r.groupBy === 'month&thenBy=touchpoint')!;
  const lines = [
    '## Feedback: NPS report and one-click scores',
    '',
    `${machineLine()}; ${postgres}. ${fmtInt(RESPONSES)} NPS responses over two years and ${reports.find((r) => r.groupBy === 'touchpoint')!.groups} touchpoints, loaded by SQL in ${fmtS(loaded.seconds)} (the day counts the report reads, which answers keep current as they arrive, rebuilt from them in ${fmtS(countSeconds)}); the server in its own process. CPU pressure during the run: ${load_}.`,
    '',
    '| report (GET /api/v1/reports/feedback, two years) | groups | answers | p50 | p99 | max |',
    '|---|---|---|---|---|---|',
    ...reports.map((r) => `| \`groupBy=${r.groupBy}\` | ${r.groups} | ${fmtInt(r.answers)} | ${fmtMs(r.p50)} | ${fmtMs(r.p99)} | ${fmtMs(r.max)} |`),
    '',
    `NPS by month by touchpoint (\`groupBy=month&thenBy=touchpoint\`, ${month.groups} groups) over ${fmtInt(month.answers)} responses: p99 ${fmtMs(month.p99)} (target < 300 ms: ${check(month.p99 < 300)}).`,
    '',
    `One-click scores (GET /f/{token}/{score}: verify the signature, read the invitation and its survey's version, then one statement that claims the invitation and records the response, its score, journey entry and loop job; 303): ${fmtInt(clicked.n)} clicks at ${clicked.rate.toFixed(0)}/s after ${fmtInt(warmUp.length)} to warm up (worst second's p99: ${fmtMs(Math.max(...clicked.p99BySecond))}), p50 ${fmtMs(clicked.p50)}, p99 ${fmtMs(clicked.p99)}, max ${fmtMs(clicked.max)}; answers ${JSON.stringify(clicked.statuses)}; CPU per click: server ${cpuPerClick.serverMs.toFixed(1)} ms, PostgreSQL (the backends of its database) ${cpuPerClick.postgresMs.toFixed(1)} ms (target p99 < 50 ms at 200/s: ${check(clicked.p99 < 50 && clicked.rate >= CLICK_RATE * 0.95)}).`,
    '',
  ];
  const out = path.join(ROOT, 'bench', 'results', 'feedback.md');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, lines.join('\n'));
  fs.writeFileSync(out.replace(/\.md$/, '.json'), JSON.stringify({ responses: RESPONSES, loaded, reports, clicks: clicked, cpuPerClick, contention: load_ }, null, 2));
  console.log(lines.join('\n'));
  await server.stop();
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => runCleanups('feedback'));
