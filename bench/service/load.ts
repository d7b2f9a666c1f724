// Bulk-loading the history into PostgreSQL with SQL, and the server's own backfill of the report's per-ticket facts (timed).

import crypto from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../../src/platform/db/client.ts';
import { hashPassword, randomToken, sha256 } from '../../src/platform/auth/secrets.ts';
import { fillFacts, policyOf } from '../../src/service/facts.ts';
import { commandCpuSeconds, contention, fmtInt, fmtS, summary } from '../lib/measure.ts';
import { withClient } from '../lib/server.ts';
import { AGENT_PASSWORD, ASSIGNEES, BATCH_TICKETS, CUSTOMERS, DAY, log, NOW, SPAN_DAYS, TICKETS, TIME_ZONE, WS_AGENTS } from './settings.ts';
import { type Batch, FIRST_NAMES, type Ids, LAST_NAMES, makePlan, makeTicket, pick, randInt } from './history.ts';

const INSERT_TICKETS = `
  insert into tickets (id, workspace_id, number, customer_id, subject, status, priority, channel, team_id, assignee_id, tags, custom_fields,
                       created_at, updated_at, first_response_at, solved_at, closed_at)
  select x.id, $2, x.n, x.c, x.s, x.st, x.p, x.ch, x.tm, x.a, array(select jsonb_array_elements_text(x.tg)), coalesce(x.cf, '{}'::jsonb),
         to_timestamp(x.ca / 1000.0), to_timestamp(x.ua / 1000.0), to_timestamp(x.fr / 1000.0), to_timestamp(x.sa / 1000.0), to_timestamp(x.clo / 1000.0)
  from jsonb_to_recordset($1::jsonb) as x(id uuid, n int, c uuid, s text, st text, p text, ch text, tm uuid, a uuid, tg jsonb, cf jsonb,
                                          ca float8, ua float8, fr float8, sa float8, clo float8)`;
const INSERT_MESSAGES = `
  insert into ticket_messages (id, workspace_id, ticket_id, author_kind, author_user_id, public, channel, body_text, from_address,
                               email_message_id, in_reply_to, delivery, call, sent_at, created_at)
  select x.id, $2, x.t, x.k, x.u, x.pb, x.ch, x.b, x.f, x.e, x.irt, x.d, x.call,
         case when x.d is not null then to_timestamp(x.at / 1000.0) end, to_timestamp(x.at / 1000.0)
  from jsonb_to_recordset($1::jsonb) as x(id uuid, t uuid, k text, u uuid, pb boolean, ch text, b text, f text, e text, irt text, d text, call jsonb, at float8)`;
const INSERT_EVENTS = `
  insert into ticket_events (workspace_id, ticket_id, actor_kind, actor_id, type, from_value, to_value, at)
  select $2, x.t, x.ak, x.ai, x.ty, x.fv, x.tv, to_timestamp(x.at / 1000.0)
  from jsonb_to_recordset($1::jsonb) as x(t uuid, ak text, ai text, ty text, fv jsonb, tv jsonb, at float8)
  order by x.at`;

export interface LoadResult {
  seconds: number;
  vacuumSeconds: number;
  tickets: number;
  messages: number;
  events: number;
  customers: number;
  agents: number;
  shape: DataShape;
}

interface DataShape {
  byStatus: Record<string, number>;
  byChannel: Record<string, number>;
  messagesByKind: Record<string, number>;
  eventsByType: Record<string, number>;
  perTicket: { min: number; p50: number; p90: number; max: number };
  span: { from: string; to: string };
  bodyChars: number;
  topAssigneeTickets: number;
  tableMiB: Record<string, number>;
}

async function countBy(c: pg.Client, query: string): Promise<Record<string, number>> {
  const { rows } = await c.query<{ k: string; n: string }>(query);
  return Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]));
}

/**
 * Customers, 200 agents (20 of whom work the tickets), three teams (manual routing,
 * so no routing job reshuffles the history), the ticket counter, then the tickets
 * with their messages and events, 1,000 tickets a batch on two connections; then
 * VACUUM ANALYZE, as autovacuum would have done over two years.
 */
export async function loadData(url: string, workspaceId: string): Promise<{ load: LoadResult; agents: { id: string; email: string; token: string }[]; assignees: string[] }> {
  const t0 = performance.now();
  const conns = [new pg.Client({ connectionString: url }), new pg.Client({ connectionString: url })];
  await Promise.all(conns.map((c) => c.connect()));
  const c = conns[0]!;
  try {
    // People: one password hash for all (computed as the server does), so login works for any of them.
    const passwordHash = await hashPassword(AGENT_PASSWORD);
    const agents = Array.from({ length: Math.max(WS_AGENTS, ASSIGNEES) }, (_, i) => ({
      id: crypto.randomUUID(),
      email: `agent${String(i + 1).padStart(3, '0')}@bench.touchpoint.test`,
      name: `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]} (agent ${i + 1})`,
      token: randomToken(''),
    }));
    await c.query(
      `insert into users (id, email, name, password_hash) select x.id, x.email, x.name, $2 from jsonb_to_recordset($1::jsonb) as x(id uuid, email text, name text)`,
      [JSON.stringify(agents), passwordHash],
    );
    await c.query(`insert into memberships (user_id, workspace_id, role) select x.id, $2, 'agent' from jsonb_to_recordset($1::jsonb) as x(id uuid)`, [JSON.stringify(agents), workspaceId]);
    // Sessions exactly as POST /auth/login writes them (SHA-256 of the cookie's token).
    await c.query(
      `insert into sessions (token_hash, user_id, workspace_id) select x.h, x.id, $2 from jsonb_to_recordset($1::jsonb) as x(h text, id uuid)`,
      [JSON.stringify(agents.map((a) => ({ h: sha256(a.token), id: a.id }))), workspaceId],
    );
    const teams = ['Tier 1', 'Billing', 'Technical'].map((name) => ({ id: crypto.randomUUID(), name }));
    await c.query(`insert into teams (id, workspace_id, name, routing) select x.id, $2, x.name, 'manual' from jsonb_to_recordset($1::jsonb) as x(id uuid, name text)`, [JSON.stringify(teams), workspaceId]);
    const assignees = agents.slice(0, ASSIGNEES);
    await c.query(`insert into team_members (team_id, user_id, workspace_id) select x.t, x.u, $2 from jsonb_to_recordset($1::jsonb) as x(t uuid, u uuid)`, [
      JSON.stringify(assignees.map((a, i) => ({ t: teams[i % 3]!.id, u: a.id }))),
      workspaceId,
    ]);

    const customers = Array.from({ length: CUSTOMERS }, (_, i) => {
      const first = pick(FIRST_NAMES);
      const last = pick(LAST_NAMES);
      return { id: crypto.randomUUID(), name: `${first} ${last}`, email: `${first}.${last}.${i}@example-mail.net`.toLowerCase().normalize('NFKD').replace(/[^\x00-\x7f]/g, ''), seen: NOW - SPAN_DAYS * DAY - randInt(0, 365) * DAY };
    });
    for (let s = 0; s < customers.length; s += 10_000) {
      const part = JSON.stringify(customers.slice(s, s + 10_000));
      await c.query(
        `insert into customers (id, workspace_id, name, email, first_seen_at, last_seen_at, created_at, updated_at)
         select x.id, $2, x.name, x.email, to_timestamp(x.seen / 1000.0), to_timestamp(x.seen / 1000.0), to_timestamp(x.seen / 1000.0), to_timestamp(x.seen / 1000.0)
         from jsonb_to_recordset($1::jsonb) as x(id uuid, name text, email text, seen float8)`,
        [part, workspaceId],
      );
      await c.query(
        `insert into customer_identities (workspace_id, kind, value, customer_id, created_at)
         select $2, 'email', x.email, x.id, to_timestamp(x.seen / 1000.0) from jsonb_to_recordset($1::jsonb) as x(id uuid, email text, seen float8)`,
        [part, workspaceId],
      );
    }
    log(`  ${fmtInt(agents.length)} agents with sessions, 3 teams, ${fmtInt(customers.length)} customers`);

    const cumulative: number[] = [];
    let acc = 0;
    for (let i = 0; i < assignees.length; i++) cumulative.push((acc += 1 / Math.sqrt(i + 1)));
    const ids: Ids = { workspaceId, assignees, assigneeWeights: cumulative, teams: teams.map((t) => t.id), customers };
    const plan = makePlan();
    let stored = { tickets: 0, messages: 0, events: 0 };
    const inFlight = new Set<Promise<void>>();
    let nextConn = 0;
    let lastReport = performance.now();
    for (let start = 0; start < TICKETS; start += BATCH_TICKETS) {
      const batch: Batch = { tickets: [], messages: [], events: [] };
      for (let i = start; i < Math.min(TICKETS, start + BATCH_TICKETS); i++) makeTicket(i, plan, ids, batch);
      const conn = conns[nextConn++ % conns.length]!;
      const job = (async () => {
        await conn.query('begin');
        await conn.query(INSERT_TICKETS, [JSON.stringify(batch.tickets), workspaceId]);
        await conn.query(INSERT_MESSAGES, [JSON.stringify(batch.messages), workspaceId]);
        await conn.query(INSERT_EVENTS, [JSON.stringify(batch.events), workspaceId]);
        await conn.query('commit');
        stored = { tickets: stored.tickets + batch.tickets.length, messages: stored.messages + batch.messages.length, events: stored.events + batch.events.length };
      })();
      inFlight.add(job);
      void job.finally(() => inFlight.delete(job)).catch(() => {});
      // One statement sequence per connection at a time.
      if (inFlight.size >= conns.length) await Promise.race(inFlight);
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        const s = (performance.now() - t0) / 1000;
        log(`  ${fmtInt(stored.tickets)} tickets, ${fmtInt(stored.messages)} messages, ${fmtInt(stored.events)} events in ${fmtS(s)}`);
      }
    }
    await Promise.all(inFlight);
    await c.query(`insert into counters (workspace_id, name, value) values ($1, 'ticket', $2) on conflict (workspace_id, name) do update set value = excluded.value`, [
      workspaceId,
      1000 + TICKETS - 1,
    ]);
    const loaded = (performance.now() - t0) / 1000;
    log(`  loaded ${fmtInt(stored.tickets)} tickets, ${fmtInt(stored.messages)} messages, ${fmtInt(stored.events)} events in ${fmtS(loaded)}; VACUUM ANALYZE…`);
    const v0 = performance.now();
    await c.query('vacuum (analyze) tickets, ticket_messages, ticket_events, customers, customer_identities, users, memberships, sessions, teams, team_members');
    const vacuumSeconds = (performance.now() - v0) / 1000;

    const count = async (q: string) => Number((await c.query<{ n: string }>(q)).rows[0]!.n);
    const perTicket = (await c.query<{ min: number; p50: number; p90: number; max: number }>(
      `select min(n)::int as min, percentile_disc(0.5) within group (order by n)::int as p50, percentile_disc(0.9) within group (order by n)::int as p90, max(n)::int as max
       from (select count(*) as n from ticket_messages group by ticket_id) s`,
    )).rows[0]!;
    const span = (await c.query<{ a: Date; b: Date }>('select min(created_at) as a, max(created_at) as b from tickets')).rows[0]!;
    const tableMiB: Record<string, number> = {};
    for (const t of ['tickets', 'ticket_messages', 'ticket_events']) tableMiB[t] = (await count(`select pg_total_relation_size('${t}') as n`)) / 1024 ** 2;
    const shape: DataShape = {
      byStatus: await countBy(c, 'select status as k, count(*) as n from tickets group by 1 order by 2 desc'),
      byChannel: await countBy(c, 'select channel as k, count(*) as n from tickets group by 1 order by 2 desc'),
      messagesByKind: await countBy(c, `select case when author_kind = 'customer' then 'customer' when public then 'agent reply' else 'internal note' end as k, count(*) as n from ticket_messages group by 1 order by 2 desc`),
      eventsByType: await countBy(c, 'select type as k, count(*) as n from ticket_events group by 1 order by 2 desc'),
      perTicket,
      span: { from: span.a.toISOString().slice(0, 10), to: span.b.toISOString().slice(0, 10) },
      bodyChars: await count('select avg(length(body_text))::int as n from ticket_messages'),
      topAssigneeTickets: await count('select max(n) as n from (select count(*) as n from tickets where assignee_id is not null group by assignee_id) s'),
      tableMiB,
    };
    return {
      load: {
        seconds: loaded,
        vacuumSeconds,
        tickets: await count('select count(*) as n from tickets'),
        messages: await count('select count(*) as n from ticket_messages'),
        events: await count('select count(*) as n from ticket_events'),
        customers: await count('select count(*) as n from customers'),
        agents: agents.length,
        shape,
      },
      agents,
      assignees: assignees.map((a) => a.id),
    };
  } finally {
    await Promise.all(conns.map((x) => x.end()));
  }
}

export interface BackfillResult {
  tickets: number;
  seconds: number;
  /** Per chunk (one transaction): how long its tickets stay locked against changes. */
  chunks: ReturnType<typeof summary>;
  benchCpuCores: number;
  postgresCpuCores: number;
  cpuPressure: number;
  loadAvg: number;
  analyzeSeconds: number;
  factsMiB: number;
}

/**
 * The report's facts for the loaded tickets, by the server's own backfill
 * (src/service/facts.ts fillFacts, chunk after chunk as its job does, in this
 * process), then ANALYZE as autovacuum would.
 */
export async function backfillFacts(url: string, workspaceId: string): Promise<BackfillResult> {
  const database = await openDatabase({ databaseUrl: url, dataDir: 'unused', poolSize: 2 });
  try {
    const policy = await policyOf(database.db, workspaceId, TIME_ZONE);
    const cpu0 = process.cpuUsage();
    const pg0 = commandCpuSeconds('postgres');
    const machineLoad = contention();
    const t0 = performance.now();
    const chunks: number[] = [];
    let tickets = 0;
    let lastLog = t0;
    for (let after: string | undefined; ; ) {
      const t = performance.now();
      const { filled, last } = await fillFacts(database.db, workspaceId, policy, after);
      chunks.push(performance.now() - t);
      tickets += filled;
      if (filled === 0) break;
      after = last;
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        log(`  ${fmtInt(tickets)} tickets' facts in ${fmtS((lastLog - t0) / 1000)}`);
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const pgCpu = commandCpuSeconds('postgres') - pg0;
    const load = machineLoad();
    return withClient(url, async (c) => {
      const a0 = performance.now();
      await c.query('analyze ticket_facts');
      const size = Number((await c.query<{ n: string }>(`select pg_total_relation_size('ticket_facts') as n`)).rows[0]!.n);
      return {
        tickets,
        seconds,
        chunks: summary(chunks),
        benchCpuCores: (cpu.user + cpu.system) / 1e6 / seconds,
        postgresCpuCores: pgCpu / seconds,
        cpuPressure: load.cpuPressure,
        loadAvg: load.loadAvg,
        analyzeSeconds: (performance.now() - a0) / 1000,
        factsMiB: size / 1024 ** 2,
      };
    });
  } finally {
    await database.close();
  }
}
