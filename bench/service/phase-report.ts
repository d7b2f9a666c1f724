// Phase 3: the service report over every ticket, grouped several ways, and a check of its figures against
// metrics.ts computed from the stored histories.

import { openDatabase } from '../../src/platform/db/client.ts';
import { historiesOf } from '../../src/service/store.ts';
import { policyOf } from '../../src/service/facts.ts';
import { serviceFigures, type ServiceFigures, toHistory } from '../../src/service/metrics.ts';
import { GROUP_BY } from '../../src/service/report.ts';
import { fmtInt, fmtMs, rssSampler, summary } from '../lib/measure.ts';
import { httpRequest, type HttpResponse, type Server, withClient } from '../lib/server.ts';
import { apiAgent, DAY, log, NOW, REPORT_BUDGET_S, REPORT_CALLS, SPAN_DAYS, TIME_ZONE } from './settings.ts';
import { type PhaseLoad, phaseMeter } from './api.ts';

interface ReportCalls {
  groupBy: string;
  calls: number;
  ok: number;
  times: ReturnType<typeof summary>;
  groups: number;
  tickets: number;
  errors: string[];
  budgetHit: boolean;
}

/** The report's figures for all tickets checked against metrics.ts's definitions computed from every history. */
interface ReportCheck {
  tickets: number;
  events: number;
  /** historiesOf over every ticket, in chunks, in the benchmark process. */
  loadMs: number;
  /** serviceFigures (metrics.ts) over those histories. */
  computeMs: number;
  /** Figures where the API's answer differs from the in-process computation. */
  differences: string[];
}

/** The report's own figures for all tickets (groupBy none), to show it computes real ones. */
interface Figures {
  tickets: number;
  solved: number;
  backlog: number;
  reopenRate: number | null;
  oneTouchRate: number | null;
  firstResponseMedianH: number | null;
  firstResponseBusinessMedianH: number | null;
  nextResponseN: number;
  fullResolutionMedianH: number | null;
  /** SLA achievement per target: first response, next response, resolution. */
  slaRates: (number | null)[];
}

interface FiguresJson {
  tickets: number;
  solved: number;
  backlog: number;
  reopenRate: number | null;
  oneTouchRate: number | null;
  calendarHours: { firstResponse: { median: number | null }; nextResponse: { n: number }; fullResolution: { median: number | null } };
  businessHours: { firstResponse: { median: number | null } };
  slaAchievement: Record<string, { rate: number | null }>;
}

function figuresOf(g: FiguresJson): Figures {
  return {
    tickets: g.tickets,
    solved: g.solved,
    backlog: g.backlog,
    reopenRate: g.reopenRate,
    oneTouchRate: g.oneTouchRate,
    firstResponseMedianH: g.calendarHours.firstResponse.median,
    firstResponseBusinessMedianH: g.businessHours.firstResponse.median,
    nextResponseN: g.calendarHours.nextResponse.n,
    fullResolutionMedianH: g.calendarHours.fullResolution.median,
    slaRates: ['firstResponse', 'nextResponse', 'resolution'].map((t) => g.slaAchievement[t]?.rate ?? null),
  };
}

export interface ReportResult {
  from: string;
  to: string;
  variants: ReportCalls[];
  figures?: Figures;
  check?: ReportCheck;
  checkError?: string;
  load: PhaseLoad;
}

export async function reportBench(server: Server, secretKey: string, rss: ReturnType<typeof rssSampler>): Promise<ReportResult> {
  const from = new Date(NOW - (SPAN_DAYS + 1) * DAY).toISOString();
  const to = new Date().toISOString();
  const headers = { authorization: `Bearer ${secretKey}` };
  const meter = phaseMeter(server, rss);
  const variants: ReportCalls[] = [];
  let figures: Figures | undefined;
  for (const groupBy of GROUP_BY) {
    const q = `/api/v1/reports/service?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&groupBy=${groupBy}`;
    const call = async () => {
      const t = performance.now();
      let res: HttpResponse;
      try {
        res = await httpRequest(server.port, 'GET', q, headers, undefined, { agent: apiAgent, timeoutMs: 900_000 });
      } catch (err) {
        res = { status: 0, text: String(err), headers: {} };
      }
      return { ms: performance.now() - t, res };
    };
    // One untimed warm-up call, unless it is so slow that warming up makes no difference.
    const warm = await call();
    log(`  report groupBy=${groupBy}: warm-up ${warm.res.status} in ${fmtMs(warm.ms)}`);
    const times: number[] = [];
    const errors: string[] = [];
    let groups = 0;
    let tickets = 0;
    let ok = 0;
    const budgetEnd = performance.now() + REPORT_BUDGET_S * 1000;
    let budgetHit = false;
    if (warm.ms > 10_000 && warm.res.status === 200) {
      times.push(warm.ms);
      ok++;
    }
    for (let i = times.length; i < REPORT_CALLS; i++) {
      if (performance.now() > budgetEnd) {
        budgetHit = true;
        break;
      }
      const r = await call();
      times.push(r.ms);
      if (r.res.status === 200) {
        ok++;
        const body = JSON.parse(r.res.text) as { groups: (FiguresJson & { tickets: number })[] };
        groups = body.groups.length;
        tickets = body.groups.reduce((s, g) => s + g.tickets, 0);
        if (groupBy === 'none' && body.groups[0]) figures = figuresOf(body.groups[0]);
      } else {
        if (errors.length < 3) errors.push(`${r.res.status} ${r.res.text.slice(0, 300)}`);
        if (errors.length >= 3) break;
      }
    }
    if (warm.res.status === 200 && tickets === 0) {
      const body = JSON.parse(warm.res.text) as { groups: (FiguresJson & { tickets: number })[] };
      groups = body.groups.length;
      tickets = body.groups.reduce((s, g) => s + g.tickets, 0);
      if (groupBy === 'none' && body.groups[0]) figures = figuresOf(body.groups[0]);
    } else if (warm.res.status !== 200 && errors.length === 0) errors.push(`${warm.res.status} ${warm.res.text.slice(0, 300)}`);
    const s = summary(times);
    log(`  report groupBy=${groupBy}: ${times.length} calls (${ok} ok), p50 ${fmtMs(s.p50)}, p99 ${fmtMs(s.p99)}${errors.length ? `; error: ${errors[0]}` : ''}`);
    variants.push({ groupBy, calls: times.length, ok, times: s, groups, tickets, errors, budgetHit });
  }
  return { from, to, variants, figures, load: meter() };
}

/**
 * The check: every ticket's history loaded in the benchmark process (the server's
 * historiesOf, in chunks), the figures computed by metrics.ts's serviceFigures
 * (the definitions the tests pin), compared with what the API answered.
 */
export async function reportCheck(url: string, workspaceId: string, fromIso: string, toIso: string, api: ServiceFigures, asOf: number): Promise<ReportCheck> {
  const database = await openDatabase({ databaseUrl: url, dataDir: 'unused', poolSize: 2 });
  try {
    const ids = await withClient(url, async (c) =>
      (await c.query<{ id: string }>('select id from tickets where workspace_id = $1 and created_at >= $2 and created_at < $3 order by id', [workspaceId, fromIso, toIso])).rows.map((r) => r.id),
    );
    const t0 = performance.now();
    const histories = [];
    for (let i = 0; i < ids.length; i += 5_000) histories.push(...(await historiesOf(database.db, ids.slice(i, i + 5_000))).map((h) => ({ history: toHistory(h), priority: h.ticket.priority })));
    const loadMs = performance.now() - t0;
    const policy = await policyOf(database.db, workspaceId, TIME_ZONE);
    const t1 = performance.now();
    // SLA clocks still running are judged at the instant the API judged them (its asOf).
    const expected = serviceFigures(histories, policy, asOf);
    const computeMs = performance.now() - t1;
    const differences: string[] = [];
    const compare = (path: string, a: unknown, b: unknown) => {
      if (a && typeof a === 'object') for (const k of Object.keys(a)) compare(`${path}.${k}`, (a as Record<string, unknown>)[k], (b as Record<string, unknown> | undefined)?.[k]);
      else if (a !== b) differences.push(`${path.slice(1)}: API ${String(b)}, computed ${String(a)}`);
    };
    compare('', expected, api);
    log(`  check: ${fmtInt(histories.length)} histories loaded in ${fmtMs(loadMs)}, figures computed in ${fmtMs(computeMs)}; ${differences.length ? `differences: ${differences.join('; ')}` : 'the API agrees'}`);
    return { tickets: histories.length, events: histories.reduce((n, h) => n + h.history.events.length, 0), loadMs, computeMs, differences };
  } finally {
    await database.close();
  }
}
