import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.ts';
import { customerIdentities, customers } from './schema.ts';

/**
 * Other domains keep records that point at a customer (journey events, tickets,
 * survey answers). Each registers here how to move its records when two profiles
 * become one, so customers/ never reaches into their tables.
 */
export type MergeHandler = (db: Db, workspaceId: string, fromId: string, intoId: string) => Promise<void>;

const handlers: MergeHandler[] = [];

export function onCustomerMerged(handler: MergeHandler): void {
  if (!handlers.includes(handler)) handlers.push(handler);
}

/**
 * Merges `fromId` into `intoId` inside the caller's transaction: identities move,
 * traits combine (the surviving profile wins on conflicts), and `fromId` keeps a
 * pointer so old links still resolve.
 */
export async function mergeCustomers(db: Db, workspaceId: string, intoId: string, fromId: string): Promise<void> {
  if (intoId === fromId) return;
  await db
    .update(customerIdentities)
    .set({ customerId: intoId })
    .where(and(eq(customerIdentities.workspaceId, workspaceId), eq(customerIdentities.customerId, fromId)));
  await db.execute(sql`
    update customers c set
      traits = f.traits || c.traits,
      name = coalesce(c.name, f.name),
      email = coalesce(c.email, f.email),
      phone = coalesce(c.phone, f.phone),
      first_seen_at = least(c.first_seen_at, f.first_seen_at),
      last_seen_at = greatest(c.last_seen_at, f.last_seen_at),
      updated_at = now()
    from customers f
    where c.id = ${intoId} and f.id = ${fromId} and c.workspace_id = ${workspaceId} and f.workspace_id = ${workspaceId}`);
  await db
    .update(customers)
    .set({ mergedIntoId: intoId, updatedAt: sql`now()` })
    .where(and(eq(customers.workspaceId, workspaceId), sql`(${customers.id} = ${fromId} or ${customers.mergedIntoId} = ${fromId})`));
  for (const handler of handlers) await handler(db, workspaceId, fromId, intoId);
}
