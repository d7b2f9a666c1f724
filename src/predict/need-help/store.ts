import { and, asc, desc, eq, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { helpModels, helpScores } from '../schema.ts';
import type { HelpModel, HelpScore } from './model.ts';

export type HelpScoreRow = typeof helpScores.$inferSelect;
export type HelpModelRow = typeof helpModels.$inferSelect;

const CHUNK = 1000;

/** Replaces the workspace's scores and model in one transaction (readers see the old set or the new). */
export async function replaceHelpScores(db: Db, workspaceId: string, model: HelpModel, scores: { customerId: string; score: HelpScore }[], at: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`need-help:${workspaceId}`}))`);
    await tx.delete(helpScores).where(eq(helpScores.workspaceId, workspaceId));
    for (let i = 0; i < scores.length; i += CHUNK) {
      await tx.insert(helpScores).values(scores.slice(i, i + CHUNK).map((s) => ({ workspaceId, customerId: s.customerId, ...s.score, computedAt: at })));
    }
    const row = { ...model, refreshedAt: at };
    await tx.insert(helpModels).values({ workspaceId, ...row }).onConflictDoUpdate({ target: helpModels.workspaceId, set: row });
  });
}

export async function getHelpScore(db: Db, workspaceId: string, customerId: string): Promise<HelpScoreRow | undefined> {
  const [row] = await db.select().from(helpScores).where(and(eq(helpScores.workspaceId, workspaceId), eq(helpScores.customerId, customerId)));
  return row;
}

export async function getHelpModel(db: Db, workspaceId: string): Promise<HelpModelRow | undefined> {
  const [row] = await db.select().from(helpModels).where(eq(helpModels.workspaceId, workspaceId));
  return row;
}

/** Highest need first; ties by customer id. */
export async function rankByNeedForHelp(db: Db, workspaceId: string, page: { limit: number; after?: { value: number; customerId: string } }): Promise<HelpScoreRow[]> {
  const after: SQL | undefined = page.after
    ? or(lt(helpScores.probability, page.after.value), and(eq(helpScores.probability, page.after.value), sql`${helpScores.customerId} > ${page.after.customerId}`))
    : undefined;
  return db
    .select()
    .from(helpScores)
    .where(and(eq(helpScores.workspaceId, workspaceId), after))
    .orderBy(desc(helpScores.probability), asc(helpScores.customerId))
    .limit(page.limit);
}

/** Customers whose score is at least `min` (outreach rules and segments read this). */
export async function customersNeedingHelp(db: Db, workspaceId: string, min: number): Promise<{ customerId: string; probability: number }[]> {
  return db
    .select({ customerId: helpScores.customerId, probability: helpScores.probability })
    .from(helpScores)
    .where(and(eq(helpScores.workspaceId, workspaceId), sql`${helpScores.probability} >= ${min}`));
}
