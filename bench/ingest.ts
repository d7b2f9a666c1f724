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
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/platform/db/query.ts';
import { openDatabase, type Database } from '../src/platform/db/client.ts';
import { appendEvents, type TrackedEvent } from '../src/journeys/store.ts';
import { toJourneyEvent } from '../src/ingest/segment.ts';
import { ensureWorkspace } from '../src/workspaces/store.ts';
import { makeBatch, makeJourneyBatch, type GeneratorOptions } from './lib/events.ts';
import { httpRequest, intEnv, json, ROOT, sleep, startServer as startBenchServer, type HttpResponse, type Server } from './lib/server.ts';
import {
  commandCpuSeconds,
  contention,
  cpuPressureMicros,
  fmtInt,
  fmtMiB,
  fmtMs,
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

// ---------------------------------------------------------------- cleanup

const cleanups: (() => Promise<void> | void)[] = [];
async function runCleanups(): Promise<void> {
  while (cleanups.length) {
    try {
      await cleanups.pop()!();
    } catch (err) {
      console.error('[ingest] cleanup failed:', err);
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`[ingest] ${signal}: cleaning up`);
    void runCleanups().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------- the data set

interface Workload {
  bodies: Buffer[];
  counts: number[];
  bytes: number;
  generateSeconds: number;
}

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
  cleanups.push(() => server.stop());
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

// ---------------------------------------------------------------- PostgreSQL databases

async function withAdminClient<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_BASE });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A throw-away database on the PostgreSQL server of BENCH_DATABASE_URL, dropped at cleanup. */
async function freshPostgresDatabase(purpose: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `tp_bench_${purpose}_${crypto.randomBytes(4).toString('hex')}`;
  await withAdminClient((c) => c.query(`create database ${name}`));
  const url = new URL(PG_BASE!);
  url.pathname = `/${name}`;
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await withAdminClient((c) => c.query(`drop database if exists ${name} with (force)`));
  };
  if (process.env.BENCH_KEEP && purpose === 'api') log(`BENCH_KEEP: keeping the server's database ${url.toString()}`);
  else cleanups.push(drop);
  return { url: url.toString(), drop };
}

async function postgresSettings(): Promise<string> {
  return withAdminClient(async (c) => {
    const { rows } = await c.query<{ v: string; fsync: string; sc: string; sb: string; wal: string }>(
      `select current_setting('server_version') as v, current_setting('fsync') as fsync, current_setting('synchronous_commit') as sc,
              current_setting('shared_buffers') as sb, current_setting('max_wal_size') as wal`,
    );
    const r = rows[0]!;
    return `PostgreSQL ${r.v} on the same machine (fsync=${r.fsync}, synchronous_commit=${r.sc}, shared_buffers=${r.sb}, max_wal_size=${r.wal})`;
  });
}

function tempDir(purpose: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tp-bench-${purpose}-`));
  if (process.env.BENCH_KEEP && purpose === 'server') log(`BENCH_KEEP: keeping the server's data directory ${dir}`);
  else cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// ---------------------------------------------------------------- raw insert rate

type RawMethod = 'appendEvents';

interface RawResult {
  method: RawMethod;
  clients: number;
  events: number;
  seconds: number;
  rate: number;
  statementP50: number;
  statementP99: number;
  /** CPU of the benchmark process while inserting (PGlite runs inside it), ms per 1,000 rows. */
  clientCpuMsPer1k: number;
  /** CPU of all PostgreSQL processes while inserting, ms per 1,000 rows (PostgreSQL only). */
  postgresCpuMsPer1k?: number;
  cpuPressure: number;
}

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

interface IngestResult {
  events: number;
  batches: number;
  errors: number;
  firstErrors: string[];
  seconds: number;
  rate: number;
  p50: number;
  p99: number;
  max: number;
  serverCpuCores: number;
  postgresCpuCores?: number;
  loadGenCpuCores: number;
  /** Server CPU (and PostgreSQL CPU) per 1,000 events: what an event costs, whatever else runs on the machine. */
  serverCpuMsPer1k: number;
  postgresCpuMsPer1k?: number;
  cpuPressure: number;
  loadAvg: number;
  peakRss: number;
}

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

interface CatchUp {
  /** From the last acknowledged batch until no event is left unprocessed. */
  seconds: number;
  /** Unprocessed events when ingestion ended, as the backlog endpoint counts them. */
  backlogAtEnd: number;
  /** The endpoint stops counting at 100,000: then backlogAtEnd is a floor. */
  backlogCapped: boolean;
  timedOut: boolean;
}

/**
 * Waits until the journey processor has nothing left, asking the server the way an
 * operator would (`GET /api/v1/journeys/backlog`, the bench workspace's pending events),
 * every 500 ms; every 2 s while the count is capped, since each count then reads
 * 100,000 index entries in the thread the processor shares on PGlite.
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

interface JourneyResult {
  events: number;
  entriesSeen: number;
  calls: number;
  all: ReturnType<typeof summary>;
  firstPage: ReturnType<typeof summary>;
  cursorPages: ReturnType<typeof summary>;
  descFirstPage: ReturnType<typeof summary>;
  ingestSeconds: number;
  processSeconds: number;
}

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

interface EngineResult {
  engine: 'pglite' | 'postgres';
  description: string;
  raw: RawResult[];
  api?: IngestResult;
  catchUp?: CatchUp;
  processorRate?: number;
  journey?: JourneyResult;
  peakRssOverall?: number;
  /** Server RSS once started and logged in, before any event. */
  idleRss?: number;
  serverWarnings?: { count: number; first: string[] };
  stored?: { total: number; unprocessed: number; outOfOrder: number };
  error?: string;
}

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
    description: engine === 'pglite' ? `PGlite ${pgliteVersion()} (embedded, data directory on disk, the default)` : await postgresSettings(),
    raw: [],
  };
  const cleanupMark = cleanups.length;
  try {
    // 1. Raw insert rate of the same database, separate data directory / database.
    const rawRuns: [RawMethod, number][] =
      engine === 'pglite'
        ? [['appendEvents', 1]]
        : [['appendEvents', 1], ['appendEvents', CLIENTS]];
    for (const [method, clients] of process.env.BENCH_SKIP_RAW ? [] : rawRuns) {
      const dir = engine === 'pglite' ? tempDir('raw') : undefined;
      const fresh = engine === 'postgres' ? await freshPostgresDatabase(`raw${clients}`) : undefined;
      const database = await openDatabase(fresh ? { databaseUrl: fresh.url, dataDir: '', poolSize: clients + 1 } : { dataDir: dir! });
      try {
        log(`${engine}: raw inserts with ${method}, ${clients} client(s)`);
        result.raw.push(await rawInsert(database, work, clients, method));
      } finally {
        await database.close();
        await fresh?.drop();
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
      }
    }

    // 2. The API, on a fresh database, in a child process.
    const dataDir = engine === 'pglite' ? tempDir('server') : undefined;
    const fresh = engine === 'postgres' ? await freshPostgresDatabase('api') : undefined;
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
    while (cleanups.length > cleanupMark) {
      try {
        await cleanups.pop()!();
      } catch (err) {
        console.error('[ingest] cleanup failed:', err);
      }
    }
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

// ---------------------------------------------------------------- report

const check = (ok: boolean) => (ok ? 'met' : '**not met**');

const pct = (x: number) => (Number.isFinite(x) ? `${Math.round(x * 100)}%` : 'n/a');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const methodLabel = (m: RawMethod) => `\`${m}\` (the server's insert)`;

function bestRaw(r: EngineResult, method: RawMethod): RawResult | undefined {
  return r.raw.filter((x) => x.method === method).reduce<RawResult | undefined>((best, x) => (!best || x.rate > best.rate ? x : best), undefined);
}

function engineSection(r: EngineResult): string {
  const title = r.engine === 'pglite' ? 'PGlite' : 'PostgreSQL';
  const lines = [`### ${title}`, '', r.description, ''];
  if (r.error) {
    lines.push('**The run failed:**', '', '```', r.error.split('\n').slice(0, 30).join('\n'), '```', '');
  }
  const rows: [string, string, string][] = [];
  const a = r.api;
  if (a) {
    rows.push([`API: events through \`/v1/batch\` (${BATCH} a batch, ${CLIENTS} clients, keep-alive)`, `${fmtInt(a.events)} in ${fmtS(a.seconds)}`, '']);
    rows.push(['API: throughput', `**${fmtInt(a.rate)} events/s**`, r.engine === 'postgres' ? `≥ 20,000 events/s on 2 cores: ${check(a.rate >= 20_000)}` : '']);
    rows.push(['API: batch latency p50 / p99 / max', `${fmtMs(a.p50)} / **${fmtMs(a.p99)}** / ${fmtMs(a.max)}`, '']);
    rows.push(['API: failed batches', `${a.errors} of ${fmtInt(a.batches)}`, '']);
    rows.push([
      'API: CPU per 1,000 events (server' + (a.postgresCpuMsPer1k !== undefined && r.engine === 'postgres' ? ' + PostgreSQL' : '') + ')',
      `${fmtMs(a.serverCpuMsPer1k)}` + (a.postgresCpuMsPer1k !== undefined && r.engine === 'postgres' ? ` + ${fmtMs(a.postgresCpuMsPer1k)}` : ''),
      '',
    ]);
    rows.push(['Machine during ingestion: CPU pressure (time some task waited for a core) / load average', `${pct(a.cpuPressure)} / ${a.loadAvg.toFixed(1)}`, '']);
  }
  for (const raw of r.raw) {
    const cpu = `${fmtMs(raw.clientCpuMsPer1k)}${raw.postgresCpuMsPer1k !== undefined ? ` + ${fmtMs(raw.postgresCpuMsPer1k)} PostgreSQL` : ''} CPU per 1,000`;
    rows.push([
      `Raw: ${methodLabel(raw.method)}, ${BATCH}-row statements, ${plural(raw.clients, 'client')}`,
      `${fmtInt(raw.rate)} rows/s (statement p50 ${fmtMs(raw.statementP50)}, p99 ${fmtMs(raw.statementP99)}; ${cpu}; CPU pressure ${pct(raw.cpuPressure)})`,
      '',
    ]);
  }
  const orm = bestRaw(r, 'appendEvents');
  if (a && orm) {
    const ratio = a.rate / orm.rate;
    rows.push([`**API / raw \`appendEvents\`** (best: ${plural(orm.clients, 'client')})`, `**${ratio.toFixed(2)}**`, `≥ 0.5: ${check(ratio >= 0.5)}`]);
  }
  if (a) {
    if (r.idleRss) rows.push(['Server RSS after start, before any event', fmtMiB(r.idleRss), '']);
    rows.push(['Server peak RSS during ingestion (sampled every 200 ms)', fmtMiB(a.peakRss), '']);
    if (r.peakRssOverall) rows.push(['Server peak RSS over the whole run (VmHWM)', fmtMiB(r.peakRssOverall), '']);
    rows.push(['Server CPU during ingestion', `${a.serverCpuCores.toFixed(2)} cores`, '']);
    if (a.postgresCpuCores !== undefined && r.engine === 'postgres') rows.push(['PostgreSQL processes CPU during ingestion', `${a.postgresCpuCores.toFixed(2)} cores`, '']);
    rows.push(['Load generator CPU during ingestion', `${a.loadGenCpuCores.toFixed(2)} cores`, '']);
  }
  if (r.catchUp) {
    const c = r.catchUp;
    rows.push([
      'Journey processor: catch-up after the last batch (until `GET /api/v1/journeys/backlog` counts no pending event)',
      c.timedOut ? `**not caught up after ${fmtS(c.seconds)}**` : `**${fmtS(c.seconds)}**`,
      '',
    ]);
    rows.push(['Journey processor: unprocessed events when ingestion ended', `${c.backlogCapped ? 'over ' : ''}${fmtInt(c.backlogAtEnd)}`, '']);
    if (r.processorRate) rows.push(['Journey processor: events processed per second, ingestion start to caught up', fmtInt(r.processorRate), '']);
  }
  if (r.journey) {
    const j = r.journey;
    rows.push([
      `Journey read: \`GET /api/v1/customers/{id}/journey\`, ${fmtInt(j.events)}-event customer, ${j.calls} sequential calls`,
      `p50 ${fmtMs(j.all.p50)}, **p99 ${fmtMs(j.all.p99)}**, max ${fmtMs(j.all.max)}`,
      `p99 < 50 ms: ${check(j.all.p99 < 50)}`,
    ]);
    rows.push(['&nbsp;&nbsp;first page (limit 100) / pages after a cursor, p99', `${fmtMs(j.firstPage.p99)} / ${fmtMs(j.cursorPages.p99)}`, '']);
    rows.push(['&nbsp;&nbsp;newest first (`order=desc`), 100 calls', `p50 ${fmtMs(j.descFirstPage.p50)}, p99 ${fmtMs(j.descFirstPage.p99)}`, '']);
    rows.push(['&nbsp;&nbsp;entries in the journey (read back in full)', fmtInt(j.entriesSeen), j.entriesSeen === j.events ? '' : `expected ${fmtInt(j.events)}`]);
  }
  if (r.stored) {
    const problems = [r.stored.total === EVENTS ? '' : `expected ${fmtInt(EVENTS)} stored`, r.stored.unprocessed === 0 ? '' : 'expected none unprocessed'].filter(Boolean);
    rows.push([
      'Events processed after an event that arrived later (id order vs processed_at)',
      fmtInt(r.stored.outOfOrder),
      r.stored.outOfOrder === 0 ? '' : 'the processor does not follow arrival order',
    ]);
    rows.push(['Stored load events / unprocessed events (read back after the server stopped)', `${fmtInt(r.stored.total)} / ${fmtInt(r.stored.unprocessed)}`, problems.join('; ')]);
  }
  if (rows.length) {
    lines.push('| Measure | Value | Target |', '|---|---|---|', ...rows.map(([x, y, z]) => `| ${x} | ${y} | ${z} |`), '');
  }
  if (r.serverWarnings?.count) {
    lines.push(`**The server logged ${fmtInt(r.serverWarnings.count)} line(s) at warn level or above**; the first:`, '', '```', ...r.serverWarnings.first, '```', '');
  }
  if (a?.firstErrors.length) lines.push('First errors:', '', ...a.firstErrors.map((e) => `- \`${e.replaceAll('`', "'")}\``), '');
  return lines.join('\n');
}

function report(work: Workload, results: EngineResult[], skipped: string[]): string {
  const m = machine();
  const lines = [
    '## Ingestion and journey reads (`bench/ingest.ts`)',
    '',
    `Machine: ${machineLine()}. The load generator, the server (a child process) and, for PostgreSQL, the database server all run on these ${m.cores} cores${m.cores <= 2 ? ', which were shared with other work during the run: read the figures as a floor' : ''}.`,
    '',
    `Workload: ${fmtInt(EVENTS)} Segment events (45% page, 45% track, 10% identify; 70% with a userId; about ${fmtInt(USERS)} distinct people; unique messageIds), ` +
      `${fmtInt(work.bytes / EVENTS)} bytes an event on average (properties and context as analytics.js sends them), ${fmtInt(work.bytes / work.bodies.length / 1024)} KB a batch. ` +
      `All batch bodies are built before the clock starts. Server started with \`node bin/touchpoint.js start\`, \`TOUCHPOINT_LOG_LEVEL=warn\`, rate limits raised.`,
    '',
    'Reproduce: `BENCH_DATABASE_URL=postgres://… npm run bench` (or `node bin/run-ts.js bench/ingest.ts`; `BENCH_EVENTS`, `BENCH_ENGINES` size the run).',
    '',
  ];
  for (const r of results) lines.push(engineSection(r));
  for (const s of skipped) lines.push(s, '');
  lines.push(
    '#### How the figures are taken',
    '',
    '- **API throughput**: events acknowledged with 200 divided by the wall time from the first request to the last answer; 8 clients each post the next batch as soon as the previous one is answered. The journey processor (identity resolution, touchpoint mapping) runs in the server at the same time, as it does in production; while requests keep arriving it rests after each chunk four times as long as the chunk took (on PGlite, which runs in the server thread, in chunks of 500 events), so the write path gets priority and enrichment lags behind a burst and catches up after it (the catch-up rows).',
    `- **Raw insert rate**: the same batch bodies turned into rows by the server's own \`toJourneyEvent\`, inserted ${BATCH} rows a statement into an empty database of the same engine (a separate PGlite directory inside the benchmark process / a separate PostgreSQL database) with the same schema and indexes. Rows are prepared off the clock; only the inserts are timed. They go through \`appendEvents\`, the server's own insert (one \`INSERT … SELECT … FROM jsonb_array_elements($1) ON CONFLICT DO NOTHING\` a batch, the rows as one JSON parameter, an array of arrays), so the raw figure is what the database takes for exactly the API's rows without HTTP, parsing, validation or the journey processor. **The headline ratio is API ÷ the best raw figure** (for PostgreSQL the better of 1 and ${CLIENTS} clients). PGlite runs one query at a time, so it is measured with one client.`,
    '- **Catch-up**: from the last acknowledged batch until nothing is left to process, asked of the server as an operator would: `GET /api/v1/journeys/backlog` (pending events of the workspace, counted up to 100,000) every 500 ms, every 2 s while the count is over 100,000. The stored count is checked again when the server has stopped (last row of the table). The processor rate is the number of load events divided by the time from the start of ingestion until caught up.',
    `- **Journey reads**: ${fmtInt(JOURNEY_EVENTS)} page/track events for one customer are ingested after the load (so the table holds the full load), processed, then read with a secret key: after 10 untimed warm-up calls, ${JOURNEY_CALLS} sequential calls cycling through the first page (default limit 100) and four more pages following \`nextCursor\`.`,
    '- **Peak RSS** is the server process only (`/proc/<pid>/status`); PostgreSQL\'s own memory is not included. CPU figures are CPU-seconds divided by wall seconds (2.00 = both cores busy). *CPU per 1,000 events* is the CPU time the server (and all PostgreSQL processes) spent per 1,000 events: unlike events/s it barely depends on what else runs on the machine, so it is the figure to compare between runs. *CPU pressure* is the share of the time at least one task on the machine waited for a core (Linux PSI): the higher it is, the more the wall-clock figures understate what 2 free cores would do.',
    '',
  );
  return lines.join('\n');
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

  const markdown = report(work, results, skipped.length ? [skipped.join('\n')] : []);
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
  await runCleanups();
  agent.destroy();
}
process.exit(code);
