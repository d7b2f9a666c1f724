import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.ts';
import { queryRows } from '../platform/db/query.ts';
import { mergeCustomers } from './merge.ts';
import { applyProfilePatches, normaliseIdentity, type IdentityKind, type ProfilePatch } from './store.ts';

/** What identity resolution needs to know about one incoming event. */
export interface IdentifiedEvent {
  kind: string;
  userId: string | null;
  anonymousId: string | null;
  previousId: string | null;
  traits: Record<string, unknown> | null;
  at: Date;
}

const key = (kind: IdentityKind, value: string) => `${kind}:${normaliseIdentity(kind, value)}`;

function stringTrait(traits: Record<string, unknown> | null, name: string): string | null {
  const v = traits?.[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

export function displayName(traits: Record<string, unknown> | null): string | null {
  const name = stringTrait(traits, 'name');
  if (name) return name;
  const first = stringTrait(traits, 'firstName') ?? stringTrait(traits, 'first_name');
  const last = stringTrait(traits, 'lastName') ?? stringTrait(traits, 'last_name');
  return [first, last].filter(Boolean).join(' ') || null;
}

/**
 * Resolves a batch of events to customers with few queries: identities are
 * loaded once, new profiles and identities are written together at flush, and
 * merges (which must see the table) flush first. One resolver per workspace per
 * batch, inside the batch's transaction.
 *
 * The rules, as Segment's identity resolution does them:
 * - a known userId wins; an anonymous id seen before without a userId joins it
 *   (its earlier history becomes the known customer's);
 * - an anonymous id already tied to another userId is a shared device: the event
 *   goes to the userId's customer and nothing is merged;
 * - alias(previousId → userId) merges the two profiles;
 * - identify with an email or phone that belongs to an anonymous-only profile merges it.
 */
export function createIdentityResolver(db: Db, workspaceId: string) {
  const byIdentity = new Map<string, string>();
  const hasUserId = new Set<string>();
  const mergedInto = new Map<string, string>();
  const newCustomers: { id: string }[] = [];
  const newIdentities: { kind: IdentityKind; value: string; customerId: string }[] = [];
  const patches = new Map<string, ProfilePatch>();

  const canonical = (id: string): string => {
    let current = id;
    while (mergedInto.has(current)) current = mergedInto.get(current)!;
    return current;
  };
  const lookup = (kind: IdentityKind, value: string | null): string | undefined => {
    if (!value) return undefined;
    const id = byIdentity.get(key(kind, value));
    return id ? canonical(id) : undefined;
  };

  async function preload(events: IdentifiedEvent[]): Promise<void> {
    const wanted: { kind: IdentityKind; value: string }[] = [];
    for (const e of events) {
      if (e.userId) wanted.push({ kind: 'user_id', value: e.userId });
      if (e.anonymousId) wanted.push({ kind: 'anonymous_id', value: e.anonymousId });
      if (e.previousId) wanted.push({ kind: 'user_id', value: e.previousId }, { kind: 'anonymous_id', value: e.previousId });
      const email = stringTrait(e.traits, 'email');
      if (email) wanted.push({ kind: 'email', value: email });
    }
    const byKind = new Map<IdentityKind, Set<string>>();
    for (const w of wanted) {
      const set = byKind.get(w.kind) ?? new Set<string>();
      set.add(normaliseIdentity(w.kind, w.value));
      byKind.set(w.kind, set);
    }
    if (byKind.size === 0) return;
    // The identities as one JSON parameter: a query builder with thousands of bound values costs more CPU than the lookup.
    const pairs = JSON.stringify([...byKind].flatMap(([kind, values]) => [...values].map((value) => ({ kind, value }))));
    const rows = await queryRows<{ kind: IdentityKind; value: string; customer_id: string; has_user_id: boolean }>(
      db,
      sql`select i.kind, i.value, i.customer_id,
            exists (select 1 from customer_identities u where u.customer_id = i.customer_id and u.kind = 'user_id') as has_user_id
          from customer_identities i
          join jsonb_to_recordset(${pairs}::jsonb) as w(kind text, value text) on i.kind = w.kind and i.value = w.value
          where i.workspace_id = ${workspaceId}`,
    );
    for (const r of rows) {
      byIdentity.set(`${r.kind}:${r.value}`, r.customer_id);
      if (r.has_user_id) hasUserId.add(r.customer_id);
    }
  }

  function create(): string {
    const id = crypto.randomUUID();
    newCustomers.push({ id });
    return id;
  }

  function attach(kind: IdentityKind, value: string, customerId: string): void {
    const k = key(kind, value);
    if (byIdentity.has(k)) return;
    byIdentity.set(k, customerId);
    newIdentities.push({ kind, value: normaliseIdentity(kind, value), customerId });
    if (kind === 'user_id') hasUserId.add(customerId);
  }

  async function writePending(): Promise<void> {
    // One JSON parameter per insert: Drizzle's multi-row builder costs more CPU than the database does.
    if (newCustomers.length > 0) {
      const ids = JSON.stringify(newCustomers.splice(0).map((c) => c.id));
      await db.execute(sql`insert into customers (id, workspace_id) select v::uuid, ${workspaceId} from jsonb_array_elements_text(${ids}::jsonb) as v`);
    }
    if (newIdentities.length > 0) {
      const rows = JSON.stringify(newIdentities.splice(0).map((i) => ({ kind: i.kind, value: i.value, customer_id: canonical(i.customerId) })));
      await db.execute(sql`
        insert into customer_identities (workspace_id, kind, value, customer_id)
        select ${workspaceId}, v.kind, v.value, v.customer_id from jsonb_to_recordset(${rows}::jsonb) as v(kind text, value text, customer_id uuid)
        on conflict do nothing`);
    }
  }

  async function merge(intoId: string, fromId: string): Promise<void> {
    if (intoId === fromId) return;
    await writePending();
    await flushPatches();
    await mergeCustomers(db, workspaceId, intoId, fromId);
    mergedInto.set(fromId, intoId);
    if (hasUserId.has(fromId)) hasUserId.add(intoId);
  }

  function touch(customerId: string, e: IdentifiedEvent): void {
    const p = patches.get(customerId) ?? { id: customerId };
    if (!p.firstSeenAt || e.at < p.firstSeenAt) p.firstSeenAt = e.at;
    if (!p.lastSeenAt || e.at > p.lastSeenAt) p.lastSeenAt = e.at;
    if (e.kind === 'identify' && e.traits) {
      p.traits = { ...p.traits, ...e.traits };
      p.name = displayName(e.traits) ?? p.name;
      p.email = stringTrait(e.traits, 'email') ?? p.email;
      p.phone = stringTrait(e.traits, 'phone') ?? p.phone;
    }
    patches.set(customerId, p);
  }

  async function flushPatches(): Promise<void> {
    const list = [...patches.values()].map((p) => ({ ...p, id: canonical(p.id) }));
    patches.clear();
    await applyProfilePatches(db, workspaceId, list);
  }

  async function resolve(e: IdentifiedEvent): Promise<string | null> {
    let customerId: string | undefined;
    if (e.kind === 'alias' && e.previousId && e.userId) {
      const previous = lookup('user_id', e.previousId) ?? lookup('anonymous_id', e.previousId);
      const target = lookup('user_id', e.userId);
      if (target && previous) await merge(target, previous);
      customerId = target ?? previous ?? create();
      attach('user_id', e.userId, customerId);
      if (!previous) attach('anonymous_id', e.previousId, customerId);
    } else if (e.userId) {
      const known = lookup('user_id', e.userId);
      const anonymous = lookup('anonymous_id', e.anonymousId);
      if (known) {
        customerId = known;
        if (anonymous && anonymous !== known && !hasUserId.has(anonymous)) await merge(known, anonymous);
      } else {
        customerId = anonymous && !hasUserId.has(anonymous) ? anonymous : create();
        attach('user_id', e.userId, customerId);
      }
      if (e.anonymousId && !lookup('anonymous_id', e.anonymousId)) attach('anonymous_id', e.anonymousId, customerId);
    } else if (e.anonymousId) {
      customerId = lookup('anonymous_id', e.anonymousId);
      if (!customerId) {
        customerId = create();
        attach('anonymous_id', e.anonymousId, customerId);
      }
    } else {
      return null;
    }
    customerId = canonical(customerId);
    if (e.kind === 'identify') {
      for (const kind of ['email', 'phone'] as const) {
        const value = stringTrait(e.traits, kind);
        if (!value) continue;
        const owner = lookup(kind, value);
        if (!owner) attach(kind, value, customerId);
        else if (owner !== customerId && !hasUserId.has(owner)) await merge(customerId, owner);
      }
    }
    touch(customerId, e);
    return customerId;
  }

  async function flush(): Promise<void> {
    await writePending();
    await flushPatches();
  }

  return { preload, resolve, canonical, flush };
}

/** Counts, for tests and the admin page: customers that are not merged away. */
export async function countCustomers(db: Db, workspaceId: string): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from customers where workspace_id = ${workspaceId} and merged_into_id is null`,
  );
  return rows[0]!.n;
}
