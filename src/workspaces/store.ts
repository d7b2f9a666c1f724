import crypto from 'node:crypto';
import { and, eq, isNull, ne, not, sql, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '../platform/db/client.ts';
import type { Role } from '../platform/auth/policies.ts';
import { hashPassword, randomToken, sha256 } from '../platform/auth/secrets.ts';
import { admitAttempt, type AttemptVerdict } from './login-lockout.ts';
import { apiKeys, loginAttempts, memberships, sessions, users, workspaces } from './schema.ts';

export type Workspace = typeof workspaces.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type MemberStatus = (typeof memberships.$inferSelect)['status'];
export interface SessionPolicy {
  idleHours: number;
  maxHours: number;
}

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

const normalEmail = (email: string) => email.trim().toLowerCase();

export async function findUserByEmail(db: Db, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, normalEmail(email)));
  return row;
}

export async function getUser(db: Db, id: string) {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function setPassword(db: Db, userId: string, password: string): Promise<void> {
  await db.update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.id, userId));
}

export async function createUser(db: Db, input: { email: string; name: string; password: string }) {
  const [row] = await db
    .insert(users)
    .values({ id: crypto.randomUUID(), email: input.email.trim().toLowerCase(), name: input.name, passwordHash: await hashPassword(input.password) })
    .returning();
  return row!;
}

/** Adds the person, or brings a removed one back, active, with this role. */
export async function addMember(db: Db, workspaceId: string, userId: string, role: Role): Promise<void> {
  await db
    .insert(memberships)
    .values({ workspaceId, userId, role })
    .onConflictDoUpdate({ target: [memberships.userId, memberships.workspaceId], set: { role, status: 'active' } });
}

export async function membershipOf(db: Db, workspaceId: string, userId: string) {
  const [row] = await db
    .select({ role: memberships.role, status: memberships.status })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  return row;
}

export async function updateMembership(db: Db, workspaceId: string, userId: string, change: { role: Role; status: MemberStatus }): Promise<void> {
  await db
    .update(memberships)
    .set(change)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
}

export async function adminsOf(db: Db, workspaceId: string) {
  return db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, 'admin'), eq(memberships.status, 'active')));
}

/** The workspace's active admins, their rows locked until the transaction ends (so two changes cannot each leave the other as the last). */
export async function lockActiveAdmins(db: Db, workspaceId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, 'admin'), eq(memberships.status, 'active')))
    .for('update');
  return rows.map((r) => r.userId);
}

/** The workspaces this person may work in now (active memberships). */
export async function membershipsOf(db: Db, userId: string) {
  return db
    .select({ workspaceId: workspaces.id, slug: workspaces.slug, name: workspaces.name, role: memberships.role })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(and(eq(memberships.userId, userId), eq(memberships.status, 'active')))
    .orderBy(workspaces.createdAt);
}

/** The people of the workspace with their status; removed ones only when asked (their names on past work). */
export async function listPeople(db: Db, workspaceId: string, options: { includeRemoved?: boolean } = {}) {
  return db
    .select({ id: users.id, email: users.email, name: users.name, role: memberships.role, status: memberships.status, createdAt: users.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), options.includeRemoved ? undefined : ne(memberships.status, 'removed')))
    .orderBy(users.createdAt);
}

/** Those who work in the workspace now (active members): who can be assigned, routed to, named as an agent. */
export async function listMembers(db: Db, workspaceId: string) {
  return db
    .select({ id: users.id, email: users.email, name: users.name, role: memberships.role, createdAt: users.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.status, 'active')))
    .orderBy(users.createdAt);
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

// ---- sessions: they end when unused for the workspace's idle lifetime, or at its maximum after login ----

/** The session has lived past these lifetimes (its workspace's columns, or values about to be set). */
const outlived = (lifetimes: { maxHours: SQLWrapper | number; idleHours: SQLWrapper | number }) =>
  sql`(${sessions.createdAt} <= now() - make_interval(hours => ${lifetimes.maxHours}) or ${sessions.lastSeenAt} <= now() - make_interval(hours => ${lifetimes.idleHours}))`;

export async function createSession(db: Db, userId: string, workspaceId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken('');
  const [created] = await db
    .insert(sessions)
    .values({ tokenHash: sha256(token), userId, workspaceId })
    .returning({ createdAt: sessions.createdAt });
  const policy = await getSessionPolicy(db, workspaceId);
  return { token, expiresAt: new Date(created!.createdAt.getTime() + policy.maxHours * 3_600_000) };
}

/** A live session of an active member; `sessionId` is its stored id (the token's hash). */
export async function findSession(db: Db, token: string) {
  const [row] = await db
    .select({ sessionId: sessions.tokenHash, userId: sessions.userId, workspaceId: sessions.workspaceId, role: memberships.role, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .innerJoin(memberships, and(eq(memberships.userId, sessions.userId), eq(memberships.workspaceId, sessions.workspaceId), eq(memberships.status, 'active')))
    .innerJoin(workspaces, eq(workspaces.id, sessions.workspaceId))
    // Judged at every request against the workspace's current lifetimes: a change applies to open sessions.
    .where(and(eq(sessions.tokenHash, sha256(token)), not(outlived({ maxHours: workspaces.sessionMaxHours, idleHours: workspaces.sessionIdleHours }))));
  return row;
}

export async function touchSession(db: Db, sessionId: string): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.tokenHash, sessionId));
}

export async function switchSessionWorkspace(db: Db, token: string, workspaceId: string): Promise<string> {
  await db.update(sessions).set({ workspaceId }).where(eq(sessions.tokenHash, sha256(token)));
  return sha256(token);
}

/** Ends the session of this token; its id when there was one. */
export async function deleteSession(db: Db, token: string): Promise<string | undefined> {
  const [row] = await db.delete(sessions).where(eq(sessions.tokenHash, sha256(token))).returning({ sessionId: sessions.tokenHash });
  return row?.sessionId;
}

/** Ends a person's sessions: all of them, those in one workspace, or all but the one that asked. */
export async function endSessions(db: Db, which: { userId: string; workspaceId?: string; exceptSessionId?: string }): Promise<void> {
  await db
    .delete(sessions)
    .where(
      and(
        eq(sessions.userId, which.userId),
        which.workspaceId ? eq(sessions.workspaceId, which.workspaceId) : undefined,
        which.exceptSessionId ? ne(sessions.tokenHash, which.exceptSessionId) : undefined,
      ),
    );
}

export async function getSessionPolicy(db: Db, workspaceId: string): Promise<SessionPolicy> {
  const [row] = await db
    .select({ idleHours: workspaces.sessionIdleHours, maxHours: workspaces.sessionMaxHours })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  return row!;
}

/** Sets the lifetimes and ends the workspace's sessions they rule out; returns the ended sessions' ids. */
export async function setSessionPolicy(db: Db, workspaceId: string, policy: SessionPolicy): Promise<string[]> {
  await db.update(workspaces).set({ sessionIdleHours: policy.idleHours, sessionMaxHours: policy.maxHours }).where(eq(workspaces.id, workspaceId));
  const ended = await db
    .delete(sessions)
    .where(and(eq(sessions.workspaceId, workspaceId), outlived(policy)))
    .returning({ sessionId: sessions.tokenHash });
  return ended.map((r) => r.sessionId);
}

// ---- login attempts per email address (see login-lockout.ts) ----

/** Counts an attempt to log in as this email, or refuses it while the address is locked. */
export async function admitLoginAttempt(db: Db, email: string): Promise<AttemptVerdict> {
  const emailHash = sha256(normalEmail(email));
  return db.transaction(async (tx) => {
    const created = await tx.insert(loginAttempts).values({ emailHash }).onConflictDoNothing().returning({ emailHash: loginAttempts.emailHash });
    // A new address (a probe of a made-up email, often): a moment to forget those quiet for a day.
    if (created.length) await tx.delete(loginAttempts).where(sql`${loginAttempts.lastAttemptAt} < now() - interval '1 day'`);
    const [row] = await tx
      .select({ failures: loginAttempts.failures, lastAttemptAt: loginAttempts.lastAttemptAt, lockedUntil: loginAttempts.lockedUntil, now: sql<number>`(extract(epoch from now()) * 1000)::float8` })
      .from(loginAttempts)
      .where(eq(loginAttempts.emailHash, emailHash))
      .for('update');
    // The database's clock, so that every server process judges alike.
    const verdict = admitAttempt(row!, new Date(Number(row!.now)));
    if (!verdict.refused) await tx.update(loginAttempts).set(verdict.next).where(eq(loginAttempts.emailHash, emailHash));
    return verdict;
  });
}

/** The right password: the count starts again. */
export async function clearLoginAttempts(db: Db, email: string): Promise<void> {
  await db.delete(loginAttempts).where(eq(loginAttempts.emailHash, sha256(normalEmail(email))));
}
