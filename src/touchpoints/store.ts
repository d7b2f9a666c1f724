import crypto from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../platform/db/client.ts';
import { touchpointRules, touchpoints } from './schema.ts';
import type { Rule } from './rules.ts';

export type Touchpoint = typeof touchpoints.$inferSelect;
export type TouchpointRule = typeof touchpointRules.$inferSelect;

export async function listTouchpoints(db: Db, workspaceId: string): Promise<Touchpoint[]> {
  return db.select().from(touchpoints).where(eq(touchpoints.workspaceId, workspaceId)).orderBy(asc(touchpoints.createdAt), asc(touchpoints.name));
}

export async function getTouchpoint(db: Db, workspaceId: string, id: string): Promise<Touchpoint | undefined> {
  const [row] = await db.select().from(touchpoints).where(and(eq(touchpoints.workspaceId, workspaceId), eq(touchpoints.id, id)));
  return row;
}

export async function findTouchpointByName(db: Db, workspaceId: string, name: string): Promise<Touchpoint | undefined> {
  const [row] = await db.select().from(touchpoints).where(and(eq(touchpoints.workspaceId, workspaceId), eq(touchpoints.name, name)));
  return row;
}

export async function createTouchpoint(db: Db, workspaceId: string, input: { name: string; stage: string; channel: string; description?: string | null }) {
  const [row] = await db
    .insert(touchpoints)
    .values({ id: crypto.randomUUID(), workspaceId, ...input, description: input.description ?? null })
    .onConflictDoNothing()
    .returning();
  return row;
}

export async function updateTouchpoint(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Partial<{ name: string; stage: string; channel: string; description: string | null }>,
) {
  const [row] = await db
    .update(touchpoints)
    .set(patch)
    .where(and(eq(touchpoints.workspaceId, workspaceId), eq(touchpoints.id, id)))
    .returning();
  return row;
}

export async function deleteTouchpoint(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const rows = await db.delete(touchpoints).where(and(eq(touchpoints.workspaceId, workspaceId), eq(touchpoints.id, id))).returning({ id: touchpoints.id });
  return rows.length > 0;
}

export async function listRules(db: Db, workspaceId: string): Promise<TouchpointRule[]> {
  return db.select().from(touchpointRules).where(eq(touchpointRules.workspaceId, workspaceId)).orderBy(asc(touchpointRules.priority), asc(touchpointRules.createdAt));
}

/** The rules in the shape the pure matcher takes. */
export async function loadRules(db: Db, workspaceId: string): Promise<Rule[]> {
  return (await listRules(db, workspaceId)).map((r) => ({
    touchpointId: r.touchpointId,
    eventKind: r.eventKind,
    eventName: r.eventName,
    pathPattern: r.pathPattern,
    priority: r.priority,
  }));
}

export async function createRule(
  db: Db,
  workspaceId: string,
  touchpointId: string,
  input: { eventKind?: string | null; eventName?: string | null; pathPattern?: string | null; priority?: number },
) {
  const [row] = await db
    .insert(touchpointRules)
    .values({
      id: crypto.randomUUID(),
      workspaceId,
      touchpointId,
      eventKind: input.eventKind ?? null,
      eventName: input.eventName ?? null,
      pathPattern: input.pathPattern ?? null,
      priority: input.priority ?? 100,
    })
    .returning();
  return row!;
}

export async function deleteRule(db: Db, workspaceId: string, ruleId: string): Promise<boolean> {
  const rows = await db
    .delete(touchpointRules)
    .where(and(eq(touchpointRules.workspaceId, workspaceId), eq(touchpointRules.id, ruleId)))
    .returning({ id: touchpointRules.id });
  return rows.length > 0;
}

/** Name, stage and channel by id, for presenting journey entries. */
export async function touchpointIndex(db: Db, workspaceId: string): Promise<Map<string, Touchpoint>> {
  return new Map((await listTouchpoints(db, workspaceId)).map((t) => [t.id, t]));
}
