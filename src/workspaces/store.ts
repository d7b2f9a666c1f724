import crypto from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.ts';
import type { Role } from '../platform/auth/policies.ts';
import { hashPassword, randomToken, sha256 } from '../platform/auth/secrets.ts';
import { apiKeys, memberships, sessions, users, workspaces } from './schema.ts';

export type Workspace = typeof workspaces.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;

export async function findWorkspaceBySlug(db: Db, slug: string): Promise<Workspace | undefined> {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.slug, slug));
  return row;
}

export async function getWorkspace(db: Db, id: string): Promise<Workspace | undefined> {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.id, id));
  return row;
}

/** Every workspace's id (for per-workspace background work). */
export async function listWorkspaceIds(db: Db): Promise<string[]> {
  const rows = await db.select({ id: workspaces.id }).from(workspaces);
  return rows.map((r) => r.id);
}

/** Creates the workspace, or returns the existing one with that slug (safe to call twice). */
export async function ensureWorkspace(db: Db, slug: string, name: string): Promise<{ workspace: Workspace; created: boolean }> {
  const inserted = await db
    .insert(workspaces)
    .values({ id: crypto.randomUUID(), slug, name })
    .onConflictDoNothing({ target: workspaces.slug })
    .returning();
  if (inserted[0]) return { workspace: inserted[0], created: true };
  return { workspace: (await findWorkspaceBySlug(db, slug))!, created: false };
}

export async function findUserByEmail(db: Db, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  return row;
}

export async function createUser(db: Db, input: { email: string; name: string; password: string }) {
  const [row] = await db
    .insert(users)
    .values({ id: crypto.randomUUID(), email: input.email.trim().toLowerCase(), name: input.name, passwordHash: await hashPassword(input.password) })
    .returning();
  return row!;
}

export async function addMember(db: Db, workspaceId: string, userId: string, role: Role): Promise<void> {
  await db
    .insert(memberships)
    .values({ workspaceId, userId, role })
    .onConflictDoUpdate({ target: [memberships.userId, memberships.workspaceId], set: { role } });
}

export async function membershipsOf(db: Db, userId: string) {
  return db
    .select({ workspaceId: workspaces.id, slug: workspaces.slug, name: workspaces.name, role: memberships.role })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, userId))
    .orderBy(workspaces.createdAt);
}

export async function listMembers(db: Db, workspaceId: string) {
  return db
    .select({ id: users.id, email: users.email, name: users.name, role: memberships.role, createdAt: users.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, workspaceId))
    .orderBy(users.createdAt);
}

export async function adminsOf(db: Db, workspaceId: string) {
  return db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, 'admin')));
}

// ---- API keys: the plaintext is returned once, only its hash is kept ----

export async function createApiKey(db: Db, workspaceId: string, type: 'write' | 'secret', name: string) {
  const key = randomToken(`tp_${type}_`);
  const [row] = await db
    .insert(apiKeys)
    .values({ id: crypto.randomUUID(), workspaceId, type, name, prefix: key.slice(0, type.length + 8), keyHash: sha256(key) })
    .returning();
  return { key, record: row! };
}

export async function listApiKeys(db: Db, workspaceId: string) {
  return db.select().from(apiKeys).where(and(eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt))).orderBy(apiKeys.createdAt);
}

export async function revokeApiKey(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

export async function findApiKey(db: Db, key: string): Promise<ApiKey | undefined> {
  const [row] = await db.select().from(apiKeys).where(and(eq(apiKeys.keyHash, sha256(key)), isNull(apiKeys.revokedAt)));
  return row;
}

export async function touchApiKey(db: Db, id: string): Promise<void> {
  await db.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(eq(apiKeys.id, id));
}

// ---- sessions ----

const SESSION_DAYS = 30;

export async function createSession(db: Db, userId: string, workspaceId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken('');
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await db.insert(sessions).values({ tokenHash: sha256(token), userId, workspaceId, expiresAt });
  return { token, expiresAt };
}

export async function findSession(db: Db, token: string) {
  const [row] = await db
    .select({ userId: sessions.userId, workspaceId: sessions.workspaceId, role: memberships.role })
    .from(sessions)
    .innerJoin(memberships, and(eq(memberships.userId, sessions.userId), eq(memberships.workspaceId, sessions.workspaceId)))
    .where(and(eq(sessions.tokenHash, sha256(token)), sql`${sessions.expiresAt} > now()`));
  return row;
}

export async function switchSessionWorkspace(db: Db, token: string, workspaceId: string): Promise<void> {
  await db.update(sessions).set({ workspaceId }).where(eq(sessions.tokenHash, sha256(token)));
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, sha256(token)));
}
