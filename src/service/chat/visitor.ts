import type { Db } from '../../platform/db/client.ts';
import { attachIdentities, createCustomer, findByIdentity, findOrCreateCustomer, getCustomer, type Customer } from '../../customers/store.ts';

export interface Visitor {
  /** The widget's anonymous id (analytics.js's when the page has it), so the chat joins the visitor's journey. */
  anonymousId: string;
  /** The page's own id of a logged-in visitor (analytics.js's userId). */
  userId?: string;
  email?: string;
  name?: string;
}

/**
 * The customer behind a widget visitor: by email or user id when given, else by
 * the anonymous id, else a new profile. The anonymous id is attached only while
 * it is nobody's: an id already tied to someone else is a shared device, and, as
 * identity resolution does, is not moved.
 */
export async function visitorCustomer(db: Db, workspaceId: string, visitor: Visitor): Promise<Customer> {
  const anonymous = { kind: 'anonymous_id' as const, value: visitor.anonymousId };
  const owner = await findByIdentity(db, workspaceId, anonymous);
  if (visitor.email || visitor.userId) {
    const customer = await findOrCreateCustomer(db, workspaceId, { email: visitor.email, userId: visitor.userId, name: visitor.name });
    if (!owner) await attachIdentities(db, workspaceId, customer.id, [anonymous]);
    return customer;
  }
  const known = owner && (await getCustomer(db, workspaceId, owner.id));
  return known ?? createCustomer(db, workspaceId, { name: visitor.name, seenAt: new Date() }, [anonymous]);
}

/** The customer a visitor already is, without creating one (for questions that must not write). */
export async function knownVisitor(db: Db, workspaceId: string, visitor: Pick<Visitor, 'anonymousId' | 'userId'>): Promise<Customer | undefined> {
  const found =
    (visitor.userId && (await findByIdentity(db, workspaceId, { kind: 'user_id', value: visitor.userId }))) ||
    (await findByIdentity(db, workspaceId, { kind: 'anonymous_id', value: visitor.anonymousId }));
  return found ? getCustomer(db, workspaceId, found.id) : undefined;
}
