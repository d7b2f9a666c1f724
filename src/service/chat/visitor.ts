import type { Db } from '../../platform/db/client.ts';
import { attachIdentities, createCustomer, findByIdentity, findOrCreateCustomer, getCustomer, type Customer } from '../../customers/store.ts';

export interface Visitor {
  /** The widget's anonymous id (analytics.js's when the page has it), so the chat joins the visitor's journey. */
  anonymousId: string;
  email?: string;
  name?: string;
}

/**
 * The customer behind a widget visitor: by email when given, else by the
 * anonymous id, else a new profile. The anonymous id is attached only while it
 * is nobody's: an id already tied to someone else is a shared device, and, as
 * identity resolution does, is not moved.
 */
export async function visitorCustomer(db: Db, workspaceId: string, visitor: Visitor): Promise<Customer> {
  const anonymous = { kind: 'anonymous_id' as const, value: visitor.anonymousId };
  const owner = await findByIdentity(db, workspaceId, anonymous);
  if (visitor.email) {
    const customer = await findOrCreateCustomer(db, workspaceId, { email: visitor.email, name: visitor.name });
    if (!owner) await attachIdentities(db, workspaceId, customer.id, [anonymous]);
    return customer;
  }
  const known = owner && (await getCustomer(db, workspaceId, owner.id));
  return known ?? createCustomer(db, workspaceId, { name: visitor.name, seenAt: new Date() }, [anonymous]);
}
