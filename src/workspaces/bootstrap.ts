import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.ts';
import { ensureConversationTouchpoints, seedDefaultCatalog } from '../touchpoints/catalog.ts';
import { addMember, createUser, ensureWorkspace, type Workspace } from './store.ts';
import { queryRows } from '../platform/db/query.ts';
import { passwordWeakness } from '../platform/auth/password-policy.ts';

export const DEFAULT_WORKSPACE = { slug: 'default', name: 'My company' };

/** A workspace with the default touchpoint catalog; idempotent. */
export async function ensureWorkspaceWithCatalog(db: Db, slug: string, name: string): Promise<Workspace> {
  return db.transaction(async (tx) => {
    const { workspace, created } = await ensureWorkspace(tx, slug, name);
    if (created) await seedDefaultCatalog(tx, workspace.id);
    return workspace;
  });
}

export interface FirstAdmin {
  email: string;
  /** Set only when generated here: shown once, never stored in clear. */
  generatedPassword?: string;
}

/**
 * At every start: the default workspace, the conversation touchpoints of every
 * workspace, and on the first start an admin. The admin's password comes from
 * TOUCHPOINT_ADMIN_PASSWORD or is generated and returned once to be printed.
 */
export async function bootstrap(db: Db, admin: { email?: string; password?: string }): Promise<{ workspace: Workspace; firstAdmin?: FirstAdmin }> {
  const workspace = await ensureWorkspaceWithCatalog(db, DEFAULT_WORKSPACE.slug, DEFAULT_WORKSPACE.name);
  await ensureConversationTouchpoints(db);
  const rows = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from users`);
  if (rows[0]!.n > 0) return { workspace };
  const email = admin.email ?? 'admin@touchpoint.local';
  const weakness = admin.password ? passwordWeakness(admin.password, { email }) : null;
  if (weakness) throw new Error(`Invalid configuration: TOUCHPOINT_ADMIN_PASSWORD ${weakness}.`);
  const generatedPassword = admin.password ? undefined : crypto.randomBytes(12).toString('base64url');
  const user = await createUser(db, { email, name: 'Admin', password: admin.password ?? generatedPassword! });
  await addMember(db, workspace.id, user.id, 'admin');
  return { workspace, firstAdmin: { email, generatedPassword } };
}
