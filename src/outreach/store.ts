import crypto from 'node:crypto';
import { and, asc, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.ts';
import { outreachActions, outreachRules } from './schema.ts';

export type OutreachRule = typeof outreachRules.$inferSelect;
export type NewOutreachRule = Omit<typeof outreachRules.$inferInsert, 'id'>;
export type OutreachActionRow = typeof outreachActions.$inferSelect;

export async function insertRule(db: Db, row: NewOutreachRule): Promise<OutreachRule> {
  const [rule] = await db.insert(outreachRules).values({ id: crypto.randomUUID(), ...row }).returning();
  return rule!;
}

export async function getRule(db: Db, workspaceId: string, id: string): Promise<OutreachRule | undefined> {
  const [row] = await db.select().from(outreachRules).where(and(eq(outreachRules.workspaceId, workspaceId), eq(outreachRules.id, id)));
  return row;
}

export async function listRules(db: Db, workspaceId: string): Promise<OutreachRule[]> {
  return db.select().from(outreachRules).where(eq(outreachRules.workspaceId, workspaceId)).orderBy(asc(outreachRules.createdAt), asc(outreachRules.id));
}

export async function updateRule(db: Db, workspaceId: string, id: string, patch: Partial<NewOutreachRule>): Promise<OutreachRule | undefined> {
  const [row] = await db.update(outreachRules).set(patch).where(and(eq(outreachRules.workspaceId, workspaceId), eq(outreachRules.id, id))).returning();
  return row;
}

export async function deleteRule(db: Db, workspaceId: string, id: string): Promise<boolean> {
  return (await db.delete(outreachRules).where(and(eq(outreachRules.workspaceId, workspaceId), eq(outreachRules.id, id))).returning({ id: outreachRules.id })).length > 0;
}

/** Enabled rules whose trigger is of this kind (and, for events, this event). */
export async function enabledRules(db: Db, workspaceId: string, kind: string, event?: string): Promise<OutreachRule[]> {
  return db
    .select()
    .from(outreachRules)
    .where(
      and(
        eq(outreachRules.workspaceId, workspaceId),
        eq(outreachRules.enabled, true),
        sql`${outreachRules.trigger}->>'kind' = ${kind}`,
        event === undefined ? undefined : sql`${outreachRules.trigger}->>'event' = ${event}`,
      ),
    );
}

export async function lastActionSince(db: Db, ruleId: string, customerId: string, since: Date): Promise<OutreachActionRow | undefined> {
  const [row] = await db
    .select()
    .from(outreachActions)
    .where(and(eq(outreachActions.ruleId, ruleId), eq(outreachActions.customerId, customerId), gte(outreachActions.firedAt, since)))
    .orderBy(desc(outreachActions.firedAt))
    .limit(1);
  return row;
}

export async function insertAction(db: Db, row: Omit<typeof outreachActions.$inferInsert, 'id'>): Promise<OutreachActionRow> {
  const [action] = await db.insert(outreachActions).values({ id: crypto.randomUUID(), ...row }).returning();
  return action!;
}

export async function listActions(db: Db, workspaceId: string, filter: { ruleId?: string; from?: Date; to?: Date }, limit: number): Promise<OutreachActionRow[]> {
  return db
    .select()
    .from(outreachActions)
    .where(
      and(
        eq(outreachActions.workspaceId, workspaceId),
        filter.ruleId ? eq(outreachActions.ruleId, filter.ruleId) : undefined,
        filter.from ? gte(outreachActions.firedAt, filter.from) : undefined,
        filter.to ? lt(outreachActions.firedAt, filter.to) : undefined,
      ),
    )
    .orderBy(desc(outreachActions.firedAt), desc(outreachActions.id))
    .limit(limit);
}
