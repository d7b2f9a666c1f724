// The ingestion benchmark's results and its section of the results file
// (bench/ingest.ts measures; this writes what it measured down).

import { fmtInt, fmtMiB, fmtMs, fmtS, machine, machineLine, type summary } from './measure.ts';

export interface Workload {
  bodies: Buffer[];
  counts: number[];
  bytes: number;
  generateSeconds: number;
}

export type RawMethod = 'appendEvents';

export interface RawResult {
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

export interface IngestResult {
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

export interface CatchUp {
  /** From the last acknowledged batch until no event is left unprocessed. */
  seconds: number;
  /** Unprocessed events when ingestion ended, as the backlog endpoint counts them. */
  backlogAtEnd: number;
  /** The endpoint stops counting at 10,000: then backlogAtEnd is a floor. */
  backlogCapped: boolean;
  timedOut: boolean;
}

export interface JourneyResult {
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

export interface EngineResult {
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

const check = (ok: boolean) => (ok ? 'met' : '**not met**');

const pct = (x: number) => (Number.isFinite(x) ? `${Math.round(x * 100)}%` : 'n/a');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const methodLabel = (m: RawMethod) => `\`${m}\` (the server's insert)`;

export function bestRaw(r: EngineResult, method: RawMethod): RawResult | undefined {
  return r.raw.filter((x) => x.method === method).reduce<RawResult | undefined>((best, x) => (!best || x.rate > best.rate ? x : best), undefined);
}

function engineSection(r: EngineResult, { events: EVENTS, batch: BATCH, clients: CLIENTS }: IngestSettings): string {
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

/** The sizes of a run, as the report states them. */
export interface IngestSettings {
  events: number;
  batch: number;
  clients: number;
  users: number;
  journeyEvents: number;
  journeyCalls: number;
}

/** The results file's section: one table per engine and how each figure is taken. */
export function report(settings: IngestSettings, work: Workload, results: EngineResult[], skipped: string[]): string {
  const { events: EVENTS, batch: BATCH, clients: CLIENTS, users: USERS, journeyEvents: JOURNEY_EVENTS, journeyCalls: JOURNEY_CALLS } = settings;
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
  for (const r of results) lines.push(engineSection(r, settings));
  for (const s of skipped) lines.push(s, '');
  lines.push(
    '#### How the figures are taken',
    '',
    '- **API throughput**: events acknowledged with 200 divided by the wall time from the first request to the last answer; 8 clients each post the next batch as soon as the previous one is answered. The journey processor (identity resolution, touchpoint mapping) runs in the server at the same time, as it does in production; while requests keep arriving it rests after each chunk four times as long as the chunk took (on PGlite, which runs in the server thread, in chunks of 500 events), so the write path gets priority and enrichment lags behind a burst and catches up after it (the catch-up rows).',
    `- **Raw insert rate**: the same batch bodies turned into rows by the server's own \`toJourneyEvent\`, inserted ${BATCH} rows a statement into an empty database of the same engine (a separate PGlite directory inside the benchmark process / a separate PostgreSQL database) with the same schema and indexes. Rows are prepared off the clock; only the inserts are timed. They go through \`appendEvents\`, the server's own insert (one \`INSERT … SELECT … FROM jsonb_array_elements($1) ON CONFLICT DO NOTHING\` a batch, the rows as one JSON parameter, an array of arrays), so the raw figure is what the database takes for exactly the API's rows without HTTP, parsing, validation or the journey processor. **The headline ratio is API ÷ the best raw figure** (for PostgreSQL the better of 1 and ${CLIENTS} clients). PGlite runs one query at a time, so it is measured with one client.`,
    '- **Catch-up**: from the last acknowledged batch until nothing is left to process, asked of the server as an operator would: `GET /api/v1/journeys/backlog` (pending events of the workspace, counted up to 10,000) every 500 ms, every 2 s while the count is over 10,000. The stored count is checked again when the server has stopped (last row of the table). The processor rate is the number of load events divided by the time from the start of ingestion until caught up.',
    `- **Journey reads**: ${fmtInt(JOURNEY_EVENTS)} page/track events for one customer are ingested after the load (so the table holds the full load), processed, then read with a secret key: after 10 untimed warm-up calls, ${JOURNEY_CALLS} sequential calls cycling through the first page (default limit 100) and four more pages following \`nextCursor\`.`,
    '- **Peak RSS** is the server process only (`/proc/<pid>/status`); PostgreSQL\'s own memory is not included. CPU figures are CPU-seconds divided by wall seconds (2.00 = both cores busy). *CPU per 1,000 events* is the CPU time the server (and all PostgreSQL processes) spent per 1,000 events: unlike events/s it barely depends on what else runs on the machine, so it is the figure to compare between runs. *CPU pressure* is the share of the time at least one task on the machine waited for a core (Linux PSI): the higher it is, the more the wall-clock figures understate what 2 free cores would do.',
    '',
  );
  return lines.join('\n');
}
