import crypto from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { automations, macros } from '../schema.ts';
import type { Action, Condition } from './rules.ts';

export type Macro = typeof macros.$inferSelect;
export type Automation = typeof automations.$inferSelect;
export type Trigger = Automation['trigger'];

export interface MacroInput {
  name: string;
  reply: string | null;
  replyPublic: boolean;
  actions: Action[];
}

export interface AutomationInput {
  name: string;
  trigger: Trigger;
  conditions: Condition[];
  actions: Action[];
  enabled: boolean;
  position: number;
}

export const listMacros = (db: Db, workspaceId: string) => db.select().from(macros).where(eq(macros.workspaceId, workspaceId)).orderBy(asc(macros.name));

export async function getMacro(db: Db, workspaceId: string, id: string): Promise<Macro | undefined> {
  const [row] = await db.select().from(macros).where(and(eq(macros.workspaceId, workspaceId), eq(macros.id, id)));
  return row;
}

export async function findMacroByName(db: Db, workspaceId: string, name: string): Promise<Macro | undefined> {
  const [row] = await db.select().from(macros).where(and(eq(macros.workspaceId, workspaceId), eq(macros.name, name)));
  return row;
}

export async function insertMacro(db: Db, workspaceId: string, input: MacroInput): Promise<Macro> {
  const [row] = await db.insert(macros).values({ id: crypto.randomUUID(), workspaceId, ...input }).returning();
  return row!;
}

export async function updateMacro(db: Db, workspaceId: string, id: string, patch: Partial<MacroInput>): Promise<Macro | undefined> {
  const [row] = await db.update(macros).set({ ...patch, updatedAt: new Date() }).where(and(eq(macros.workspaceId, workspaceId), eq(macros.id, id))).returning();
  return row;
}

export async function deleteMacro(db: Db, workspaceId: string, id: string): Promise<boolean> {
  return (await db.delete(macros).where(and(eq(macros.workspaceId, workspaceId), eq(macros.id, id))).returning({ id: macros.id })).length > 0;
}

export const listAutomations = (db: Db, workspaceId: string) =>
  db.select().from(automations).where(eq(automations.workspaceId, workspaceId)).orderBy(asc(automations.position), asc(automations.createdAt));

/** The enabled automations of one trigger, in the order they run. */
export const automationsFor = (db: Db, workspaceId: string, trigger: Trigger) =>
  db
    .select()
    .from(automations)
    .where(and(eq(automations.workspaceId, workspaceId), eq(automations.trigger, trigger), eq(automations.enabled, true)))
    .orderBy(asc(automations.position), asc(automations.createdAt));

export async function getAutomation(db: Db, workspaceId: string, id: string): Promise<Automation | undefined> {
  const [row] = await db.select().from(automations).where(and(eq(automations.workspaceId, workspaceId), eq(automations.id, id)));
  return row;
}

export async function insertAutomation(db: Db, workspaceId: string, input: AutomationInput): Promise<Automation> {
  const [row] = await db.insert(automations).values({ id: crypto.randomUUID(), workspaceId, ...input }).returning();
  return row!;
}

export async function updateAutomation(db: Db, workspaceId: string, id: string, patch: Partial<AutomationInput>): Promise<Automation | undefined> {
  const [row] = await db
    .update(automations)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(automations.workspaceId, workspaceId), eq(automations.id, id)))
    .returning();
  return row;
}

export async function deleteAutomation(db: Db, workspaceId: string, id: string): Promise<boolean> {
  return (await db.delete(automations).where(and(eq(automations.workspaceId, workspaceId), eq(automations.id, id))).returning({ id: automations.id })).length > 0;
}
