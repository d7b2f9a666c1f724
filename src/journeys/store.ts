import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/client.ts';
import { journeyEvents } from './schema.ts';
import { momentsTable, queryRows } from '../platform/db/query.ts';

export type NewJourneyEvent = typeof journeyEvents.$inferInsert;

/**
 * An event as it is tracked (the Segment API, CSV imports, the demo): its customer
 * and touchpoint are resolved afterwards, by the journey processor.
 */
export type TrackedEvent = Pick<
  NewJourneyEvent,
  'workspaceId' | 'kind' | 'name' | 'pagePath' | 'messageId' | 'anonymousId' | 'userId' | 'previousId' | 'at' | 'receivedAt' | 'properties' | 'traits' | 'context' | 'source'
>;

/**
 * Stores events as they arrive, in one statement; a repeated (workspace,
 * messageId) is a client's retry and is skipped. Returns how many were new. The
 * journey processor resolves customers and touchpoints afterwards.
 *
 * The rows travel as one JSON parameter, an array of arrays expanded by
 * jsonb_array_elements. A bound parameter per value cost about 85 ms of CPU per
 * 1,000 events in the driver, ten times what the database spends on them; rows
 * as objects with named fields (jsonb_to_recordset) cost PostgreSQL about 40%
 * more CPU than positional arrays, and the server 30% more to write.
 */
export async function appendEvents(db: Db, events: TrackedEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const json = JSON.stringify(
    events.map((e) => [
      e.workspaceId,
      e.kind,
      e.name ?? null,
      e.pagePath ?? null,
      e.messageId ?? null,
      e.anonymousId ?? null,
      e.userId ?? null,
      e.previousId ?? null,
      e.at,
      e.receivedAt ?? new Date(),
      e.properties ?? {},
      e.traits ?? null,
      e.context ?? null,
      e.source,
    ]),
  );
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with inserted as (
      insert into journey_events (workspace_id, kind, name, page_path, message_id, anonymous_id, user_id, previous_id,
                                  at, received_at, properties, traits, context, source)
      select (r->>0)::uuid, r->>1, r->>2, r->>3, r->>4, r->>5, r->>6, r->>7,
             (r->>8)::timestamptz, (r->>9)::timestamptz, r->10, nullif(r->11, 'null'), nullif(r->12, 'null'), r->>13
      -- A function scan yields rows in array order, so ids (the processing order) follow the batch.
      from jsonb_array_elements(${json}::jsonb) as r
      on conflict do nothing
      returning 1)
    select count(*)::int as n from inserted`,
  );
  return rows[0]!.n;
}

export interface JourneyRow {
  id: string;
  at: Date;
  kind: string;
  name: string | null;
  pagePath: string | null;
  touchpointId: string | null;
  properties: Record<string, unknown>;
  source: string;
  refType: string | null;
  refId: string | null;
}

/** Kinds that change a profile rather than mark a step of the journey. */
const PROFILE_KINDS = ['identify', 'alias', 'group'];

/** Counting stops here, past it the figure says "at least": on PGlite, which runs in the server's thread, each counted row costs about 3 µs of it. */
export const BACKLOG_COUNT_CAP = 10_000;

export interface Backlog {
  /** Tracked events stored but not yet resolved to a customer and touchpoint, up to BACKLOG_COUNT_CAP. */
  pending: number;
  /** True when there are more than `pending`. */
  capped: boolean;
  /** When the oldest of them arrived, or null when nothing is pending. */
  oldestReceivedAt: Date | null;
}

/**
 * How far the journey processor is behind for one workspace. Both reads walk the
 * pending-events index in id order and stop early; bitmap scans are off for them
 * because with stale row estimates (PGlite runs no autoanalyze) the planner
 * intersected the pending index with the workspace's whole message-id index and
 * sorted every pending row: 150 ms at 100,000 pending events instead of 30.
 */
export async function journeyBacklog(db: Db, workspaceId: string): Promise<Backlog> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_bitmapscan = off`);
    const [row] = await queryRows<{ n: number; oldest: Date | string | null }>(
      tx,
      sql`select (select count(*)::int from (
                 select 1 from journey_events where processed_at is null and workspace_id = ${workspaceId} order by id limit ${BACKLOG_COUNT_CAP + 1}) p) as n,
             (select received_at from journey_events where processed_at is null and workspace_id = ${workspaceId} order by id limit 1) as oldest`,
    );
    const n = row!.n;
    return { pending: Math.min(n, BACKLOG_COUNT_CAP), capped: n > BACKLOG_COUNT_CAP, oldestReceivedAt: row!.oldest === null ? null : new Date(row!.oldest) };
  });
}

export async function listJourney(
  db: Db,
  workspaceId: string,
  customerId: string,
  page: { after?: { at: string; id: string }; limit: number; order: 'asc' | 'desc'; kinds?: string[] },
): Promise<JourneyRow[]> {
  const cmp = page.order === 'asc' ? sql`>` : sql`<`;
  const dir = page.order === 'asc' ? sql`asc` : sql`desc`;
  const after = page.after ? sql`and (e.at, e.id) ${cmp} (${page.after.at}::timestamptz, ${page.after.id}::bigint)` : sql``;
  const kinds = page.kinds?.length
    ? sql`and e.kind in (${sql.join(page.kinds.map((k) => sql`${k}`), sql`, `)})`
    : sql`and e.kind not in (${sql.join(PROFILE_KINDS.map((k) => sql`${k}`), sql`, `)})`;
  const rows = await queryRows<{
    id: string;
    at: string | Date;
    kind: string;
    name: string | null;
    page_path: string | null;
    touchpoint_id: string | null;
    properties: Record<string, unknown>;
    source: string;
    ref_type: string | null;
    ref_id: string | null;
  }>(db, sql`
    select e.id::text as id, e.at, e.kind, e.name, e.page_path, e.touchpoint_id, e.properties, e.source, e.ref_type, e.ref_id
    from journey_events e
    where e.workspace_id = ${workspaceId} and e.customer_id = ${customerId} ${kinds} ${after}
    order by e.at ${dir}, e.id ${dir}
    limit ${page.limit}`);
  return rows.map((r) => ({
    id: r.id,
    at: new Date(r.at),
    kind: r.kind,
    name: r.name,
    pagePath: r.page_path,
    touchpointId: r.touchpoint_id,
    properties: r.properties ?? {},
    source: r.source,
    refType: r.ref_type,
    refId: r.ref_id,
  }));
}

/** Moves a merged customer's journey onto the surviving profile (a customers/ merge handler). */
export async function reassignJourney(db: Db, workspaceId: string, fromId: string, intoId: string): Promise<void> {
  await db.execute(sql`update journey_events set customer_id = ${intoId} where workspace_id = ${workspaceId} and customer_id = ${fromId}`);
}

export interface EventGroup {
  kind: string;
  name: string | null;
  pagePath: string | null;
  count: number;
  lastAt: Date;
}

/** Distinct shapes of processed events of the mappable kinds, with or without a touchpoint. */
export async function eventGroups(db: Db, workspaceId: string, onlyUnmapped: boolean, limit = 500): Promise<EventGroup[]> {
  const unmapped = onlyUnmapped ? sql`and touchpoint_id is null` : sql``;
  const rows = await queryRows<{ kind: string; name: string | null; page_path: string | null; n: number; last_at: string | Date }>(db, sql`
    select kind, name, page_path, count(*)::int as n, max(at) as last_at
    from journey_events
    where workspace_id = ${workspaceId} and processed_at is not null and kind in ('track', 'page', 'screen') ${unmapped}
    group by kind, name, page_path
    order by n desc
    limit ${limit}`);
  return rows.map((r) => ({ kind: r.kind, name: r.name, pagePath: r.page_path, count: r.n, lastAt: new Date(r.last_at) }));
}

/** Sets the touchpoint of every event of one shape (used when the rules change). */
export async function setTouchpointForGroup(db: Db, workspaceId: string, group: Pick<EventGroup, 'kind' | 'name' | 'pagePath'>, touchpointId: string | null): Promise<number> {
  const rows = await queryRows<{ n: number }>(db, sql`
    with changed as (
      update journey_events set touchpoint_id = ${touchpointId}
      where workspace_id = ${workspaceId} and processed_at is not null and kind = ${group.kind}
        and name is not distinct from ${group.name} and page_path is not distinct from ${group.pagePath}
        and touchpoint_id is distinct from ${touchpointId}
      returning 1)
    select count(*)::int as n from changed`);
  return rows[0]!.n;
}

export interface JourneyEntry {
  workspaceId: string;
  customerId: string;
  kind: string;
  name: string;
  at: Date;
  touchpointId?: string | null;
  properties?: Record<string, unknown>;
  source: string;
  ref: { type: string; id: string };
}

/**
 * How other domains put their records on the journey (a ticket, a message, a
 * survey answer): the customer is already known, so the entry is processed as it
 * is written, inside the caller's transaction.
 */
export async function recordJourneyEntry(db: Db, entry: JourneyEntry): Promise<void> {
  await db.execute(journeyEntryInsert(entry));
}

/** The insert of an entry, also as part of a larger statement; `onlyIf` names a relation of it without whose rows nothing is written. */
export const journeyEntryInsert = (entry: JourneyEntry, onlyIf?: SQL): SQL => sql`
  insert into journey_events (workspace_id, customer_id, kind, name, at, touchpoint_id, properties, source, ref_type, ref_id, processed_at)
  select ${entry.workspaceId}::uuid, ${entry.customerId}::uuid, ${entry.kind}, ${entry.name}, ${entry.at.toISOString()}::timestamptz, ${entry.touchpointId ?? null}::uuid,
         ${JSON.stringify(entry.properties ?? {})}::jsonb, ${entry.source}, ${entry.ref.type}, ${entry.ref.id}, now()
  ${onlyIf ? sql`where exists (select 1 from ${onlyIf})` : sql``}`;

/**
 * Adds facts found later to a domain's journey entry (the sentiment of a message),
 * merged into its details; returns where the entry sits, or undefined when there is none.
 */
export async function annotateJourneyEntry(
  db: Db,
  workspaceId: string,
  ref: { type: string; id: string },
  properties: Record<string, unknown>,
): Promise<{ customerId: string | null; touchpointId: string | null } | undefined> {
  const rows = await queryRows<{ customer_id: string | null; touchpoint_id: string | null }>(
    db,
    sql`update journey_events set properties = properties || ${JSON.stringify(properties)}::jsonb
        where workspace_id = ${workspaceId} and ref_type = ${ref.type} and ref_id = ${ref.id}
        returning customer_id, touchpoint_id`,
  );
  return rows[0] && { customerId: rows[0].customer_id, touchpointId: rows[0].touchpoint_id };
}

/**
 * The events that are purchases: Segment's e-commerce "Order Completed", and the
 * default catalog's "Store Purchase" (a sale at the counter, which the catalog
 * also puts on the purchase stage).
 */
export const PURCHASE_EVENTS = ['Order Completed', 'Store Purchase'];

export interface Purchase {
  customerId: string;
  at: Date;
  /** null when the event carries no order_id (then it cannot be matched with a repeat of itself). */
  orderId: string | null;
  /** `revenue` (or `total` when there is no revenue) if it is a plain decimal >= 0; else null (missing, negative, text, absurdly large). */
  amount: number | null;
  currency: string | null;
}

/** A decimal >= 0 with at most 15 integer digits: anything larger is a mistake, not a sale, and would not fit a float exactly. */
const AMOUNT = '^\\s*[0-9]{1,15}(\\.[0-9]*)?\\s*$';

/**
 * A workspace's purchases up to `until`, of resolved customers, once per order:
 * a retried or re-sent purchase event with an order_id already seen counts once
 * (the earliest is kept). Merged profiles' purchases are already on the survivor.
 */
export async function listPurchases(db: Db, workspaceId: string, until: Date): Promise<Purchase[]> {
  const amountOf = (field: string) =>
    sql`case when e.properties->>${field} ~ ${AMOUNT} then trim(e.properties->>${field})::float8 end`;
  const orderKey = sql`coalesce(nullif(trim(e.properties->>'order_id'), ''), 'event:' || e.id::text)`;
  const rows = await queryRows<{ customer_id: string; at: string | Date; order_id: string | null; amount: number | null; currency: string | null }>(db, sql`
    select distinct on (${orderKey})
           e.customer_id, e.at, nullif(trim(e.properties->>'order_id'), '') as order_id,
           case when e.properties->>'revenue' is not null then ${amountOf('revenue')} else ${amountOf('total')} end as amount,
           upper(nullif(trim(e.properties->>'currency'), '')) as currency
    from journey_events e
    where e.workspace_id = ${workspaceId} and e.kind = 'track'
      and e.name in (${sql.join(PURCHASE_EVENTS.map((n) => sql`${n}`), sql`, `)})
      and e.customer_id is not null and e.at <= ${until.toISOString()}::timestamptz
    order by ${orderKey}, e.at, e.id`);
  return rows.map((r) => ({
    customerId: r.customer_id,
    at: new Date(r.at),
    orderId: r.order_id,
    amount: r.amount === null ? null : Number(r.amount),
    currency: r.currency,
  }));
}

/** When each customer last had an event of this name (the demo's survey answers follow deliveries). */
export async function lastEventOfCustomers(db: Db, workspaceId: string, name: string): Promise<Map<string, Date>> {
  const rows = await queryRows<{ customer_id: string; at: string | Date }>(
    db,
    sql`select customer_id, max(at) as at from journey_events
        where workspace_id = ${workspaceId} and name = ${name} and customer_id is not null and processed_at is not null
        group by customer_id`,
  );
  return new Map(rows.map((r) => [r.customer_id, new Date(r.at)]));
}

/**
 * Resolved customers' events in [since, until] that are named one of `names` or
 * are page views under `pagePrefix`, oldest first: the few kinds of moment a
 * model reads, without loading whole journeys.
 */
export async function eventsNamedOrUnder(
  db: Db,
  workspaceId: string,
  period: { since: Date; until: Date },
  names: string[],
  pagePrefix: string,
): Promise<{ customerId: string; name: string | null; pagePath: string | null; at: Date }[]> {
  const rows = await queryRows<{ customer_id: string; name: string | null; page_path: string | null; at: string | Date }>(
    db,
    sql`select customer_id, name, page_path, at from journey_events
        where workspace_id = ${workspaceId} and customer_id is not null
          and at >= ${period.since.toISOString()}::timestamptz and at <= ${period.until.toISOString()}::timestamptz
          and ((kind = 'track' and name in (${sql.join(names.map((n) => sql`${n}`), sql`, `)}))
               or (kind = 'page' and (page_path = ${pagePrefix} or page_path like ${`${pagePrefix}/%`})))
        order by at, id`,
  );
  return rows.map((r) => ({ customerId: r.customer_id, name: r.name, pagePath: r.page_path, at: new Date(r.at) }));
}

export interface OrderItems {
  customerId: string;
  at: Date;
  /** The order_id, or the event's own id for an order sent without one. */
  orderKey: string;
  /** Each product line's id (its sku, else product_id, else name) and name, as the order event lists them. */
  products: { sku: string; name: string | null }[];
}

/**
 * The products of purchases (the Segment e-commerce `products[]` of each order),
 * once per order as listPurchases counts orders, oldest first; of the whole
 * workspace, or of one customer. Orders without a product list are left out.
 */
export async function listOrderItems(db: Db, workspaceId: string, options: { until: Date; customerId?: string }): Promise<OrderItems[]> {
  const orderKey = sql`coalesce(nullif(trim(e.properties->>'order_id'), ''), 'event:' || e.id::text)`;
  const customer = options.customerId ? sql`and e.customer_id = ${options.customerId}` : sql``;
  const rows = await queryRows<{ customer_id: string; at: string | Date; order_key: string; sku: string; name: string | null }>(db, sql`
    with orders as (
      select distinct on (${orderKey}) e.customer_id, e.at, e.id, ${orderKey} as order_key, e.properties->'products' as products
      from journey_events e
      where e.workspace_id = ${workspaceId} and e.kind = 'track'
        and e.name in (${sql.join(PURCHASE_EVENTS.map((n) => sql`${n}`), sql`, `)})
        and e.customer_id is not null and e.at <= ${options.until.toISOString()}::timestamptz ${customer}
        and jsonb_typeof(e.properties->'products') = 'array'
      order by ${orderKey}, e.at, e.id)
    select o.customer_id, o.at, o.order_key,
           coalesce(nullif(trim(p->>'sku'), ''), nullif(trim(p->>'product_id'), ''), nullif(trim(p->>'name'), '')) as sku,
           nullif(trim(p->>'name'), '') as name
    from orders o cross join lateral jsonb_array_elements(o.products) with ordinality as l(p, n)
    where jsonb_typeof(p) = 'object'
      and coalesce(nullif(trim(p->>'sku'), ''), nullif(trim(p->>'product_id'), ''), nullif(trim(p->>'name'), '')) is not null
    order by o.at, o.id, l.n`);
  const orders: OrderItems[] = [];
  for (const r of rows) {
    let order = orders[orders.length - 1];
    if (order?.orderKey !== r.order_key) {
      order = { customerId: r.customer_id, at: new Date(r.at), orderKey: r.order_key, products: [] };
      orders.push(order);
    }
    order.products.push({ sku: r.sku, name: r.name });
  }
  return orders;
}

/** A moment on a customer's journey: a survey answer whose lead-up the drivers look at. */
export interface JourneyMoment {
  customerId: string;
  at: Date;
}

export interface TouchpointBefore {
  /** Index of the moment in the list asked about. */
  index: number;
  touchpointId: string;
  /** The name of a tracked event there ("Delivery Delayed"); null for other entries (a page, a ticket). */
  event: string | null;
}

/**
 * Which touchpoints each customer went through in the `days` before each moment,
 * the moment itself excluded, and by which tracked events, each once. Survey
 * answers are left out: answering an earlier survey is not an experience of its touchpoint.
 */
export async function touchpointsBefore(db: Db, workspaceId: string, moments: readonly JourneyMoment[], days: number): Promise<TouchpointBefore[]> {
  if (moments.length === 0) return [];
  const rows = await queryRows<{ i: number; touchpoint_id: string; event: string | null }>(
    db,
    sql`select distinct m.i, e.touchpoint_id, case when e.kind = 'track' then e.name end as event
        from ${momentsTable(moments)}
        join journey_events e on e.workspace_id = ${workspaceId} and e.customer_id = m.c
          and e.at >= m.at - make_interval(days => ${days}) and e.at < m.at
        where e.touchpoint_id is not null and e.kind <> 'survey_response'`,
  );
  return rows.map((r) => ({ index: Number(r.i), touchpointId: r.touchpoint_id, event: r.event }));
}
