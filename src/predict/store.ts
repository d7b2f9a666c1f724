import { and, asc, desc, eq, gt, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/client.ts';
import type { Figures } from './figures.ts';
import { customerPredictions, predictionModels } from './schema.ts';

export type CustomerPrediction = typeof customerPredictions.$inferSelect;
export type PredictionModel = typeof predictionModels.$inferSelect;

/** Rows per INSERT: 14 columns × 500 stays far below the 65,535 bound parameters a statement may have. */
const CHUNK = 500;

/**
 * Replaces a workspace's figures with a refresh's, in one transaction: readers see
 * the old set or the new one, never a mix. The advisory lock makes two refreshes
 * of one workspace (two workers, or a request during the daily run) take turns.
 */
export async function replaceFigures(db: Db, workspaceId: string, figures: Figures, at: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`predict:${workspaceId}`}))`);
    await tx.delete(customerPredictions).where(eq(customerPredictions.workspaceId, workspaceId));
    for (let i = 0; i < figures.customers.length; i += CHUNK) {
      const rows = figures.customers.slice(i, i + CHUNK).map((c) => ({ ...c, workspaceId, computedAt: at }));
      await tx.insert(customerPredictions).values(rows);
    }
    const { bgnbd, gammaGamma, ...model } = figures.model;
    const row = {
      ...model,
      refreshedAt: at,
      r: bgnbd?.r ?? null,
      alpha: bgnbd?.alpha ?? null,
      a: bgnbd?.a ?? null,
      b: bgnbd?.b ?? null,
      logLikelihood: bgnbd?.logLikelihood ?? null,
      p: gammaGamma?.p ?? null,
      q: gammaGamma?.q ?? null,
      v: gammaGamma?.v ?? null,
    };
    await tx
      .insert(predictionModels)
      .values({ workspaceId, ...row })
      .onConflictDoUpdate({ target: predictionModels.workspaceId, set: row });
  });
}

export async function getModel(db: Db, workspaceId: string): Promise<PredictionModel | undefined> {
  const [row] = await db.select().from(predictionModels).where(eq(predictionModels.workspaceId, workspaceId));
  return row;
}

export async function getCustomerPrediction(db: Db, workspaceId: string, customerId: string): Promise<CustomerPrediction | undefined> {
  const [row] = await db
    .select()
    .from(customerPredictions)
    .where(and(eq(customerPredictions.workspaceId, workspaceId), eq(customerPredictions.customerId, customerId)));
  return row;
}

export type RankOrder = 'clv' | 'p_alive';

/**
 * Customers ranked: by CLV, highest first, or by P(alive), lowest first (the ones
 * slipping away); ties by customer id. Customers without the figure are left out.
 */
export async function rankCustomers(
  db: Db,
  workspaceId: string,
  order: RankOrder,
  page: { limit: number; after?: { value: number; customerId: string } },
): Promise<CustomerPrediction[]> {
  const column = order === 'clv' ? customerPredictions.clv : customerPredictions.pAlive;
  const beyond = order === 'clv' ? lt : gt;
  const after: SQL | undefined = page.after
    ? or(beyond(column, page.after.value), and(eq(column, page.after.value), gt(customerPredictions.customerId, page.after.customerId)))
    : undefined;
  return db
    .select()
    .from(customerPredictions)
    .where(and(eq(customerPredictions.workspaceId, workspaceId), isNotNull(column), after))
    .orderBy(order === 'clv' ? desc(column) : asc(column), asc(customerPredictions.customerId))
    .limit(page.limit);
}

/** Customers whose P(alive) fell below a threshold while their CLV is at least `minClv` (outreach rules read this). */
export async function slippingAway(db: Db, workspaceId: string, q: { pAliveBelow: number; minClv: number }): Promise<{ customerId: string; pAlive: number; clv: number }[]> {
  const rows = await db
    .select({ customerId: customerPredictions.customerId, pAlive: customerPredictions.pAlive, clv: customerPredictions.clv })
    .from(customerPredictions)
    .where(and(eq(customerPredictions.workspaceId, workspaceId), lt(customerPredictions.pAlive, q.pAliveBelow), sql`${customerPredictions.clv} >= ${q.minClv}`));
  return rows.map((r) => ({ customerId: r.customerId, pAlive: r.pAlive!, clv: r.clv! }));
}
