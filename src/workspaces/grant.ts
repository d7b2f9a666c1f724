import crypto from 'node:crypto';
import type { Role } from '../platform/auth/policies.ts';
import type { Db } from '../platform/db/client.ts';
import { addMember, createUser, findUserByEmail } from './store.ts';

export interface Granted {
  email: string;
  /** Set only when a new user was made without a password given: shown once, never stored in clear. */
  generatedPassword?: string;
}

/**
 * Gives a person a role in a workspace, from the CLI or at the first start. A new user
 * gets the password given, or a generated one returned to be shown once; an existing
 * user keeps theirs. Both rows or neither.
 */
export async function grantAccess(db: Db, workspaceId: string, person: { email: string; name?: string; role: Role; password?: string }): Promise<Granted> {
  return db.transaction(async (tx) => {
    const email = person.email.trim().toLowerCase();
    const existing = await findUserByEmail(tx, email);
    const generatedPassword = existing || person.password ? undefined : crypto.randomBytes(12).toString('base64url');
    const user = existing ?? (await createUser(tx, { email, name: person.name ?? email.split('@')[0]!, password: person.password ?? generatedPassword! }));
    await addMember(tx, workspaceId, user.id, person.role);
    return { email, generatedPassword };
  });
}
