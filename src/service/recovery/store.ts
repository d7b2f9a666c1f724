import crypto from 'node:crypto';
import { and, asc, eq, gte, lt } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { ticketRecoveries, tickets } from '../schema.ts';

export type Recovery = typeof ticketRecoveries.$inferSelect;
export type RecoveryKind = Recovery['kind'];
export const RECOVERY_KINDS = ['replacement', 'refund', 'discount', 'credit', 'apology', 'other'] as const satisfies readonly RecoveryKind[];

export async function insertRecovery(db: Db, row: Omit<typeof ticketRecoveries.$inferInsert, 'id'>): Promise<Recovery> {
  const [inserted] = await db.insert(ticketRecoveries).values({ id: crypto.randomUUID(), ...row }).returning();
  return inserted!;
}

export const recoveriesOf = (db: Db, workspaceId: string, ticketId: string) =>
  db
    .select()
    .from(ticketRecoveries)
    .where(and(eq(ticketRecoveries.workspaceId, workspaceId), eq(ticketRecoveries.ticketId, ticketId)))
    .orderBy(asc(ticketRecoveries.at));

export async function deleteRecovery(db: Db, workspaceId: string, ticketId: string, id: string): Promise<Recovery | undefined> {
  const [row] = await db
    .delete(ticketRecoveries)
    .where(and(eq(ticketRecoveries.workspaceId, workspaceId), eq(ticketRecoveries.ticketId, ticketId), eq(ticketRecoveries.id, id)))
    .returning();
  return row;
}

export interface RecoveryReportRow {
  recovery: Recovery;
  ticket: { teamId: string | null; number: number };
}

/** Recoveries recorded in [from, to), with the team of their ticket. */
export async function recoveriesForReport(db: Db, workspaceId: string, from: Date, to: Date): Promise<RecoveryReportRow[]> {
  const rows = await db
    .select({ recovery: ticketRecoveries, teamId: tickets.teamId, number: tickets.number })
    .from(ticketRecoveries)
    .innerJoin(tickets, eq(tickets.id, ticketRecoveries.ticketId))
    .where(and(eq(ticketRecoveries.workspaceId, workspaceId), gte(ticketRecoveries.at, from), lt(ticketRecoveries.at, to)))
    .orderBy(asc(ticketRecoveries.at));
  return rows.map((r) => ({ recovery: r.recovery, ticket: { teamId: r.teamId, number: r.number } }));
}
