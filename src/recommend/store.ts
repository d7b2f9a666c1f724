import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.ts';
import type { Neighbour, ProductStats, SimilarityModel } from './similarity.ts';
import { productNeighbours, productStats, recommendationModels } from './schema.ts';

export type RecommendationModel = typeof recommendationModels.$inferSelect;

/** Rows per INSERT: 6 columns × 1,000 stays far below the 65,535 bound parameters a statement may have. */
const CHUNK = 1000;

/**
 * Replaces a workspace's products and neighbours with a refresh's, in one
 * transaction, so readers see the old set or the new one; the advisory lock makes
 * two refreshes of one workspace take turns.
 */
export async function replaceRecommendations(db: Db, workspaceId: string, model: SimilarityModel, orders: number, at: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`recommend:${workspaceId}`}))`);
    await tx.delete(productNeighbours).where(eq(productNeighbours.workspaceId, workspaceId));
    await tx.delete(productStats).where(eq(productStats.workspaceId, workspaceId));
    for (let i = 0; i < model.products.length; i += CHUNK) {
      await tx.insert(productStats).values(model.products.slice(i, i + CHUNK).map((p) => ({ workspaceId, ...p })));
    }
    const rows = [...model.neighbours].flatMap(([sku, list]) =>
      list.map((n, k) => ({ workspaceId, sku, rank: k + 1, neighbourSku: n.sku, score: n.score, customersBoth: n.customersBoth })),
    );
    for (let i = 0; i < rows.length; i += CHUNK) await tx.insert(productNeighbours).values(rows.slice(i, i + CHUNK));
    const row = { refreshedAt: at, customers: model.customers, products: model.products.length, orders };
    await tx.insert(recommendationModels).values({ workspaceId, ...row }).onConflictDoUpdate({ target: recommendationModels.workspaceId, set: row });
  });
}

export async function getRecommendationModel(db: Db, workspaceId: string): Promise<RecommendationModel | undefined> {
  const [row] = await db.select().from(recommendationModels).where(eq(recommendationModels.workspaceId, workspaceId));
  return row;
}

export async function productsBySku(db: Db, workspaceId: string, skus: string[]): Promise<Map<string, ProductStats>> {
  if (skus.length === 0) return new Map();
  const rows = await db
    .select({ sku: productStats.sku, name: productStats.name, customers: productStats.customers })
    .from(productStats)
    .where(and(eq(productStats.workspaceId, workspaceId), inArray(productStats.sku, skus)));
  return new Map(rows.map((r) => [r.sku, r]));
}

/** The stored neighbours of these products, best first. */
export async function neighboursOf(db: Db, workspaceId: string, skus: string[]): Promise<Map<string, Neighbour[]>> {
  const result = new Map<string, Neighbour[]>();
  if (skus.length === 0) return result;
  const rows = await db
    .select()
    .from(productNeighbours)
    .where(and(eq(productNeighbours.workspaceId, workspaceId), inArray(productNeighbours.sku, skus)))
    .orderBy(asc(productNeighbours.sku), asc(productNeighbours.rank));
  for (const r of rows) {
    const list = result.get(r.sku) ?? [];
    list.push({ sku: r.neighbourSku, score: r.score, customersBoth: r.customersBoth });
    result.set(r.sku, list);
  }
  return result;
}

/** The most bought products, most first. */
export async function popularProducts(db: Db, workspaceId: string, limit: number): Promise<string[]> {
  const rows = await db
    .select({ sku: productStats.sku })
    .from(productStats)
    .where(eq(productStats.workspaceId, workspaceId))
    .orderBy(desc(productStats.customers), asc(productStats.sku))
    .limit(limit);
  return rows.map((r) => r.sku);
}
