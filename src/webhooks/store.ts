import crypto from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.ts';
import { webhookDeliveries, webhookEndpoints } from './schema.ts';

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;

export async function insertEndpoint(db: Db, row: Omit<typeof webhookEndpoints.$inferInsert, 'id'>): Promise<WebhookEndpoint> {
  const [saved] = await db.insert(webhookEndpoints).values({ id: crypto.randomUUID(), ...row }).returning();
  return saved!;
}

export const listEndpoints = (db: Db, workspaceId: string) => db.select().from(webhookEndpoints).where(eq(webhookEndpoints.workspaceId, workspaceId)).orderBy(webhookEndpoints.createdAt);

export async function getEndpoint(db: Db, workspaceId: string, id: string): Promise<WebhookEndpoint | undefined> {
  const [row] = await db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id)));
  return row;
}

export async function updateEndpoint(db: Db, workspaceId: string, id: string, patch: Partial<typeof webhookEndpoints.$inferInsert>): Promise<WebhookEndpoint | undefined> {
  const [row] = await db.update(webhookEndpoints).set(patch).where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id))).returning();
  return row;
}

export async function deleteEndpoint(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const rows = await db.delete(webhookEndpoints).where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id))).returning({ id: webhookEndpoints.id });
  return rows.length > 0;
}

/** Enabled endpoints of a workspace that receive this event type. */
export const subscribers = (db: Db, workspaceId: string, type: string) =>
  db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.enabled, true), sql`${type} = any(${webhookEndpoints.events})`));

export async function insertDelivery(db: Db, row: Omit<typeof webhookDeliveries.$inferInsert, 'id'>): Promise<WebhookDelivery> {
  const [saved] = await db.insert(webhookDeliveries).values({ id: crypto.randomUUID(), ...row }).returning();
  return saved!;
}

export async function getDelivery(db: Db, id: string): Promise<{ delivery: WebhookDelivery; endpoint: WebhookEndpoint } | undefined> {
  const [row] = await db.select().from(webhookDeliveries).innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId)).where(eq(webhookDeliveries.id, id));
  return row && { delivery: row.webhook_deliveries, endpoint: row.webhook_endpoints };
}

export async function updateDelivery(db: Db, id: string, patch: Partial<typeof webhookDeliveries.$inferInsert>): Promise<void> {
  await db.update(webhookDeliveries).set(patch).where(eq(webhookDeliveries.id, id));
}

export const deliveriesOf = (db: Db, workspaceId: string, endpointId: string, limit = 100) =>
  db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.workspaceId, workspaceId), eq(webhookDeliveries.endpointId, endpointId)))
    .orderBy(desc(webhookDeliveries.createdAt))
    .limit(limit);
