import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { JobRow } from '../../platform/jobs/queue.ts';
import { listMembers } from '../../workspaces/store.ts';
import type { Ticket } from '../store.ts';
import { announce, updateTicket, type ServiceDeps } from '../tickets.ts';
import { pickAssignee, type Candidate, type Routing } from './pick.ts';
import { ROUTING_ACTOR } from './request.ts';
import { agentStates, DEFAULT_CAPACITY, listTeams, markAssigned, membersOf, openLoads, waitingTickets } from './store.ts';

/** The `routing.assign` job: one routing run of a workspace, then agents are told. */
export function routingAssigner(deps: ServiceDeps) {
  return async function assign(job: JobRow, db: Db): Promise<void> {
    if (!job.workspaceId) return;
    const assigned = await db.transaction((tx) => assignWaiting(tx, deps, job.workspaceId!));
    for (const ticket of assigned) announce(deps, ticket, 'ticket.updated');
  };
}

/**
 * Gives the waiting tickets of routed teams, oldest first, to their teams' online
 * members with room, until every ticket is assigned or no team has anyone free.
 * Each assignment goes through updateTicket, so it is in the ticket's history.
 * `batch`: how many waiting tickets are locked and handed out per round.
 */
export async function assignWaiting(db: Db, deps: ServiceDeps, workspaceId: string, batch = 100): Promise<Ticket[]> {
  // One run at a time per workspace: loads and turns are read and written under
  // this lock, so two workers never give an agent more than their capacity.
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`routing:${workspaceId}`}))`);
  const teams = (await listTeams(db, workspaceId)).filter((t) => t.routing !== 'manual');
  if (teams.length === 0) return [];
  const takers = new Set((await listMembers(db, workspaceId)).filter((m) => m.role !== 'analyst').map((m) => m.id));
  const states = await agentStates(db, workspaceId);
  const loads = await openLoads(db, workspaceId);
  const members = (await membersOf(db, workspaceId)).filter((m) => takers.has(m.userId));

  const candidatesOf = (teamId: string): Candidate[] =>
    members
      .filter((m) => m.teamId === teamId)
      .map((m) => ({
        userId: m.userId,
        availability: states.get(m.userId)?.availability ?? 'offline',
        capacity: states.get(m.userId)?.capacity ?? DEFAULT_CAPACITY,
        load: loads.get(m.userId) ?? 0,
        lastAssignedAt: m.lastAssignedAt,
      }));
  const routingOf = new Map(teams.map((t) => [t.id, t.routing as Routing]));
  const next = (teamId: string) => pickAssignee(routingOf.get(teamId)!, candidatesOf(teamId));

  const assigned: Ticket[] = [];
  // Strictly increasing turn times, even within one millisecond, so round-robin's order holds.
  let clock = Math.max(0, ...members.map((m) => m.lastAssignedAt?.getTime() ?? 0));
  for (;;) {
    // Teams with nobody free drop out and assigned tickets leave the query,
    // so each round either assigns or ends the run.
    const open = teams.filter((t) => next(t.id) !== null).map((t) => t.id);
    const waiting = open.length ? await waitingTickets(db, workspaceId, open, batch) : [];
    if (waiting.length === 0) return assigned;
    for (const { id, teamId } of waiting) {
      const userId = next(teamId!);
      if (!userId) continue;
      clock = Math.max(Date.now(), clock + 1);
      const at = new Date(clock);
      assigned.push((await updateTicket(db, deps, workspaceId, id, { assigneeId: userId }, ROUTING_ACTOR, at))!);
      await markAssigned(db, teamId!, userId, at);
      loads.set(userId, (loads.get(userId) ?? 0) + 1);
      members.find((m) => m.teamId === teamId && m.userId === userId)!.lastAssignedAt = at;
    }
  }
}
