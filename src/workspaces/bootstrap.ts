import type { Db } from '../platform/db/client.ts';
import { ensureConversationTouchpoints, seedDefaultCatalog } from '../touchpoints/catalog.ts';
import { passwordWeakness } from '../platform/auth/password-policy.ts';
import { grantAccess, type Granted } from './grant.ts';
import { adminsOf, ensureWorkspace, type Workspace } from './store.ts';

export const DEFAULT_WORKSPACE = { slug: 'default', name: 'My company' };

/** A workspace with the default touchpoint catalog; idempotent. */
export async function ensureWorkspaceWithCatalog(db: Db, slug: string, name: string): Promise<Workspace> {
  return db.transaction(async (tx) => {
    const { workspace, created } = await ensureWorkspace(tx, slug, name);
    if (created) await seedDefaultCatalog(tx, workspace.id);
    return workspace;
  });
}

export type FirstAdmin = Granted;

/**
 * At every start: the default workspace, the conversation touchpoints of every
 * workspace, and an admin of the default workspace whenever it has none: at the first
 * start, or after CLI commands run before it made users for other workspaces only. The
 * admin's password comes from TOUCHPOINT_ADMIN_PASSWORD or is generated and returned
 * once to be printed.
 */
export async function bootstrap(db: Db, admin: { email?: string; password?: string }): Promise<{ workspace: Workspace; firstAdmin?: FirstAdmin }> {
  const workspace = await ensureWorkspaceWithCatalog(db, DEFAULT_WORKSPACE.slug, DEFAULT_WORKSPACE.name);
  await ensureConversationTouchpoints(db);
  if ((await adminsOf(db, workspace.id)).length > 0) return { workspace };
  const email = admin.email ?? 'admin@touchpoint.local';
  const weakness = admin.password ? passwordWeakness(admin.password, { email }) : null;
  if (weakness) throw new Error(`Invalid configuration: TOUCHPOINT_ADMIN_PASSWORD ${weakness}.`);
  return { workspace, firstAdmin: await grantAccess(db, workspace.id, { email, name: 'Admin', role: 'admin', password: admin.password }) };
}
