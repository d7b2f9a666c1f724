import crypto from 'node:crypto';
import { and, asc, count, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.ts';
import { segmentMembers, segments } from './schema.ts';

export type Segment = typeof segments.$inferSelect;
export type SegmentMember = typeof segmentMembers.$inferSelect;

export async function insertSegment(db: Db, row: { workspaceId: string; name: string; description: string | null }): Promise<Segment> {
  const [segment] = await db.insert(segments).values({ id: crypto.randomUUID(), ...row }).returning();
  return segment!;
}

export async function getSegment(db: Db, workspaceId: string, id: string): Promise<Segment | undefined> {
  const [row] = await db.select().from(segments).where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, id)));
  return row;
}

/** The workspace's segments with how many customers each holds. */
export async function listSegments(db: Db, workspaceId: string): Promise<(Segment & { members: number })[]> {
  const rows = await db
    .select({ segment: segments, members: count(segmentMembers.customerId) })
    .from(segments)
    .leftJoin(segmentMembers, eq(segmentMembers.segmentId, segments.id))
    .where(eq(segments.workspaceId, workspaceId))
    .groupBy(segments.id)
    .orderBy(asc(segments.name));
  return rows.map((r) => ({ ...r.segment, members: Number(r.members) }));
}

export async function deleteSegment(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const rows = await db.delete(segments).where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, id))).returning({ id: segments.id });
  return rows.length > 0;
}

/** Adds customers (already members stay as they were); returns how many were new. */
export async function addMembers(db: Db, segment: Segment, customerIds: string[], addedBy: string): Promise<number> {
  if (customerIds.length === 0) return 0;
  const rows = await db
    .insert(segmentMembers)
    .values(customerIds.map((customerId) => ({ segmentId: segment.id, workspaceId: segment.workspaceId, customerId, addedBy })))
    .onConflictDoNothing()
    .returning({ customerId: segmentMembers.customerId });
  return rows.length;
}

export async function removeMember(db: Db, segment: Segment, customerId: string): Promise<boolean> {
  const rows = await db
    .delete(segmentMembers)
    .where(and(eq(segmentMembers.segmentId, segment.id), eq(segmentMembers.customerId, customerId)))
    .returning({ customerId: segmentMembers.customerId });
  return rows.length > 0;
}

export async function listMembers(db: Db, segment: Segment, page: { limit: number; afterCustomerId?: string }): Promise<SegmentMember[]> {
  return db
    .select()
    .from(segmentMembers)
    .where(and(eq(segmentMembers.segmentId, segment.id), page.afterCustomerId ? gt(segmentMembers.customerId, page.afterCustomerId) : undefined))
    .orderBy(asc(segmentMembers.customerId))
    .limit(page.limit);
}

/** Which of these customers are in the segment (survey targeting and outreach rules ask this). */
export async function membersAmong(db: Db, segmentId: string, customerIds: string[]): Promise<Set<string>> {
  if (customerIds.length === 0) return new Set();
  const rows = await db
    .select({ customerId: segmentMembers.customerId })
    .from(segmentMembers)
    .where(and(eq(segmentMembers.segmentId, segmentId), inArray(segmentMembers.customerId, customerIds)));
  return new Set(rows.map((r) => r.customerId));
}

/** Segments a customer is in (the customer page). */
export async function segmentsOfCustomer(db: Db, workspaceId: string, customerId: string): Promise<Segment[]> {
  const rows = await db
    .select({ segment: segments })
    .from(segmentMembers)
    .innerJoin(segments, eq(segments.id, segmentMembers.segmentId))
    .where(and(eq(segmentMembers.workspaceId, workspaceId), eq(segmentMembers.customerId, customerId)))
    .orderBy(asc(segments.name));
  return rows.map((r) => r.segment);
}

/** Merged customers: the survivor keeps the memberships of both. */
export async function reassignMemberships(db: Db, workspaceId: string, fromId: string, intoId: string): Promise<void> {
  await db.execute(sql`
    insert into segment_members (segment_id, workspace_id, customer_id, added_by, added_at)
    select segment_id, workspace_id, ${intoId}, added_by, added_at from segment_members
    where workspace_id = ${workspaceId} and customer_id = ${fromId}
    on conflict do nothing`);
  await db.delete(segmentMembers).where(and(eq(segmentMembers.workspaceId, workspaceId), eq(segmentMembers.customerId, fromId)));
}

/** Every segment of the workspace with its members' ids (a report grouped by segment). */
export async function segmentMemberships(db: Db, workspaceId: string): Promise<{ segmentId: string; name: string; customerIds: string[] }[]> {
  const rows = await db
    .select({ segmentId: segments.id, name: segments.name, customerId: segmentMembers.customerId })
    .from(segments)
    .leftJoin(segmentMembers, eq(segmentMembers.segmentId, segments.id))
    .where(eq(segments.workspaceId, workspaceId));
  const by = new Map<string, { segmentId: string; name: string; customerIds: string[] }>();
  for (const r of rows) {
    const m = by.get(r.segmentId) ?? { segmentId: r.segmentId, name: r.name, customerIds: [] };
    if (r.customerId) m.customerIds.push(r.customerId);
    by.set(r.segmentId, m);
  }
  return [...by.values()];
}
