import crypto from 'node:crypto';
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/client.ts';
import { queryRows } from '../platform/db/query.ts';
import { counters, slaPolicies, ticketAttachments, ticketEvents, ticketMessages, tickets } from './schema.ts';
import type { SlaPolicy } from './sla/policy.ts';

export type Ticket = typeof tickets.$inferSelect;
export type TicketMessage = typeof ticketMessages.$inferSelect;
export type TicketEvent = typeof ticketEvents.$inferSelect;
export type NewTicket = typeof tickets.$inferInsert;
export type NewMessage = typeof ticketMessages.$inferInsert;

/** The next number of a per-workspace sequence; the row lock serialises concurrent callers. */
export async function nextNumber(db: Db, workspaceId: string, name: string): Promise<number> {
  const rows = await queryRows<{ value: number }>(
    db,
    sql`insert into counters (workspace_id, name, value) values (${workspaceId}, ${name}, 1000)
        on conflict (workspace_id, name) do update set value = counters.value + 1
        returning value`,
  );
  return rows[0]!.value;
}

export async function insertTicket(db: Db, ticket: NewTicket): Promise<Ticket> {
  const [row] = await db.insert(tickets).values(ticket).returning();
  return row!;
}

export async function getTicket(db: Db, workspaceId: string, id: string, forUpdate = false): Promise<Ticket | undefined> {
  const query = db.select().from(tickets).where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, id)));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function findTicketByNumber(db: Db, workspaceId: string, number: number): Promise<Ticket | undefined> {
  const [row] = await db.select().from(tickets).where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.number, number)));
  return row;
}

export async function updateTicketRow(db: Db, workspaceId: string, id: string, patch: Partial<NewTicket>): Promise<Ticket> {
  const [row] = await db
    .update(tickets)
    .set({ updatedAt: new Date(), ...patch })
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, id)))
    .returning();
  return row!;
}

export async function insertMessage(db: Db, message: NewMessage): Promise<TicketMessage> {
  const [row] = await db.insert(ticketMessages).values(message).returning();
  return row!;
}

export async function insertAttachments(db: Db, workspaceId: string, messageId: string, files: { filename: string; contentType: string; content: Buffer }[]): Promise<void> {
  if (files.length === 0) return;
  await db.insert(ticketAttachments).values(
    files.map((f) => ({ id: crypto.randomUUID(), workspaceId, messageId, filename: f.filename, contentType: f.contentType, size: f.content.length, content: f.content })),
  );
}

export async function attachmentsOf(db: Db, messageIds: string[]) {
  if (messageIds.length === 0) return [];
  return db
    .select({ id: ticketAttachments.id, messageId: ticketAttachments.messageId, filename: ticketAttachments.filename, contentType: ticketAttachments.contentType, size: ticketAttachments.size })
    .from(ticketAttachments)
    .where(inArray(ticketAttachments.messageId, messageIds));
}

export async function getAttachment(db: Db, workspaceId: string, id: string) {
  const [row] = await db.select().from(ticketAttachments).where(and(eq(ticketAttachments.workspaceId, workspaceId), eq(ticketAttachments.id, id)));
  return row;
}

export async function messagesOf(db: Db, ticketId: string): Promise<TicketMessage[]> {
  return db.select().from(ticketMessages).where(eq(ticketMessages.ticketId, ticketId)).orderBy(asc(ticketMessages.createdAt), asc(ticketMessages.id));
}

export async function getMessage(db: Db, id: string): Promise<TicketMessage | undefined> {
  const [row] = await db.select().from(ticketMessages).where(eq(ticketMessages.id, id));
  return row;
}

export async function setDelivery(db: Db, id: string, delivery: string, sentAt: Date | null = null): Promise<void> {
  await db.update(ticketMessages).set({ delivery, sentAt }).where(eq(ticketMessages.id, id));
}

/** The ticket a mail replies to, by the Message-IDs it names (In-Reply-To, References). */
export async function findTicketByEmailIds(db: Db, workspaceId: string, messageIds: string[]): Promise<Ticket | undefined> {
  if (messageIds.length === 0) return undefined;
  const [row] = await db
    .select({ ticket: tickets })
    .from(ticketMessages)
    .innerJoin(tickets, eq(tickets.id, ticketMessages.ticketId))
    .where(and(eq(ticketMessages.workspaceId, workspaceId), inArray(ticketMessages.emailMessageId, messageIds)))
    .orderBy(desc(ticketMessages.createdAt))
    .limit(1);
  return row?.ticket;
}

export async function hasEmailMessage(db: Db, workspaceId: string, emailMessageId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: ticketMessages.id })
    .from(ticketMessages)
    .where(and(eq(ticketMessages.workspaceId, workspaceId), eq(ticketMessages.emailMessageId, emailMessageId)));
  return Boolean(row);
}

export async function insertEvents(db: Db, events: (typeof ticketEvents.$inferInsert)[]): Promise<void> {
  if (events.length > 0) await db.insert(ticketEvents).values(events);
}

export async function eventsOf(db: Db, ticketId: string): Promise<TicketEvent[]> {
  return db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(asc(ticketEvents.at), asc(ticketEvents.id));
}

export interface TicketFilter {
  status?: string[];
  assigneeId?: string | null;
  teamId?: string;
  customerIds?: string[];
  tag?: string;
  after?: { updatedAt: string; id: string };
  limit: number;
}

/** Most recently updated first, keyset-paginated on (updated_at, id). */
export async function listTickets(db: Db, workspaceId: string, f: TicketFilter): Promise<Ticket[]> {
  const where: SQL[] = [eq(tickets.workspaceId, workspaceId)];
  if (f.status?.length) where.push(inArray(tickets.status, f.status as Ticket['status'][]));
  if (f.assigneeId === null) where.push(sql`${tickets.assigneeId} is null`);
  else if (f.assigneeId) where.push(eq(tickets.assigneeId, f.assigneeId));
  if (f.teamId) where.push(eq(tickets.teamId, f.teamId));
  if (f.customerIds) where.push(f.customerIds.length ? inArray(tickets.customerId, f.customerIds) : sql`false`);
  if (f.tag) where.push(sql`${f.tag} = any(${tickets.tags})`);
  if (f.after) where.push(sql`(${tickets.updatedAt}, ${tickets.id}) < (${f.after.updatedAt}::timestamptz, ${f.after.id}::uuid)`);
  return db.select().from(tickets).where(and(...where)).orderBy(desc(tickets.updatedAt), desc(tickets.id)).limit(f.limit);
}

/** Kept by the SLA timer; not a change of the ticket, so updated_at stays. */
export async function setSlaDue(db: Db, ticketId: string, due: Date | null): Promise<void> {
  await db.update(tickets).set({ slaDueAt: due }).where(eq(tickets.id, ticketId));
}

/** Unsolved tickets whose earliest SLA deadline falls before `before` (breached ones too), most urgent first. */
export async function listSlaAtRisk(db: Db, workspaceId: string, before: Date, limit: number): Promise<Ticket[]> {
  return db
    .select()
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), sql`${tickets.slaDueAt} <= ${before.toISOString()}::timestamptz`, inArray(tickets.status, ['new', 'open', 'pending', 'on-hold'])))
    .orderBy(asc(tickets.slaDueAt), asc(tickets.id))
    .limit(limit);
}

/** A customers/ merge handler: the surviving profile takes the tickets. */
export async function reassignTickets(db: Db, workspaceId: string, fromId: string, intoId: string): Promise<void> {
  await db.update(tickets).set({ customerId: intoId }).where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.customerId, fromId)));
}

export interface ReportRow {
  ticket: Ticket;
  events: { type: string; at: Date; fromValue: unknown; toValue: unknown }[];
}

/** Tickets created in [from, to) with their whole history, for the service report. */
export async function ticketsForReport(db: Db, workspaceId: string, from: Date, to: Date): Promise<ReportRow[]> {
  const rows = await db
    .select()
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), sql`${tickets.createdAt} >= ${from.toISOString()}::timestamptz`, sql`${tickets.createdAt} < ${to.toISOString()}::timestamptz`))
    .orderBy(asc(tickets.createdAt));
  if (rows.length === 0) return [];
  // The same period as a join, not a list of ids: a list of 100,000 ids exceeds what one statement may bind.
  const events = await db
    .select({ ticketId: ticketEvents.ticketId, type: ticketEvents.type, at: ticketEvents.at, fromValue: ticketEvents.fromValue, toValue: ticketEvents.toValue })
    .from(ticketEvents)
    .innerJoin(tickets, eq(tickets.id, ticketEvents.ticketId))
    .where(and(eq(tickets.workspaceId, workspaceId), sql`${tickets.createdAt} >= ${from.toISOString()}::timestamptz`, sql`${tickets.createdAt} < ${to.toISOString()}::timestamptz`))
    .orderBy(asc(ticketEvents.at), asc(ticketEvents.id));
  const byTicket = new Map<string, ReportRow['events']>();
  for (const e of events) {
    const list = byTicket.get(e.ticketId);
    if (list) list.push(e);
    else byTicket.set(e.ticketId, [e]);
  }
  return rows.map((ticket) => ({ ticket, events: byTicket.get(ticket.id) ?? [] }));
}

export async function loadSlaPolicy(db: Db, workspaceId: string): Promise<SlaPolicy | undefined> {
  const [row] = await db.select().from(slaPolicies).where(eq(slaPolicies.workspaceId, workspaceId));
  return row?.policy;
}

export async function saveSlaPolicy(db: Db, workspaceId: string, policy: SlaPolicy): Promise<void> {
  await db
    .insert(slaPolicies)
    .values({ workspaceId, policy })
    .onConflictDoUpdate({ target: slaPolicies.workspaceId, set: { policy, updatedAt: new Date() } });
}

export interface TicketOutcome {
  id: string;
  status: string;
  firstResponseAt: Date | null;
  solvedAt: Date | null;
}

/** Where some tickets stand (the closed loop's report: was the customer contacted, is it solved). */
export async function ticketOutcomes(db: Db, workspaceId: string, ids: string[]): Promise<TicketOutcome[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<{ id: string; status: string; first_response_at: string | Date | null; solved_at: string | Date | null }>(
    db,
    sql`select id, status, first_response_at, solved_at from tickets where workspace_id = ${workspaceId} and id = any(${`{${ids.join(',')}}`}::uuid[])`,
  );
  const date = (v: string | Date | null) => (v === null ? null : new Date(v));
  return rows.map((r) => ({ id: r.id, status: r.status, firstResponseAt: date(r.first_response_at), solvedAt: date(r.solved_at) }));
}
