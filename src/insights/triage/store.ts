import { and, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { triageModels, triagePredictions, triageTrainings } from './schema.ts';

export type TriageModel = typeof triageModels.$inferSelect;
export type NewTriageModel = typeof triageModels.$inferInsert;
export type TriageTraining = typeof triageTrainings.$inferSelect;
export type TriagePrediction = typeof triagePredictions.$inferSelect;

export async function getTriageModel(db: Db, workspaceId: string): Promise<TriageModel | undefined> {
  const [row] = await db.select().from(triageModels).where(eq(triageModels.workspaceId, workspaceId));
  return row;
}

/** Cheap: asked for every new ticket, so the model itself is not read. */
export async function hasTriageModel(db: Db, workspaceId: string): Promise<boolean> {
  const [row] = await db.select({ at: triageModels.trainedAt }).from(triageModels).where(eq(triageModels.workspaceId, workspaceId));
  return Boolean(row);
}

/** Replaces the workspace's model; the threshold stays what the workspace set, unless given. */
export async function saveTriageModel(db: Db, row: NewTriageModel): Promise<TriageModel> {
  const { workspaceId: _w, threshold, ...rest } = row;
  const [saved] = await db
    .insert(triageModels)
    .values(row)
    .onConflictDoUpdate({ target: triageModels.workspaceId, set: { ...rest, ...(threshold === undefined ? {} : { threshold }) } })
    .returning();
  await db.delete(triageTrainings).where(eq(triageTrainings.workspaceId, row.workspaceId));
  return saved!;
}

export async function setThreshold(db: Db, workspaceId: string, threshold: number): Promise<TriageModel | undefined> {
  const [row] = await db.update(triageModels).set({ threshold }).where(eq(triageModels.workspaceId, workspaceId)).returning();
  return row;
}

/** Forgets the model and any training under way; predictions already made stay on their tickets. */
export async function deleteTriageModel(db: Db, workspaceId: string): Promise<boolean> {
  const deleted = await db.delete(triageModels).where(eq(triageModels.workspaceId, workspaceId)).returning({ at: triageModels.trainedAt });
  const training = await db.delete(triageTrainings).where(eq(triageTrainings.workspaceId, workspaceId)).returning({ at: triageTrainings.requestedAt });
  return deleted.length + training.length > 0;
}

export async function getTraining(db: Db, workspaceId: string): Promise<TriageTraining | undefined> {
  const [row] = await db.select().from(triageTrainings).where(eq(triageTrainings.workspaceId, workspaceId));
  return row;
}

/** A queued training replaces an earlier one that waits or failed. */
export async function queueTraining(db: Db, workspaceId: string, examples: number): Promise<TriageTraining> {
  const values = { workspaceId, examples, requestedAt: new Date(), failedAt: null, message: null };
  const [row] = await db.insert(triageTrainings).values(values).onConflictDoUpdate({ target: triageTrainings.workspaceId, set: values }).returning();
  return row!;
}

export async function failTraining(db: Db, workspaceId: string, message: string): Promise<void> {
  await db.update(triageTrainings).set({ failedAt: new Date(), message }).where(eq(triageTrainings.workspaceId, workspaceId));
}

/** Stores a ticket's prediction; false when the ticket already has one (a retried job). */
export async function savePrediction(db: Db, row: typeof triagePredictions.$inferInsert): Promise<boolean> {
  const saved = await db.insert(triagePredictions).values(row).onConflictDoNothing().returning({ at: triagePredictions.at });
  return saved.length > 0;
}

export async function predictionOf(db: Db, workspaceId: string, ticketId: string): Promise<TriagePrediction | undefined> {
  const [row] = await db.select().from(triagePredictions).where(and(eq(triagePredictions.workspaceId, workspaceId), eq(triagePredictions.ticketId, ticketId)));
  return row;
}

/** A person changed an applied prediction: kept once, the first time. */
export async function markCorrected(db: Db, workspaceId: string, ticketId: string, correctedTo: string | null): Promise<void> {
  await db
    .update(triagePredictions)
    .set({ correctedTo, correctedAt: new Date() })
    .where(
      and(eq(triagePredictions.workspaceId, workspaceId), eq(triagePredictions.ticketId, ticketId), eq(triagePredictions.applied, true), sql`${triagePredictions.correctedAt} is null`),
    );
}

export interface InUse {
  predicted: number;
  applied: number;
  corrected: number;
}

/** How the model trained at `trainedAt` has done on tickets: predicted, applied, and applied but changed by a person. */
export async function predictionsInUse(db: Db, workspaceId: string, trainedAt: Date): Promise<InUse> {
  const [row] = await db
    .select({
      predicted: count(),
      applied: sql<number>`count(*) filter (where ${triagePredictions.applied})::int`,
      corrected: count(triagePredictions.correctedAt),
    })
    .from(triagePredictions)
    .where(and(eq(triagePredictions.workspaceId, workspaceId), eq(triagePredictions.modelTrainedAt, trainedAt)));
  return { predicted: Number(row?.predicted ?? 0), applied: Number(row?.applied ?? 0), corrected: Number(row?.corrected ?? 0) };
}
