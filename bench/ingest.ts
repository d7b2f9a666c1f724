// The ingestion benchmark of the foundation issue:
//
//   "Ingest 1,000,000 events through /v1/batch (500 events a batch, 8 concurrent
//    clients) on PGlite and on PostgreSQL: events/s, p99 batch latency, peak RSS.
//    Measure the raw insert rate of the same database in the same run and report
//    the ratio: the API should reach at least half of it, and at least 20,000
//    events/s on PostgreSQL on 2 cores."
//   "GET /api/v1/customers/{id}/journey for a customer with 10,000 events: p99 under 50 ms."
//
// The real server runs in a child process (`node bin/touchpoint.js start`), so the
// load generator and the server do not share an event loop. Results go to
// bench/results/ingest.md (and .json) and are printed.
//
//   BENCH_EVENTS=50000 node bin/run-ts.js bench/ingest.ts                 # quick run, PGlite only
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres npm run bench
//
// Settings (environment): BENCH_EVENTS (1,000,000), BENCH_ENGINES (pglite,postgres),
// BENCH_DATABASE_URL or DATABASE_URL (a PostgreSQL server where the benchmark may
// create and drop databases; without it PostgreSQL is skipped), BENCH_CLIENTS (8),
// BENCH_BATCH_SIZE (500), BENCH_USERS (50,000), BENCH_JOURNEY_EVENTS (10,000),
// BENCH_JOURNEY_CALLS (500), BENCH_CATCHUP_TIMEOUT (seconds, 3600),
// BENCH_SERVER_NODE_OPTIONS (extra node flags for the server, e.g. --cpu-prof).
// For investigating: BENCH_OUT=FILE.md (write there instead of bench/results/ingest.md), BENCH_SKIP_RAW=1 (no raw inserts), BENCH_KEEP=1 (keep the
// server's database or data directory), BENCH_SERVER_LOG=FILE (append its output).

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/platform/db/query.ts';
import { openDatabase, type Database } from '../src/platform/db/client.ts';
import { appendEvents, type TrackedEvent } from '../src/journeys/store.ts';
import { toJourneyEvent } from '../src/ingest/segment.ts';
import { ensureWorkspace } from '../src/workspaces/store.ts';
import { makeBatch, makeJourneyBatch, type GeneratorOptions } from './lib/events.ts';
import { report, type CatchUp, type EngineResult, type IngestResult, type JourneyResult, type RawMethod, type RawResult, type Workload } from './lib/ingest-report.ts';
import {
  cleanupMark,
  cleanUpOnSignals,
  dropPostgresDatabase,
  freshPostgresDatabase,
  httpRequest,
  intEnv,
  json,
  onCleanup,
  postgresSettings,
  ROOT,
  runCleanups,
  sleep,
  startServer as startBenchServer,
  type HttpResponse,
  type Server,
} from './lib/server.ts';
import {
  commandCpuSeconds,
  contention,
  cpuPressureMicros,
  fmtInt,
  fmtMiB,
  fmtS,
  machine,
  machineLine,
  memoryOf,
  processCpuSeconds,
  rssSampler,
  summary,
} from './lib/measure.ts';

const RESULTS_DIR = path.join(ROOT, 'bench', 'results');

const EVENTS = intEnv('BENCH_EVENTS', 1_000_000);
const BATCH = intEnv('BENCH_BATCH_SIZE', 500);
const CLIENTS = intEnv('BENCH_CLIENTS', 8);
const USERS = intEnv('BENCH_USERS', 50_000);
const JOURNEY_EVENTS = intEnv('BENCH_JOURNEY_EVENTS', 10_000);
const JOURNEY_CALLS = intEnv('BENCH_JOURNEY_CALLS', 500);
const CATCHUP_TIMEOUT_MS = intEnv('BENCH_CATCHUP_TIMEOUT', 3600) * 1000;
const PG_BASE = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || undefined;
const ENGINES = (process.env.BENCH_ENGINES ?? 'pglite,postgres')
  .split(',')
  .map((e) => e.trim().toLowerCase())
  .filter(Boolean);
for (const e of ENGINES) if (e !== 'pglite' && e !== 'postgres') throw new Error(`BENCH_ENGINES: unknown engine "${e}" (pglite, postgres)`);

const ADMIN = { email: 'bench@touchpoint.test', password: 'bench-password-2024' };
const RUN_TAG = `bench-${crypto.randomBytes(4).toString('hex')}`;
const GEN: GeneratorOptions = { users: USERS, runTag: RUN_TAG, nowMs: Date.now() };

const log = (msg: string) => console.log(`[ingest] ${msg}`);

cleanUpOnSignals('ingest');

// ---------------------------------------------------------------- the data set

/** Every batch body is built before the clock starts, so the load generator spends its CPU on HTTP only. */
function buildWorkload(): Workload {
  const t0 = performance.now();
  const batches = Math.ceil(EVENTS / BATCH);
  const bodies: Buffer[] = new Array(batches);
  const counts: number[] = new Array(batches);
  let bytes = 0;
  const sentAt = new Date(GEN.nowMs).toISOString();
  for (let b = 0; b < batches; b++) {
    const size = Math.min(BATCH, EVENTS - b * BATCH);
    const body = Buffer.from(JSON.stringify({ batch: makeBatch(b, size, GEN), sentAt }));
    if (body.length > 500 * 1024) throw new Error(`batch ${b} is ${body.length} bytes, over the 500 KB limit: make the generator's events smaller`);
    bodies[b] = body;
    counts[b] = size;
    bytes += body.length;
  }
  return { bodies, counts, bytes, generateSeconds: (performance.now() - t0) / 1000 };
}

// ---------------------------------------------------------------- HTTP

const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS + 4 });

/** Every request of the load goes through the benchmark's keep-alive agent. */
const request = (port: number, method: string, urlPath: string, headers: Record<string, string>, body?: Buffer): Promise<HttpResponse> =>
  httpRequest(port, method, urlPath, headers, body, { agent });

// ---------------------------------------------------------------- the server under test

/** The shared server launcher, with no rate limits; stopped with this engine's cleanups. */
async function startServer(dbEnv: { DATABASE_URL?: string; TOUCHPOINT_DATA_DIR?: string }): Promise<Server> {
  const server = await startBenchServer({
    env: { ...dbEnv, TOUCHPOINT_RATE_LIMIT_INGEST: '1000000', TOUCHPOINT_RATE_LIMIT_API: '1000000', TOUCHPOINT_ADMIN_EMAIL: ADMIN.email, TOUCHPOINT_ADMIN_PASSWORD: ADMIN.password },
    nodeArgs: (process.env.BENCH_SERVER_NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean),
    logFile: process.env.BENCH_SERVER_LOG,
  });
  onCleanup(() => server.stop());
  return server;
}

async function loginAndKeys(server: Server): Promise<{ writeKey: string; secretKey: string }> {
  const login = await request(server.port, 'POST', '/api/v1/auth/login', { 'content-type': 'application/json' }, json(ADMIN));
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.text}`);
  const setCookie = login.headers['set-cookie'];
  const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)?.split(';')[0];
  if (!cookie) throw new Error('login answered without a session cookie');
  const create = async (type: 'write' | 'secret') => {
    const res = await request(server.port, 'POST', '/api/v1/keys', { 'content-type': 'application/json', cookie }, json({ type, name: `bench ${type}` }));
    if (res.status !== 201) throw new Error(`creating a ${type} key failed: ${res.status} ${res.text}`);
    return (JSON.parse(res.text) as { key: string }).key;
  };
  return { writeKey: await create('write'), secretKey: await create('secret') };
}

// ---------------------------------------------------------------- databases

function tempDir(purpose: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tp-bench-${purpose}-`));
  if (process.env.BENCH_KEEP && purpose === 'server') log(`BENCH_KEEP: keeping the server's data directory ${dir}`);
  else onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// ---------------------------------------------------------------- raw insert rate

/**
 * The same rows the API would store (the same bodies through the server's own
 * toJourneyEvent), inserted in 500-row statements with appendEvents (what the
 * server runs: one INSERT … SELECT FROM jsonb_array_elements). Rows are prepared
 * untimed, a phase at a time; only the inserts are on the clock.
 */
async function rawInsert(database: Database, work: Workload, clients: number, method: RawMethod): Promise<RawResult> {
  const { workspace } = await ensureWorkspace(database.db, 'bench', 'Bench');
  const insert = appendEvents;
  const phaseSize = Math.max(clients * 8, 100);
  const latencies: number[] = [];
  let events = 0;
  let timedMs = 0;
  let clientCpuUs = 0;
  let postgresCpuS = 0;
  let psiUs = 0;
  let lastReport = 0;
  for (let start = 0; start < work.bodies.length; start += phaseSize) {
    const phase: TrackedEvent[][] = [];
    for (let b = start; b < Math.min(work.bodies.length, start + phaseSize); b++) {
      const body = JSON.parse(work.bodies[b]!.toString('utf8')) as { batch: unknown[]; sentAt: string };
      const receivedAt = new Date();
      phase.push(body.batch.map((raw, i) => toJourneyEvent(raw, { workspaceId: workspace.id, receivedAt, batchSentAt: body.sentAt, where: `batch[${i}]` })));
    }
    let next = 0;
    const pg0 = database.engine === 'postgres' ? commandCpuSeconds('postgres') : 0;
    const psi0 = cpuPressureMicros();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        for (;;) {
          const k = next++;
          if (k >= phase.length) return;
          const t = performance.now();
          const inserted = await insert(database.db, phase[k]!);
          latencies.push(performance.now() - t);
          if (inserted !== phase[k]!.length) throw new Error(`raw insert stored ${inserted} of ${phase[k]!.length} rows`);
          events += inserted;
        }
      }),
    );
    timedMs += performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    clientCpuUs += cpu.user + cpu.system;
    psiUs += cpuPressureMicros() - psi0;
    if (database.engine === 'postgres') postgresCpuS += commandCpuSeconds('postgres') - pg0;
    if (events - lastReport >= EVENTS / 5 || events === EVENTS) {
      lastReport = events;
      log(`  raw ${method}, ${clients} client(s): ${fmtInt(events)} rows, ${fmtInt(events / (timedMs / 1000))} rows/s`);
    }
  }
  const s = summary(latencies);
  return {
    method,
    clients,
    events,
    seconds: timedMs / 1000,
    rate: events / (timedMs / 1000),
    statementP50: s.p50,
    statementP99: s.p99,
    clientCpuMsPer1k: clientCpuUs / 1000 / (events / 1000),
    postgresCpuMsPer1k: database.engine === 'postgres' ? (postgresCpuS * 1000) / (events / 1000) : undefined,
    cpuPressure: psiUs / (timedMs * 1000),
  };
}

// ---------------------------------------------------------------- API ingestion

async function ingest(server: Server, writeKey: string, work: Workload, rss: ReturnType<typeof rssSampler>): Promise<IngestResult> {
  const headers = { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` };
  const latencies = new Float64Array(work.bodies.length);
  const firstErrors: string[] = [];
  let errors = 0;
  let acked = 0;
  let next = 0;
  let nextReport = 0.1;
  rss.reset();
  const cpu0 = processCpuSeconds(server.pid) ?? Number.NaN;
  const pg0 = PG_BASE ? commandCpuSeconds('postgres') : Number.NaN;
  const own0 = process.cpuUsage();
  const machineLoad = contention();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (;;) {
        const b = next++;
        if (b >= work.bodies.length) return;
        const t = performance.now();
        let res: HttpResponse;
        try {
          res = await request(server.port, 'POST', '/v1/batch', headers, work.bodies[b]!);
        } catch (err) {
          res = { status: 0, text: String(err), headers: {} };
        }
        latencies[b] = performance.now() - t;
        if (res.status === 200) acked += work.counts[b]!;
        else {
          errors++;
          if (firstErrors.length < 5) firstErrors.push(`batch ${b}: ${res.status} ${res.text.slice(0, 300)}`);
        }
        const done = (b + 1) / work.bodies.length;
        if (done >= nextReport) {
          nextReport += 0.1;
          const s = (performance.now() - t0) / 1000;
          log(`  api: ${fmtInt(acked)} events in ${fmtS(s)}, ${fmtInt(acked / s)} events/s, server RSS ${fmtMiB(rss.last)}`);
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const own = process.cpuUsage(own0);
  const cpu1 = processCpuSeconds(server.pid) ?? Number.NaN;
  const pg1 = PG_BASE ? commandCpuSeconds('postgres') : Number.NaN;
  const s = summary(latencies);
  const load = machineLoad();
  return {
    events: acked,
    batches: work.bodies.length,
    errors,
    firstErrors,
    seconds,
    rate: acked / seconds,
    p50: s.p50,
    p99: s.p99,
    max: s.max,
    serverCpuCores: (cpu1 - cpu0) / seconds,
    postgresCpuCores: PG_BASE ? (pg1 - pg0) / seconds : undefined,
    loadGenCpuCores: (own.user + own.system) / 1e6 / seconds,
    serverCpuMsPer1k: ((cpu1 - cpu0) * 1000) / (acked / 1000),
    postgresCpuMsPer1k: PG_BASE ? ((pg1 - pg0) * 1000) / (acked / 1000) : undefined,
    cpuPressure: load.cpuPressure,
    loadAvg: load.loadAvg,
    peakRss: rss.peak,
  };
}

// ---------------------------------------------------------------- journey processor catch-up

/**
 * Waits until the journey processor has nothing left, asking the server the way an
 * operator would (`GET /api/v1/journeys/backlog`, the bench workspace's pending events),
 * every 500 ms; every 2 s while the count is capped, since on PGlite each count takes
 * the thread the processor runs in for about 30 ms.
 */
async function waitProcessed(server: Server, secretKey: string): Promise<CatchUp> {
  const t0 = performance.now();
  let lastReport = t0;
  const backlog = async () => {
    const res = await request(server.port, 'GET', '/api/v1/journeys/backlog', { authorization: `Bearer ${secretKey}` });
    if (res.status !== 200) throw new Error(`GET /api/v1/journeys/backlog: ${res.status} ${res.text}`);
    return JSON.parse(res.text) as { pending: number; capped: boolean };
  };
  const atEnd = await backlog();
  for (let b = atEnd; ; b = await backlog()) {
    const elapsed = performance.now() - t0;
    const result = { seconds: elapsed / 1000, backlogAtEnd: atEnd.pending, backlogCapped: atEnd.capped };
    if (b.pending === 0) return { ...result, timedOut: false };
    if (elapsed > CATCHUP_TIMEOUT_MS) return { ...result, timedOut: true };
    if (performance.now() - lastReport >= 15_000) {
      lastReport = performance.now();
      log(`  processor: ${b.capped ? 'over ' : ''}${fmtInt(b.pending)} events still unprocessed after ${fmtS(elapsed / 1000)}`);
    }
    await sleep(b.capped ? 2000 : 500);
  }
}

// ---------------------------------------------------------------- journey reads

async function journeyBench(server: Server, writeKey: string, secretKey: string): Promise<JourneyResult> {
  const userId = `bench-journey-${RUN_TAG}`;
  const basic = { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` };
  const bearer = { authorization: `Bearer ${secretKey}` };
  const t0 = performance.now();
  const batches = Math.ceil(JOURNEY_EVENTS / BATCH);
  for (let k = 0; k < batches; k++) {
    const size = Math.min(BATCH, JOURNEY_EVENTS - k * BATCH);
    const res = await request(server.port, 'POST', '/v1/batch', basic, json({ batch: makeJourneyBatch(k, size, GEN, userId), sentAt: new Date(GEN.nowMs).toISOString() }));
    if (res.status !== 200) throw new Error(`journey batch ${k} failed: ${res.status} ${res.text}`);
  }
  const ingestSeconds = (performance.now() - t0) / 1000;
  const processed = await waitProcessed(server, secretKey);
  if (processed.timedOut) throw new Error('the journey events were not processed in time');

  const found = await request(server.port, 'GET', `/api/v1/customers?userId=${encodeURIComponent(userId)}`, bearer);
  const customer = (JSON.parse(found.text) as { data: { id: string }[] }).data[0];
  if (!customer) throw new Error(`no customer for ${userId}: ${found.status} ${found.text}`);
  const journeyPath = (query: string) => `/api/v1/customers/${customer.id}/journey${query ? `?${query}` : ''}`;

  // Untimed check: the whole journey is there.
  let entriesSeen = 0;
  let cursor: string | null = null;
  do {
    const res = await request(server.port, 'GET', journeyPath(`limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`), bearer);
    if (res.status !== 200) throw new Error(`journey read failed: ${res.status} ${res.text}`);
    const page = JSON.parse(res.text) as { data: unknown[]; nextCursor: string | null };
    entriesSeen += page.data.length;
    cursor = page.nextCursor;
  } while (cursor);

  // Warm-up (untimed), then the timed calls: the first page (default limit 100),
  // then four more pages following nextCursor, over and over.
  const get = async (query: string) => {
    const t = performance.now();
    const res = await request(server.port, 'GET', journeyPath(query), bearer);
    const ms = performance.now() - t;
    if (res.status !== 200) throw new Error(`journey read failed: ${res.status} ${res.text}`);
    return { ms, next: (JSON.parse(res.text) as { nextCursor: string | null }).nextCursor };
  };
  for (let i = 0; i < 10; i++) await get('');
  const all: number[] = [];
  const first: number[] = [];
  const following: number[] = [];
  cursor = null;
  for (let i = 0; i < JOURNEY_CALLS; i++) {
    if (i % 5 === 0) cursor = null;
    const { ms, next } = await get(cursor ? `cursor=${encodeURIComponent(cursor)}` : '');
    all.push(ms);
    (cursor ? following : first).push(ms);
    cursor = next;
  }
  const desc: number[] = [];
  for (let i = 0; i < 100; i++) desc.push((await get('order=desc')).ms);
  return {
    events: JOURNEY_EVENTS,
    entriesSeen,
    calls: JOURNEY_CALLS,
    all: summary(all),
    firstPage: summary(first),
    cursorPages: summary(following),
    descFirstPage: summary(desc),
    ingestSeconds,
    processSeconds: processed.seconds,
  };
}

// ---------------------------------------------------------------- one engine

async function countStored(database: Database): Promise<{ total: number; unprocessed: number; outOfOrder: number }> {
  // Only the load: the journey customer's events are left out.
  const rows = await queryRows<{ total: string; unprocessed: string }>(
    database.db,
    sql`select count(*) filter (where message_id like ${RUN_TAG + '-%'} and message_id not like ${RUN_TAG + '-journey-%'}) as total,
               count(*) filter (where processed_at is null) as unprocessed
        from journey_events`,
  );
  // The processor stamps processed_at with its transaction's start. Taken in
  // arrival (id) order, no event is processed after one that arrived later.
  const order = await queryRows<{ n: string }>(
    database.db,
    sql`select count(*) as n from (
          select processed_at > min(processed_at) over (order by id desc rows between unbounded preceding and 1 preceding) as late
          from journey_events where processed_at is not null
        ) x where late`,
  );
  return { total: Number(rows[0]!.total), unprocessed: Number(rows[0]!.unprocessed), outOfOrder: Number(order[0]!.n) };
}

async function runEngine(engine: 'pglite' | 'postgres', work: Workload): Promise<EngineResult> {
  const result: EngineResult = {
    engine,
    description: engine === 'pglite' ? `PGlite ${pgliteVersion()} (embedded, data directory on disk, the default)` : await postgresSettings(PG_BASE!),
    raw: [],
  };
  const mark = cleanupMark();
  try {
    // 1. Raw insert rate of the same database, separate data directory / database.
    const rawRuns: [RawMethod, number][] =
      engine === 'pglite'
        ? [['appendEvents', 1]]
        : [['appendEvents', 1], ['appendEvents', CLIENTS]];
    for (const [method, clients] of process.env.BENCH_SKIP_RAW ? [] : rawRuns) {
      const dir = engine === 'pglite' ? tempDir('raw') : undefined;
      const fresh = engine === 'postgres' ? await freshPostgresDatabase(PG_BASE!, `raw${clients}`) : undefined;
      const database = await openDatabase(fresh ? { databaseUrl: fresh.url, dataDir: '', poolSize: clients + 1 } : { dataDir: dir! });
      try {
        log(`${engine}: raw inserts with ${method}, ${clients} client(s)`);
        result.raw.push(await rawInsert(database, work, clients, method));
      } finally {
        await database.close();
        if (fresh) await dropPostgresDatabase(PG_BASE!, fresh.name);
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
      }
    }

    // 2. The API, on a fresh database, in a child process.
    const dataDir = engine === 'pglite' ? tempDir('server') : undefined;
    const keep = Boolean(process.env.BENCH_KEEP);
    const fresh = engine === 'postgres' ? await freshPostgresDatabase(PG_BASE!, 'api', keep) : undefined;
    if (fresh && keep) log(`BENCH_KEEP: keeping the server's database ${fresh.url}`);
    log(`${engine}: starting the server`);
    const server = await startServer(fresh ? { DATABASE_URL: fresh.url } : { TOUCHPOINT_DATA_DIR: dataDir });
    const rss = rssSampler(server.pid);
    try {
      const { writeKey, secretKey } = await loginAndKeys(server);
      result.idleRss = memoryOf(server.pid)?.rss;
      log(`${engine}: ingesting ${fmtInt(EVENTS)} events through /v1/batch (${BATCH} a batch, ${CLIENTS} clients)`);
      const tIngest = performance.now();
      result.api = await ingest(server, writeKey, work, rss);
      log(`${engine}: ${fmtInt(result.api.rate)} events/s; waiting for the journey processor to catch up`);
      result.catchUp = await waitProcessed(server, secretKey);
      result.processorRate = result.catchUp.timedOut ? undefined : EVENTS / ((performance.now() - tIngest) / 1000);
      log(`${engine}: processor caught up ${fmtS(result.catchUp.seconds)} after the last batch; journey reads`);
      result.journey = await journeyBench(server, writeKey, secretKey);
      result.peakRssOverall = Math.max(memoryOf(server.pid)?.hwm ?? 0, rss.peak);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- server output (last lines) ---\n${server.output.slice(-20).join('\n')}`);
    } finally {
      rss.stop();
      await server.stop();
      result.serverWarnings = server.warnings;
    }

    // 3. What was stored, read back from the database once the server has stopped.
    const database = await openDatabase(fresh ? { databaseUrl: fresh.url, dataDir: '' } : { dataDir: dataDir! });
    try {
      result.stored = await countStored(database);
    } finally {
      await database.close();
    }
  } catch (err) {
    result.error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    console.error(`[ingest] ${engine} failed: ${result.error}`);
  } finally {
    // This engine's server, databases and directories go before the next engine starts.
    await runCleanups('ingest', mark);
  }
  return result;
}

function pgliteVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  const engines = ENGINES.filter((e) => e === 'pglite' || PG_BASE) as ('pglite' | 'postgres')[];
  const skipped = ENGINES.includes('postgres') && !PG_BASE ? ['### PostgreSQL', '', 'Skipped: set `BENCH_DATABASE_URL` (or `DATABASE_URL`) to a PostgreSQL server where the benchmark may create and drop databases.'] : [];
  log(`machine: ${machineLine()}`);
  log(`building ${fmtInt(EVENTS)} events in ${fmtInt(Math.ceil(EVENTS / BATCH))} batches…`);
  const work = buildWorkload();
  log(`built in ${fmtS(work.generateSeconds)}: ${fmtInt(work.bytes / EVENTS)} bytes an event, ${fmtInt(work.bytes / work.bodies.length / 1024)} KB a batch`);

  const results: EngineResult[] = [];
  for (const engine of engines) results.push(await runEngine(engine, work));

  const markdown = report({ events: EVENTS, batch: BATCH, clients: CLIENTS, users: USERS, journeyEvents: JOURNEY_EVENTS, journeyCalls: JOURNEY_CALLS }, work, results, skipped.length ? [skipped.join('\n')] : []);
  const out = process.env.BENCH_OUT ? path.resolve(process.env.BENCH_OUT) : path.join(RESULTS_DIR, 'ingest.md');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, markdown + '\n');
  fs.writeFileSync(
    out.replace(/\.md$/, '') + '.json',
    JSON.stringify({ machine: machine(), settings: { EVENTS, BATCH, CLIENTS, USERS, JOURNEY_EVENTS, JOURNEY_CALLS }, results }, null, 2) + '\n',
  );
  console.log('\n' + markdown);
  log(`written to ${path.relative(ROOT, out)}`);
  return results.some((r) => r.error) ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  console.error('[ingest] failed:', err);
} finally {
  await runCleanups('ingest');
  agent.destroy();
}
process.exit(code);
