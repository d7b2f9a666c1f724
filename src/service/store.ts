import crypto from 'node:crypto';
import { and, asc, desc, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/client.ts';
import { momentsTable, queryRows } from '../platform/db/query.ts';
import { counters, slaPolicies, ticketAttachments, ticketEvents, ticketFacts, ticketMessages, tickets } from './schema.ts';
import type { SlaPolicy } from './sla/policy.ts';
import { summaryInHours, type GroupFacts, type Summary } from './metrics.ts';
import type { GroupBy } from './report.ts';

export type Ticket = typeof tickets.$inferSelect;
export type TicketMessage = typeof ticketMessages.$inferSelect;
export type TicketEvent = typeof ticketEvents.$inferSelect;
export type NewTicket = typeof tickets.$inferInsert;
export type NewMessage = typeof ticketMessages.$inferInsert;
export type NewTicketFacts = typeof ticketFacts.$inferInsert;

/** The next number of a per-workspace sequence; the row lock serialises concurrent callers. */
export async function nextNumber(db: Db, workspaceId: string, name: string): Promise<number> {
  const rows = await queryRows<{ value: number }>(
    db,
    sql`insert into counters (workspace_id, name, value) values (${workspaceId}, ${name}, 1000)
        on conflict (workspace_id, name) do update set value = counters.value + 1
        returning value`,
  );
  return rows[0]!.value;
}

export async function insertTicket(db: Db, ticket: NewTicket): Promise<Ticket> {
  const [row] = await db.insert(tickets).values(ticket).returning();
  return row!;
}

export async function getTicket(db: Db, workspaceId: string, id: string, forUpdate = false): Promise<Ticket | undefined> {
  const query = db.select().from(tickets).where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, id)));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function findTicketByNumber(db: Db, workspaceId: string, number: number): Promise<Ticket | undefined> {
  const [row] = await db.select().from(tickets).where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.number, number)));
  return row;
}

export async function updateTicketRow(db: Db, workspaceId: string, id: string, patch: Partial<NewTicket>): Promise<Ticket> {
  const [row] = await db
    .update(tickets)
    .set({ updatedAt: new Date(), ...patch })
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, id)))
    .returning();
  return row!;
}

export async function insertMessage(db: Db, message: NewMessage): Promise<TicketMessage> {
  const [row] = await db.insert(ticketMessages).values(message).returning();
  return row!;
}

export async function insertAttachments(db: Db, workspaceId: string, messageId: string, files: { filename: string; contentType: string; content: Buffer }[]): Promise<void> {
  if (files.length === 0) return;
  await db.insert(ticketAttachments).values(
    files.map((f) => ({ id: crypto.randomUUID(), workspaceId, messageId, filename: f.filename, contentType: f.contentType, size: f.content.length, content: f.content })),
  );
}

export async function attachmentsOf(db: Db, messageIds: string[]) {
  if (messageIds.length === 0) return [];
  return db
    .select({ id: ticketAttachments.id, messageId: ticketAttachments.messageId, filename: ticketAttachments.filename, contentType: ticketAttachments.contentType, size: ticketAttachments.size })
    .from(ticketAttachments)
    .where(inArray(ticketAttachments.messageId, messageIds));
}

/** An attachment of a message of this ticket: an id under another ticket's path is not found. */
export async function getAttachment(db: Db, workspaceId: string, ticketId: string, id: string) {
  const [row] = await db
    .select(getTableColumns(ticketAttachments))
    .from(ticketAttachments)
    .innerJoin(ticketMessages, eq(ticketMessages.id, ticketAttachments.messageId))
    .where(and(eq(ticketAttachments.workspaceId, workspaceId), eq(ticketAttachments.id, id), eq(ticketMessages.ticketId, ticketId)));
  return row;
}

export async function messagesOf(db: Db, ticketId: string): Promise<TicketMessage[]> {
  return db.select().from(ticketMessages).where(eq(ticketMessages.ticketId, ticketId)).orderBy(asc(ticketMessages.createdAt), asc(ticketMessages.id));
}

export async function getMessage(db: Db, id: string): Promise<TicketMessage | undefined> {
  const [row] = await db.select().from(ticketMessages).where(eq(ticketMessages.id, id));
  return row;
}

/**
 * Of these messages, the ones that opened what their customer asked: the first
 * customer message of each ticket, by id → text (other messages are left out).
 * For insights, which read what customers write without reading this domain's tables.
 */
export async function openingCustomerTexts(db: Db, workspaceId: string, messageIds: string[]): Promise<Map<string, string>> {
  if (messageIds.length === 0) return new Map();
  const rows = await queryRows<{ id: string; body: string }>(
    db,
    sql`select m.id, m.body_text as body from ticket_messages m
        where m.workspace_id = ${workspaceId} and m.id in (${sql.join(messageIds.map((id) => sql`${id}::uuid`), sql`, `)})
          and m.id = (select f.id from ticket_messages f where f.ticket_id = m.ticket_id and f.author_kind = 'customer' and f.public
                      order by f.created_at, f.id limit 1)`,
  );
  return new Map(rows.map((r) => [r.id, r.body]));
}

export async function setDelivery(db: Db, id: string, delivery: string, sentAt: Date | null = null): Promise<void> {
  await db.update(ticketMessages).set({ delivery, sentAt }).where(eq(ticketMessages.id, id));
}

/** The ticket a mail replies to, by the Message-IDs it names (In-Reply-To, References). */
export async function findTicketByEmailIds(db: Db, workspaceId: string, messageIds: string[]): Promise<Ticket | undefined> {
  if (messageIds.length === 0) return undefined;
  const [row] = await db
    .select({ ticket: tickets })
    .from(ticketMessages)
    .innerJoin(tickets, eq(tickets.id, ticketMessages.ticketId))
    .where(and(eq(ticketMessages.workspaceId, workspaceId), inArray(ticketMessages.emailMessageId, messageIds)))
    .orderBy(desc(ticketMessages.createdAt))
    .limit(1);
  return row?.ticket;
}

export async function hasEmailMessage(db: Db, workspaceId: string, emailMessageId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: ticketMessages.id })
    .from(ticketMessages)
    .where(and(eq(ticketMessages.workspaceId, workspaceId), eq(ticketMessages.emailMessageId, emailMessageId)));
  return Boolean(row);
}

export async function insertEvents(db: Db, events: (typeof ticketEvents.$inferInsert)[]): Promise<void> {
  if (events.length > 0) await db.insert(ticketEvents).values(events);
}

export async function eventsOf(db: Db, ticketId: string): Promise<TicketEvent[]> {
  return db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(asc(ticketEvents.at), asc(ticketEvents.id));
}

export interface TicketFilter {
  status?: string[];
  assigneeId?: string | null;
  teamId?: string;
  customerIds?: string[];
  tag?: string;
  after?: { updatedAt: string; id: string };
  limit: number;
}

/** Most recently updated first, keyset-paginated on (updated_at, id). */
export async function listTickets(db: Db, workspaceId: string, f: TicketFilter): Promise<Ticket[]> {
  const where: SQL[] = [eq(tickets.workspaceId, workspaceId)];
  if (f.status?.length) where.push(inArray(tickets.status, f.status as Ticket['status'][]));
  if (f.assigneeId === null) where.push(sql`${tickets.assigneeId} is null`);
  else if (f.assigneeId) where.push(eq(tickets.assigneeId, f.assigneeId));
  if (f.teamId) where.push(eq(tickets.teamId, f.teamId));
  if (f.customerIds) where.push(f.customerIds.length ? inArray(tickets.customerId, f.customerIds) : sql`false`);
  if (f.tag) where.push(sql`${f.tag} = any(${tickets.tags})`);
  if (f.after) where.push(sql`(${tickets.updatedAt}, ${tickets.id}) < (${f.after.updatedAt}::timestamptz, ${f.after.id}::uuid)`);
  return db.select().from(tickets).where(and(...where)).orderBy(desc(tickets.updatedAt), desc(tickets.id)).limit(f.limit);
}

/** Kept by the SLA timer; not a change of the ticket, so updated_at stays. */
export async function setSlaDue(db: Db, ticketId: string, due: Date | null): Promise<void> {
  await db.update(tickets).set({ slaDueAt: due }).where(eq(tickets.id, ticketId));
}

/** Unsolved tickets whose earliest SLA deadline falls before `before` (breached ones too), most urgent first. */
export async function listSlaAtRisk(db: Db, workspaceId: string, before: Date, limit: number): Promise<Ticket[]> {
  return db
    .select()
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), sql`${tickets.slaDueAt} <= ${before.toISOString()}::timestamptz`, inArray(tickets.status, ['new', 'open', 'pending', 'on-hold'])))
    .orderBy(asc(tickets.slaDueAt), asc(tickets.id))
    .limit(limit);
}

/** A customers/ merge handler: the surviving profile takes the tickets. */
export async function reassignTickets(db: Db, workspaceId: string, fromId: string, intoId: string): Promise<void> {
  await db.update(tickets).set({ customerId: intoId }).where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.customerId, fromId)));
}

/** A ticket's history as stored (metrics.ts toHistory reads it). */
export interface HistoryRow {
  ticket: Pick<Ticket, 'id' | 'workspaceId' | 'createdAt' | 'status' | 'channel' | 'priority' | 'teamId' | 'assigneeId' | 'tags'>;
  events: Pick<TicketEvent, 'type' | 'at' | 'fromValue' | 'toValue'>[];
}

const idList = (ids: string[]) => sql`(select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`;

/** The histories of these tickets, one row each with its events as JSON: decoding a row per event is what made the old report slow. */
export async function historiesOf(db: Db, ticketIds: string[]): Promise<HistoryRow[]> {
  if (ticketIds.length === 0) return [];
  type Row = { id: string; workspace_id: string; created_at: string | Date; status: Ticket['status']; channel: Ticket['channel']; priority: Ticket['priority'] };
  const rows = await queryRows<Row & { team_id: string | null; assignee_id: string | null; tags: string[]; events: [string, string, unknown, unknown][] }>(
    db,
    sql`select t.id, t.workspace_id, t.created_at, t.status, t.channel, t.priority, t.team_id, t.assignee_id, t.tags,
               coalesce((select json_agg(json_build_array(e.type, e.at, e.from_value, e.to_value) order by e.at, e.id)
                         from ticket_events e where e.ticket_id = t.id), '[]') as events
        from tickets t where t.id in ${idList(ticketIds)} order by t.id`,
  );
  return rows.map((r) => ({
    ticket: { id: r.id, workspaceId: r.workspace_id, createdAt: new Date(r.created_at), status: r.status, channel: r.channel, priority: r.priority, teamId: r.team_id, assigneeId: r.assignee_id, tags: r.tags },
    events: r.events.map(([type, at, fromValue, toValue]) => ({ type, at: new Date(at), fromValue, toValue })),
  }));
}

/** Inserts or replaces tickets' report facts. */
export async function saveTicketFacts(db: Db, rows: NewTicketFacts[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.entries(getTableColumns(ticketFacts)).filter(([key]) => key !== 'ticketId');
  await db
    .insert(ticketFacts)
    .values(rows)
    .onConflictDoUpdate({ target: ticketFacts.ticketId, set: Object.fromEntries(columns.map(([key, column]) => [key, sql.raw(`excluded.${column.name}`)])) });
}

/**
 * Tickets of the workspace whose facts are missing or were computed with another
 * calendar, in id order: those created in a period (the report), or after a
 * cursor and locked against changes until the caller's transaction ends, so
 * facts computed from what it reads cannot overwrite newer ones (tickets locked
 * by a change in progress are skipped: that change writes their facts).
 */
export async function ticketsWithoutFacts(
  db: Db,
  workspaceId: string,
  calendarKey: string,
  options: { period?: { from: Date; to: Date }; after?: string; limit: number; lock?: boolean },
): Promise<string[]> {
  const { period, after, limit, lock } = options;
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select t.id from tickets t left join ticket_facts f on f.ticket_id = t.id
        where t.workspace_id = ${workspaceId} and (f.ticket_id is null or f.calendar_key <> ${calendarKey})
          ${period ? sql`and t.created_at >= ${period.from.toISOString()}::timestamptz and t.created_at < ${period.to.toISOString()}::timestamptz` : sql``}
          ${after ? sql`and t.id > ${after}::uuid` : sql``}
        order by t.id limit ${limit} ${lock ? sql`for share of t skip locked` : sql``}`,
  );
  return rows.map((r) => r.id);
}

/** How many tickets created in the period have no stored facts of this calendar. */
export async function ticketsMissingFacts(db: Db, workspaceId: string, calendarKey: string, period: { from: Date; to: Date }): Promise<number> {
  const inPeriod = sql`workspace_id = ${workspaceId} and created_at >= ${period.from.toISOString()}::timestamptz and created_at < ${period.to.toISOString()}::timestamptz`;
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select ((select count(*) from tickets where ${inPeriod}) - (select count(*) from ticket_facts where ${inPeriod} and calendar_key = ${calendarKey}))::int as n`,
  );
  return row!.n;
}

/** Time buckets are UTC dates; weeks are ISO weeks, named by their Monday. */
const GROUP_KEY: Record<GroupBy, SQL> = {
  none: sql`'all'`,
  channel: sql`f.channel`,
  priority: sql`f.priority`,
  team: sql`coalesce(f.team_id::text, 'no team')`,
  assignee: sql`coalesce(f.assignee_id::text, 'unassigned')`,
  tag: sql`tag.key`,
  day: sql`to_char(f.created_at at time zone 'UTC', 'YYYY-MM-DD')`,
  week: sql`to_char(date_trunc('week', f.created_at at time zone 'UTC'), 'YYYY-MM-DD')`,
  month: sql`to_char(f.created_at at time zone 'UTC', 'YYYY-MM')`,
};

export interface FigureRow extends GroupFacts {
  key: string;
}

/** n, mean, median and p90 in hours, unrounded. */
type HourStats = [n: number, mean: number | null, quantiles: [number, number] | null];
const summaryOf = ([n, mean, q]: HourStats) => summaryInHours(n, mean, q?.[0] ?? null, q?.[1] ?? null);

// Hours as metrics.ts computes them (each duration divided, then interpolated), so the figures are the same numbers.
const stats = (ms: SQL) => sql`json_build_array(count(${ms}), avg(${ms} / 3600000), percentile_cont(array[0.5, 0.9]) within group (order by ${ms} / 3600000))`;

/**
 * Tickets met, breached and running for one SLA target: a running clock past its due time at `asOf` has
 * breached (as sla/state.ts slaStanding says). One instant for every statement of a report, not each one's now().
 */
type SlaRow = [met: number, breached: number, running: number];
const slaOf = ([met, breached, running]: SlaRow) => ({ met, breached, running });
const slaCounts = (column: string, asOf: Date) => {
  const state = sql.raw(column);
  const due = sql.raw(`${column}_due_at`);
  const at = sql`${asOf.toISOString()}::timestamptz`;
  return sql`json_build_array(count(*) filter (where ${state} = 'met'), count(*) filter (where ${state} = 'breached' or ${due} < ${at}),
    count(*) filter (where ${state} = 'running' and (${due} is null or ${due} >= ${at})))`;
};

/**
 * The service report's groups over the stored facts of tickets created in
 * [from, to), with `computed` (facts computed now for tickets whose stored ones
 * are missing or stale) in place of the stored rows of those tickets; SLA clocks
 * still running are judged at `asOf`.
 */
export async function serviceFigureRows(
  db: Db,
  workspaceId: string,
  period: { from: Date; to: Date },
  groupBy: GroupBy,
  calendarKey: string,
  computed: NewTicketFacts[],
  asOf: Date,
): Promise<FigureRow[]> {
  const columns = sql.raw(
    'created_at, channel, priority, team_id, assignee_id, tags, solved, reopened, one_touch, first_response_ms, first_response_business_ms, ' +
      'next_response_ms, next_response_business_ms, first_resolution_ms, first_resolution_business_ms, full_resolution_ms, full_resolution_business_ms, ' +
      'first_response_sla, first_response_sla_due_at, next_response_sla, next_response_sla_due_at, resolution_sla, resolution_sla_due_at',
  );
  const scope = sql`with computed as (
      select * from jsonb_to_recordset(${JSON.stringify(computed)}::jsonb) as c(
        "ticketId" uuid, "createdAt" timestamptz, channel text, priority text, "teamId" uuid, "assigneeId" uuid, tags text[],
        solved boolean, reopened boolean, "oneTouch" boolean,
        "firstResponseMs" float8, "firstResponseBusinessMs" float8, "nextResponseMs" float8[], "nextResponseBusinessMs" float8[],
        "firstResolutionMs" float8, "firstResolutionBusinessMs" float8, "fullResolutionMs" float8, "fullResolutionBusinessMs" float8,
        "firstResponseSla" text, "firstResponseSlaDueAt" timestamptz, "nextResponseSla" text, "nextResponseSlaDueAt" timestamptz, "resolutionSla" text, "resolutionSlaDueAt" timestamptz)
    ),
    facts as (
      select ${columns} from ticket_facts
      where workspace_id = ${workspaceId} and created_at >= ${period.from.toISOString()}::timestamptz and created_at < ${period.to.toISOString()}::timestamptz
        and calendar_key = ${calendarKey} and ticket_id not in (select "ticketId" from computed)
      union all
      select "createdAt", channel, priority, "teamId", "assigneeId", tags, solved, reopened, "oneTouch", "firstResponseMs", "firstResponseBusinessMs",
             "nextResponseMs", "nextResponseBusinessMs", "firstResolutionMs", "firstResolutionBusinessMs", "fullResolutionMs", "fullResolutionBusinessMs",
             "firstResponseSla", "firstResponseSlaDueAt", "nextResponseSla", "nextResponseSlaDueAt", "resolutionSla", "resolutionSlaDueAt"
      from computed
    ),
    scope as (
      select ${GROUP_KEY[groupBy]} as key, f.* from facts f
      ${groupBy === 'tag' ? sql`cross join lateral unnest(case when cardinality(f.tags) = 0 then array['(no tag)'] else f.tags end) as tag(key)` : sql``}
    )`;
  // Sorting a whole period's durations takes more than the default work_mem (in memory, not on disk); compiling the plan (JIT) costs more than it saves.
  const summarised = <T>(query: SQL) =>
    db.transaction(async (tx) => {
      await tx.execute(sql`set local work_mem = '64MB'`);
      await tx.execute(sql`set local jit = off`);
      return queryRows<T>(tx, query);
    });
  // One group for 'none': no grouping, so nothing is sorted by a constant key (and no row for an empty period, as grouped).
  const grouped = groupBy !== 'none';
  const groupKey = grouped ? sql`group by key` : sql`having count(*) > 0`;
  // Two statements, so PostgreSQL runs them side by side: the tickets' figures, and the next responses'.
  const [perTicket, perResponse] = await Promise.all([
    summarised<{ key: string; tickets: number; solved: number; ever_solved: number; reopened: number; one_touch: number; sla: SlaRow[]; single: HourStats[] }>(
      sql`${scope}
          select ${grouped ? sql`key` : sql`'all'`} as key, count(*)::int as tickets, (count(*) filter (where solved))::int as solved,
                 count(first_resolution_ms)::int as ever_solved,
                 (count(*) filter (where reopened and first_resolution_ms is not null))::int as reopened,
                 (count(*) filter (where one_touch))::int as one_touch,
                 json_build_array(${slaCounts('first_response_sla', asOf)}, ${slaCounts('next_response_sla', asOf)}, ${slaCounts('resolution_sla', asOf)}) as sla,
                 json_build_array(${stats(sql`first_response_ms`)}, ${stats(sql`first_resolution_ms`)}, ${stats(sql`full_resolution_ms`)},
                                  ${stats(sql`first_response_business_ms`)}, ${stats(sql`first_resolution_business_ms`)}, ${stats(sql`full_resolution_business_ms`)}) as single
          from scope ${groupKey}`,
    ),
    // Two set-returning functions in one select list run in step: each response with its business-time twin. Only
    // tickets with responses (about half) are unnested, and ordering them by group first spares sorting the (more) responses.
    summarised<{ key: string; next: HourStats[] }>(
      sql`${scope}
          select ${grouped ? sql`key` : sql`'all'`} as key, json_build_array(${stats(sql`calendar`)}, ${stats(sql`business`)}) as next
          from (select key, unnest(next_response_ms) as calendar, unnest(next_response_business_ms) as business from scope
                where cardinality(next_response_ms) > 0 ${grouped ? sql`order by key` : sql``}) r
          ${groupKey}`,
    ),
  ]);
  const responses = new Map(perResponse.map((r) => [r.key, r.next]));
  const rows = perTicket.map((r) => ({ ...r, next: responses.get(r.key) ?? null }));
  return rows.map((r) => {
    const [fr, fres, full, frB, fresB, fullB] = r.single.map(summaryOf) as [Summary, Summary, Summary, Summary, Summary, Summary];
    const [next, nextB] = (r.next ?? [[0, null, null], [0, null, null]]).map(summaryOf) as [Summary, Summary];
    return {
      key: r.key,
      tickets: r.tickets,
      solved: r.solved,
      everSolved: r.ever_solved,
      reopened: r.reopened,
      oneTouch: r.one_touch,
      sla: { firstResponse: slaOf(r.sla[0]!), nextResponse: slaOf(r.sla[1]!), resolution: slaOf(r.sla[2]!) },
      calendarHours: { firstResponse: fr, nextResponse: next, firstResolution: fres, fullResolution: full },
      businessHours: { firstResponse: frB, nextResponse: nextB, firstResolution: fresB, fullResolution: fullB },
    };
  });
}

export async function loadSlaPolicy(db: Db, workspaceId: string): Promise<SlaPolicy | undefined> {
  const [row] = await db.select().from(slaPolicies).where(eq(slaPolicies.workspaceId, workspaceId));
  return row?.policy;
}

export async function saveSlaPolicy(db: Db, workspaceId: string, policy: SlaPolicy): Promise<void> {
  await db
    .insert(slaPolicies)
    .values({ workspaceId, policy })
    .onConflictDoUpdate({ target: slaPolicies.workspaceId, set: { policy, updatedAt: new Date() } });
}

export interface TicketOutcome {
  id: string;
  status: string;
  firstResponseAt: Date | null;
  solvedAt: Date | null;
}

/** Where some tickets stand (the closed loop's report: was the customer contacted, is it solved). */
export async function ticketOutcomes(db: Db, workspaceId: string, ids: string[]): Promise<TicketOutcome[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<{ id: string; status: string; first_response_at: string | Date | null; solved_at: string | Date | null }>(
    db,
    sql`select id, status, first_response_at, solved_at from tickets where workspace_id = ${workspaceId} and id = any(${`{${ids.join(',')}}`}::uuid[])`,
  );
  const date = (v: string | Date | null) => (v === null ? null : new Date(v));
  return rows.map((r) => ({ id: r.id, status: r.status, firstResponseAt: date(r.first_response_at), solvedAt: date(r.solved_at) }));
}

/**
 * Tickets customers opened themselves (the first message is theirs: not follow-ups
 * or outreach an agent started), created since a time or still unsolved, with when
 * they were solved or closed (null while open). What "contacted support" means to
 * the need-for-help score.
 */
export async function customerContactsSince(db: Db, workspaceId: string, since: Date): Promise<{ customerId: string; at: Date; endedAt: Date | null }[]> {
  const rows = await queryRows<{ customer_id: string; created_at: string | Date; ended_at: string | Date | null }>(
    db,
    sql`select t.customer_id, t.created_at,
               case when t.status in ('solved', 'closed') then coalesce(t.solved_at, t.closed_at, t.updated_at) end as ended_at
        from tickets t
        join lateral (select m.author_kind from ticket_messages m where m.ticket_id = t.id order by m.created_at, m.id limit 1) first on first.author_kind = 'customer'
        where t.workspace_id = ${workspaceId}
          and (t.created_at >= ${since.toISOString()}::timestamptz or t.status not in ('solved', 'closed'))`,
  );
  return rows.map((r) => ({ customerId: r.customer_id, at: new Date(r.created_at), endedAt: r.ended_at === null ? null : new Date(r.ended_at) }));
}

/** What a ticket is labelled with for triage training: its team (by name) or the value of one custom field. */
export type TicketLabel = { kind: 'team' } | { kind: 'field'; field: string };

export interface LabelledTicket {
  subject: string;
  /** The customer's first message. */
  body: string;
  label: string;
}

/**
 * The latest tickets that have the label, with the customer's first message
 * (tickets opened without one, like follow-ups from feedback rules, are left out):
 * the examples a workspace's triage model learns from.
 */
export async function labelledTickets(db: Db, workspaceId: string, label: TicketLabel, limit: number): Promise<LabelledTicket[]> {
  const value = label.kind === 'team' ? sql`tm.name` : sql`t.custom_fields ->> ${label.field}`;
  const teamJoin = label.kind === 'team' ? sql`join teams tm on tm.id = t.team_id and tm.workspace_id = t.workspace_id` : sql``;
  return queryRows<LabelledTicket>(
    db,
    sql`select t.subject, m.body_text as body, ${value} as label
        from tickets t
        ${teamJoin}
        join lateral (
          select body_text from ticket_messages
          where ticket_id = t.id and author_kind = 'customer' order by created_at limit 1
        ) m on true
        where t.workspace_id = ${workspaceId} and coalesce(btrim(${value}), '') <> ''
        order by t.created_at desc
        limit ${limit}`,
  );
}

/** A first reply slower than this (or still missing after it) is slow, as the customer lives it: in calendar hours. */
export const SLOW_FIRST_RESPONSE_HOURS = 24;

export interface ServiceBefore {
  /** Index of the moment in the list asked about. */
  index: number;
  /** Tickets the customer opened themselves in the window. */
  tickets: number;
  /** One of them was reopened after a first solve that came before the moment. */
  reopened: boolean;
  /** One of them waited over SLOW_FIRST_RESPONSE_HOURS for a first reply (counting a wait still running at the moment). */
  slowFirstResponse: boolean;
  /** One of them was not yet solved at the moment. */
  unresolved: boolean;
}

/**
 * What customers went through with the service desk in the `days` before each
 * moment (a survey answer), from the tickets they opened themselves then (the
 * first message is theirs: a closed-loop follow-up or an agent's outreach is not
 * the customer contacting support) and their facts; a ticket without stored facts
 * yet falls back to its own first reply and solve times. Moments without tickets are left out.
 */
export async function serviceBefore(db: Db, workspaceId: string, moments: readonly { customerId: string; at: Date }[], days: number): Promise<ServiceBefore[]> {
  if (moments.length === 0) return [];
  const sinceCreated = (ms: SQL) => sql`t.created_at + make_interval(secs => ${ms} / 1000)`;
  const rows = await queryRows<{ i: number; tickets: number; reopened: boolean; slow: boolean; unresolved: boolean }>(
    db,
    sql`with t as (
          select m.i, m.at, t.created_at, f.reopened,
                 coalesce(f.first_response_ms, extract(epoch from t.first_response_at - t.created_at) * 1000) as first_response_ms,
                 coalesce(f.first_resolution_ms, extract(epoch from t.solved_at - t.created_at) * 1000) as first_resolution_ms
          from ${momentsTable(moments)} join tickets t on t.workspace_id = ${workspaceId} and t.customer_id = m.c
            and t.created_at >= m.at - make_interval(days => ${days}) and t.created_at < m.at
          join lateral (select author_kind from ticket_messages where ticket_id = t.id order by created_at, id limit 1) first on first.author_kind = 'customer'
          left join ticket_facts f on f.ticket_id = t.id)
        select i, count(*)::int as tickets,
               coalesce(bool_or(reopened and ${sinceCreated(sql`first_resolution_ms`)} < at), false) as reopened,
               bool_or(least(coalesce(first_response_ms, 'infinity'::float8), extract(epoch from at - created_at) * 1000) > ${SLOW_FIRST_RESPONSE_HOURS * 3_600_000}) as slow,
               bool_or(first_resolution_ms is null or ${sinceCreated(sql`first_resolution_ms`)} >= at) as unresolved
        from t group by i`,
  );
  return rows.map((r) => ({ index: Number(r.i), tickets: r.tickets, reopened: r.reopened, slowFirstResponse: r.slow, unresolved: r.unresolved }));
}
