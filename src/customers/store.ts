import crypto from 'node:crypto';
import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/client.ts';
import { customerIdentities, customers } from './schema.ts';

export type Customer = typeof customers.$inferSelect;
export type IdentityKind = (typeof customerIdentities.$inferSelect)['kind'];
export interface Identity {
  kind: IdentityKind;
  value: string;
}

/** Emails are matched case-insensitively; phone numbers on digits and a leading +. */
export function normaliseIdentity(kind: IdentityKind, value: string): string {
  const v = value.trim();
  if (kind === 'email') return v.toLowerCase();
  if (kind === 'phone') return v.replace(/[^\d+]/g, '');
  return v;
}

/** Follows merges: the id of the profile that now holds this customer, or undefined. */
export async function getCustomer(db: Db, workspaceId: string, id: string): Promise<Customer | undefined> {
  let currentId = id;
  for (let hops = 0; hops < 10; hops++) {
    const [row] = await db.select().from(customers).where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, currentId)));
    if (!row) return undefined;
    if (!row.mergedIntoId) return row;
    currentId = row.mergedIntoId;
  }
  return undefined;
}

export async function identitiesOf(db: Db, customerIds: string[]): Promise<Map<string, Identity[]>> {
  const result = new Map<string, Identity[]>();
  if (customerIds.length === 0) return result;
  const rows = await db
    .select({ customerId: customerIdentities.customerId, kind: customerIdentities.kind, value: customerIdentities.value })
    .from(customerIdentities)
    .where(inArray(customerIdentities.customerId, customerIds))
    .orderBy(customerIdentities.createdAt);
  for (const r of rows) {
    const list = result.get(r.customerId) ?? [];
    list.push({ kind: r.kind, value: r.value });
    result.set(r.customerId, list);
  }
  return result;
}

export async function findByIdentity(db: Db, workspaceId: string, identity: Identity): Promise<Customer | undefined> {
  const [row] = await db
    .select({ customer: customers })
    .from(customerIdentities)
    .innerJoin(customers, eq(customers.id, customerIdentities.customerId))
    .where(
      and(
        eq(customerIdentities.workspaceId, workspaceId),
        eq(customerIdentities.kind, identity.kind),
        eq(customerIdentities.value, normaliseIdentity(identity.kind, identity.value)),
      ),
    );
  return row?.customer;
}

export interface CustomerSearch {
  q?: string;
  after?: { lastSeenAt: string | null; id: string };
  limit: number;
}

/** Newest activity first; `q` matches the start of a name or email, or an exact identity value. */
export async function searchCustomers(db: Db, workspaceId: string, search: CustomerSearch): Promise<Customer[]> {
  const conditions: SQL[] = [eq(customers.workspaceId, workspaceId), isNull(customers.mergedIntoId)];
  if (search.q) {
    const q = search.q.trim().toLowerCase();
    const prefix = `${q.replace(/[\\%_]/g, '\\$&')}%`;
    conditions.push(sql`(lower(${customers.name}) like ${prefix} or lower(${customers.email}) like ${prefix}
      or lower(${customers.name}) like ${'% ' + prefix}
      or exists (select 1 from customer_identities i where i.customer_id = ${customers.id} and i.value = ${search.q.trim()}))`);
  }
  if (search.after) {
    const { lastSeenAt, id } = search.after;
    // Keyset pagination over (last_seen_at desc nulls last, id).
    conditions.push(
      lastSeenAt === null
        ? sql`(${customers.lastSeenAt} is null and ${customers.id} > ${id})`
        : sql`(${customers.lastSeenAt} < ${lastSeenAt}::timestamptz or ${customers.lastSeenAt} is null
             or (${customers.lastSeenAt} = ${lastSeenAt}::timestamptz and ${customers.id} > ${id}))`,
    );
  }
  return db
    .select()
    .from(customers)
    .where(and(...conditions))
    .orderBy(sql`${customers.lastSeenAt} desc nulls last`, customers.id)
    .limit(search.limit);
}

export interface NewCustomer {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  traits?: Record<string, unknown>;
  seenAt?: Date;
}

export async function createCustomer(db: Db, workspaceId: string, input: NewCustomer, identities: Identity[]): Promise<Customer> {
  const [row] = await db
    .insert(customers)
    .values({
      id: crypto.randomUUID(),
      workspaceId,
      name: input.name ?? null,
      email: input.email ? normaliseIdentity('email', input.email) : null,
      phone: input.phone ?? null,
      traits: input.traits ?? {},
      firstSeenAt: input.seenAt ?? null,
      lastSeenAt: input.seenAt ?? null,
    })
    .returning();
  await attachIdentities(db, workspaceId, row!.id, identities);
  return row!;
}

export async function attachIdentities(db: Db, workspaceId: string, customerId: string, identities: Identity[]): Promise<void> {
  if (identities.length === 0) return;
  await db
    .insert(customerIdentities)
    .values(identities.map((i) => ({ workspaceId, customerId, kind: i.kind, value: normaliseIdentity(i.kind, i.value) })))
    .onConflictDoNothing();
}

export interface ProfilePatch {
  id: string;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  traits?: Record<string, unknown>;
  firstSeenAt?: Date | null;
  lastSeenAt?: Date | null;
}

/** Applies many profile updates in one statement: traits are merged, seen times widened. */
export async function applyProfilePatches(db: Db, workspaceId: string, patches: ProfilePatch[]): Promise<void> {
  if (patches.length === 0) return;
  const json = JSON.stringify(
    patches.map((p) => ({
      id: p.id,
      name: p.name ?? null,
      email: p.email ? normaliseIdentity('email', p.email) : null,
      phone: p.phone ?? null,
      traits: p.traits ?? {},
      first_seen_at: p.firstSeenAt?.toISOString() ?? null,
      last_seen_at: p.lastSeenAt?.toISOString() ?? null,
    })),
  );
  await db.execute(sql`
    update customers c set
      name = coalesce(v.name, c.name),
      email = coalesce(v.email, c.email),
      phone = coalesce(v.phone, c.phone),
      traits = c.traits || v.traits,
      first_seen_at = least(c.first_seen_at, v.first_seen_at),
      last_seen_at = greatest(c.last_seen_at, v.last_seen_at),
      updated_at = now()
    from jsonb_to_recordset(${json}::jsonb) as v(id uuid, name text, email text, phone text, traits jsonb, first_seen_at timestamptz, last_seen_at timestamptz)
    where c.id = v.id and c.workspace_id = ${workspaceId}`);
}

/**
 * The customer behind an email address or user id, created when unknown: how a
 * ticket or a survey answer from someone new starts a profile.
 */
export async function findOrCreateCustomer(
  db: Db,
  workspaceId: string,
  who: { email?: string; userId?: string; name?: string; phone?: string },
): Promise<Customer> {
  const identities: Identity[] = [];
  if (who.userId) identities.push({ kind: 'user_id', value: who.userId });
  if (who.email) identities.push({ kind: 'email', value: who.email });
  if (who.phone) identities.push({ kind: 'phone', value: who.phone });
  if (identities.length === 0) throw new Error('findOrCreateCustomer needs an email, a user id or a phone');
  for (const identity of identities) {
    const found = await findByIdentity(db, workspaceId, identity);
    if (found) {
      const live = (await getCustomer(db, workspaceId, found.id))!;
      await attachIdentities(db, workspaceId, live.id, identities);
      if (who.name && !live.name) await applyProfilePatches(db, workspaceId, [{ id: live.id, name: who.name }]);
      return live;
    }
  }
  return createCustomer(db, workspaceId, { name: who.name, email: who.email, phone: who.phone, seenAt: new Date() }, identities);
}

/** Several profiles at once (for lists that show a customer per row). */
export async function customersByIds(db: Db, workspaceId: string, ids: string[]): Promise<Customer[]> {
  if (ids.length === 0) return [];
  return db.select().from(customers).where(and(eq(customers.workspaceId, workspaceId), inArray(customers.id, ids)));
}

/** A page of the workspace's customers who have an email address, in id order (for sends that reach everyone, a page at a time). */
export async function customerIdsWithEmail(db: Db, workspaceId: string, after: string | undefined, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), sql`${customers.email} is not null`, isNull(customers.mergedIntoId), after ? sql`${customers.id} > ${after}` : sql`true`))
    .orderBy(customers.id)
    .limit(limit);
  return rows.map((r) => r.id);
}
