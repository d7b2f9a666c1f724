import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.ts';
import { createIdentityResolver } from '../customers/resolve.ts';
import { loadRules } from '../touchpoints/store.ts';
import { matchTouchpoint } from '../touchpoints/rules.ts';
import { queryRows } from '../platform/db/query.ts';

/** Events a chunk takes: one transaction, one lookup of identities, one update. */
const CHUNK = 2000;

type PendingRow = {
  id: string;
  workspace_id: string;
  kind: string;
  name: string | null;
  page_path: string | null;
  anonymous_id: string | null;
  user_id: string | null;
  previous_id: string | null;
  customer_id: string | null;
  touchpoint_id: string | null;
  at: string | Date;
  traits: Record<string, unknown> | null;
};

/**
 * Takes the oldest unprocessed events (in arrival order), resolves each one's
 * customer and touchpoint, and marks them processed, all in one transaction: a
 * crash leaves them pending and they are processed again at the next start.
 * Returns how many were processed.
 */
export async function processPendingEvents(db: Db, limit = CHUNK, onProcessed?: ProcessedHandler): Promise<number> {
  return db.transaction(async (tx) => {
    // `order by e.id`, qualified: a bare `id` would name the text column of the select list, sorting
    // every pending row as text (a full scan and sort per chunk, and not in arrival order).
    const rows = await queryRows<PendingRow>(tx, sql`
      select e.id::text as id, workspace_id, kind, name, page_path, anonymous_id, user_id, previous_id, customer_id, touchpoint_id, at, traits
      from journey_events e
      where e.processed_at is null
      order by e.id
      limit ${limit}
      for update skip locked`);
    if (rows.length === 0) return 0;
    const byWorkspace = new Map<string, PendingRow[]>();
    for (const r of rows) byWorkspace.set(r.workspace_id, [...(byWorkspace.get(r.workspace_id) ?? []), r]);

    for (const [workspaceId, events] of byWorkspace) {
      const rules = await loadRules(tx, workspaceId);
      const resolver = createIdentityResolver(tx, workspaceId);
      const identified = events.map((e) => ({
        kind: e.kind,
        userId: e.user_id,
        anonymousId: e.anonymous_id,
        previousId: e.previous_id,
        traits: e.traits,
        at: new Date(e.at),
      }));
      await resolver.preload(identified);
      const assigned: { id: string; customer_id: string | null; touchpoint_id: string | null }[] = [];
      for (const [i, e] of events.entries()) {
        // Records written by other domains arrive with their customer (and often touchpoint) set.
        const customerId = e.customer_id ?? (await resolver.resolve(identified[i]!));
        const touchpointId = e.touchpoint_id ?? matchTouchpoint(rules, { kind: e.kind, name: e.name, pagePath: e.page_path });
        assigned.push({ id: e.id, customer_id: customerId, touchpoint_id: touchpointId });
      }
      await resolver.flush();
      const json = JSON.stringify(assigned.map((a) => ({ ...a, customer_id: a.customer_id && resolver.canonical(a.customer_id) })));
      await tx.execute(sql`
        update journey_events e set customer_id = v.customer_id, touchpoint_id = v.touchpoint_id, processed_at = now()
        from jsonb_to_recordset(${json}::jsonb) as v(id bigint, customer_id uuid, touchpoint_id uuid)
        where e.id = v.id`);
      if (onProcessed) {
        const processed = events.map((e, i) => ({ kind: e.kind, name: e.name, at: new Date(e.at), customerId: assigned[i]!.customer_id && resolver.canonical(assigned[i]!.customer_id!) }));
        await onProcessed(tx, workspaceId, processed);
      }
    }
    return rows.length;
  });
}

export interface ProcessedEvent {
  kind: string;
  name: string | null;
  at: Date;
  customerId: string | null;
}

/** Told (in the processing transaction) what a chunk of events was: how other domains react to the journey. */
export type ProcessedHandler = (db: Db, workspaceId: string, events: ProcessedEvent[]) => Promise<void>;

/** A write announced this recently means events are still arriving. */
const ARRIVING_MS = 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface JourneyProcessor {
  /** Asks for a run soon; calls made while a run is going on fold into one more run. */
  kick(): void;
  /**
   * Says a write is on its way (a request is being read): while they keep coming the
   * processor yields to them, even when they wait for the database behind its chunk.
   */
  arriving(): void;
  /** Resolves when nothing is pending (tests, CLI imports). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export interface ProcessorOptions {
  /**
   * Vacuum journey_events after this many processed events. PGlite runs no
   * autovacuum: without it every processed event leaves a dead entry in the
   * pending-events index, and finding the next chunk slows down as they pile up.
   */
  vacuumEvery?: number;
  /**
   * While events keep arriving, the processor rests this many times as long as each
   * chunk took (default 4: enrichment gets at most a fifth of the time, the write path
   * the rest, and catches up once the burst is over).
   */
  restFactor?: number;
  /**
   * Events a chunk takes (default 2,000). PGlite's queries run synchronously in this
   * thread, so a chunk holds up every request for as long as it takes: keep it small there.
   */
  chunkSize?: number;
  /** Reactions to live events (a survey 3 days after "Order Delivered"); CLI imports of history run without. */
  onProcessed?: ProcessedHandler;
}

/** Runs processPendingEvents whenever events arrive, and once at start for what a crash left. */
export function startJourneyProcessor(db: Db, onError: (err: unknown) => void = () => {}, options: ProcessorOptions = {}): JourneyProcessor {
  let running: Promise<void> | null = null;
  let sinceVacuum = 0;
  let again = false;
  let stopped = false;
  let lastArrivalAt = 0;
  const timer = setInterval(() => run(), 5000);
  timer.unref();

  async function loop(): Promise<void> {
    do {
      again = false;
      try {
        for (;;) {
          if (stopped) break;
          const started = performance.now();
          const processed = await processPendingEvents(db, options.chunkSize ?? CHUNK, options.onProcessed);
          if (processed === 0) break;
          // Let requests that came during the chunk be read before deciding whether to rest: on
          // PGlite (no real I/O) nothing else yields here, and seeing no arrivals the processor
          // would work off a whole backlog with every request unread (see openDatabase).
          await nextTurn();
          sinceVacuum += processed;
          if (options.vacuumEvery && sinceVacuum >= options.vacuumEvery) {
            sinceVacuum = 0;
            await db.execute(sql`vacuum journey_events`);
          }
          // While events keep arriving, the write path (whose 200 the sender waits for) comes
          // first: rest restFactor times as long as the chunk took, however far enrichment
          // lags (running flat out once behind starved the writes: they queue behind every
          // chunk); once arrivals stop it runs flat out and catches up.
          await rest((performance.now() - started) * (options.restFactor ?? 4));
        }
      } catch (err) {
        onError(err);
      }
    } while (again && !stopped);
  }

  /** Sleeps up to `ms` while writes keep arriving, so that it catches up as soon as they stop. */
  async function rest(ms: number): Promise<void> {
    const until = performance.now() + ms;
    while (!stopped && Date.now() - lastArrivalAt < ARRIVING_MS && performance.now() < until) await sleep(Math.min(50, until - performance.now()));
  }

  function arriving(): void {
    lastArrivalAt = Date.now();
  }

  function kick(): void {
    arriving();
    run();
  }

  function run(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = loop().finally(() => {
      running = null;
    });
  }

  run();
  return {
    kick,
    arriving,
    async drain() {
      run();
      while (running) await running;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}
