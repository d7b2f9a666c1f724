import { and, asc, eq, inArray, isNotNull, isNull, ne, notInArray, sql } from 'drizzle-orm';
import crypto from 'node:crypto';
import type { Db } from '../../platform/db/client.ts';
import { agentStatus, teamMembers, teams, ticketFacts, tickets } from '../schema.ts';
import { insertEvents, type Ticket } from '../store.ts';
import type { TicketActor } from '../tickets.ts';
import type { Availability } from './pick.ts';

export type Team = typeof teams.$inferSelect;
export type TeamMember = typeof teamMembers.$inferSelect;
export type TeamRouting = Team['routing'];

/** Routed, and counted in an agent's load: pending and on-hold tickets wait on someone else. */
export const ROUTED_STATUSES = ['new', 'open'] as const;
/** agent_status's column default: an agent who never set a status has it. */
export const DEFAULT_CAPACITY = 10;

export async function listTeams(db: Db, workspaceId: string): Promise<Team[]> {
  return db.select().from(teams).where(eq(teams.workspaceId, workspaceId)).orderBy(asc(teams.name));
}

export async function getTeam(db: Db, workspaceId: string, id: string): Promise<Team | undefined> {
  const [row] = await db.select().from(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id)));
  return row;
}

export async function hasRoutingTeam(db: Db, workspaceId: string): Promise<boolean> {
  const [row] = await db.select({ id: teams.id }).from(teams).where(and(eq(teams.workspaceId, workspaceId), ne(teams.routing, 'manual'))).limit(1);
  return Boolean(row);
}

/** Undefined when the workspace already has a team of that name. */
export async function createTeam(db: Db, workspaceId: string, input: { name: string; routing: TeamRouting }): Promise<Team | undefined> {
  const [row] = await db.insert(teams).values({ id: crypto.randomUUID(), workspaceId, ...input }).onConflictDoNothing().returning();
  return row;
}

/** Throws a unique violation (isUniqueViolation) when another team of the workspace has that name. */
export async function updateTeam(db: Db, workspaceId: string, id: string, patch: { name?: string; routing?: TeamRouting }): Promise<Team | undefined> {
  if (patch.name === undefined && patch.routing === undefined) return getTeam(db, workspaceId, id);
  const [row] = await db.update(teams).set(patch).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id))).returning();
  return row;
}

/** Deletes the team; its tickets stay, without a team, and their history says so. */
export async function deleteTeam(db: Db, workspaceId: string, id: string, actor: TicketActor): Promise<Ticket[]> {
  const released = await db
    .update(tickets)
    .set({ teamId: null, updatedAt: new Date() })
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.teamId, id)))
    .returning();
  await insertEvents(
    db,
    released.map((t) => ({ workspaceId, ticketId: t.id, actorKind: actor.kind, actorId: actor.id, type: 'teamId', fromValue: id, toValue: null, at: t.updatedAt })),
  );
  // The report's copy of the dimension follows (the one change of tickets that is not made through tickets.ts).
  await db.update(ticketFacts).set({ teamId: null }).where(and(eq(ticketFacts.workspaceId, workspaceId), eq(ticketFacts.teamId, id)));
  await db.delete(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id)));
  return released;
}

export async function membersOf(db: Db, workspaceId: string): Promise<TeamMember[]> {
  return db.select().from(teamMembers).where(eq(teamMembers.workspaceId, workspaceId)).orderBy(asc(teamMembers.userId));
}

/** Makes the team's members exactly these; those who stay keep their round-robin turn. */
export async function setMembers(db: Db, workspaceId: string, teamId: string, userIds: string[]): Promise<void> {
  await db.delete(teamMembers).where(and(eq(teamMembers.teamId, teamId), userIds.length ? notInArray(teamMembers.userId, userIds) : sql`true`));
  if (userIds.length) await db.insert(teamMembers).values(userIds.map((userId) => ({ teamId, userId, workspaceId }))).onConflictDoNothing();
}

export async function markAssigned(db: Db, teamId: string, userId: string, at: Date): Promise<void> {
  await db.update(teamMembers).set({ lastAssignedAt: at }).where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
}

export interface AgentState {
  availability: Availability;
  capacity: number;
}

export async function agentStates(db: Db, workspaceId: string): Promise<Map<string, AgentState>> {
  const rows = await db.select().from(agentStatus).where(eq(agentStatus.workspaceId, workspaceId));
  return new Map(rows.map((r) => [r.userId, { availability: r.availability, capacity: r.capacity }]));
}

export async function setAgentState(db: Db, workspaceId: string, userId: string, patch: Partial<AgentState>): Promise<AgentState> {
  const [row] = await db
    .insert(agentStatus)
    .values({ workspaceId, userId, ...patch })
    .onConflictDoUpdate({ target: [agentStatus.workspaceId, agentStatus.userId], set: { ...patch, updatedAt: new Date() } })
    .returning();
  return { availability: row!.availability, capacity: row!.capacity };
}

/** Each agent's open tickets (in every team), by user id. */
export async function openLoads(db: Db, workspaceId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ userId: tickets.assigneeId, n: sql<number>`count(*)::int` })
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), inArray(tickets.status, [...ROUTED_STATUSES]), isNotNull(tickets.assigneeId)))
    .groupBy(tickets.assigneeId);
  return new Map(rows.map((r) => [r.userId!, Number(r.n)]));
}

/** Unassigned open tickets of these teams, oldest first, locked; a ticket another transaction holds waits for the next run. */
export async function waitingTickets(db: Db, workspaceId: string, teamIds: string[], limit: number) {
  return db
    .select({ id: tickets.id, teamId: tickets.teamId })
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), isNull(tickets.assigneeId), inArray(tickets.status, [...ROUTED_STATUSES]), inArray(tickets.teamId, teamIds)))
    .orderBy(asc(tickets.createdAt), asc(tickets.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}
