import type { Db } from '../../platform/db/client.ts';
import type { JobRow } from '../../platform/jobs/queue.ts';
import { toHistory } from '../metrics.ts';
import { eventsOf, getTicket, insertEvents, loadSlaPolicy, setSlaDue, updateTicketRow, type Ticket, type TicketEvent } from '../store.ts';
import { ticketChanged, updateTicket, type ServiceDeps, type TicketActor } from '../tickets.ts';
import { agentStates } from '../routing/store.ts';
import type { Priority } from '../status.ts';
import { defaultPolicy, type SlaPolicy } from './policy.ts';
import { SLA_TARGETS as CLOCKS, slaState, type Clock } from './state.ts';

// SLA timers as durable jobs: one `sla.check` per ticket, due at the next warning
// or deadline. It survives restarts (it is a row), moves when the ticket changes,
// and at a breach escalates: the priority goes up one step, agents are told, and a
// ticket whose assignee is not online goes back to routing.

const SLA_ACTOR: TicketActor = { kind: 'system', id: 'sla' };
const RAISE: Record<Priority, Priority> = { low: 'normal', normal: 'high', high: 'urgent', urgent: 'urgent' };

type SlaEvent = { type: string; toValue: unknown };
const clockOf = (e: SlaEvent) => (e.toValue as { clock?: string; deadline?: string } | null) ?? {};

/** A warning is per clock and deadline (a deadline that moves warns again); an escalation once per clock. */
const wasWarned = (events: SlaEvent[], clock: string, deadline: string) =>
  events.some((e) => e.type === 'sla.warning' && clockOf(e).clock === clock && clockOf(e).deadline === deadline);
const escalatedClocks = (events: SlaEvent[]) => new Set(events.filter((e) => e.type === 'sla.breach').map((e) => String(clockOf(e).clock)));

/** When the next warning or deadline falls; a warning or breach not yet acted on is due now. */
function nextCheckAt(clocks: [string, Clock | null][], events: SlaEvent[], warnBeforeMs: number, now: number): number | null {
  const escalated = escalatedClocks(events);
  const times: number[] = [];
  for (const [name, c] of clocks) {
    if (!c || c.remainingMs === null || c.status === 'paused') continue;
    const deadline = Date.parse(c.deadline);
    if (deadline - warnBeforeMs > now) times.push(deadline - warnBeforeMs);
    else if (deadline > now) times.push(wasWarned(events, name, c.deadline) ? deadline : now);
    else if (!escalated.has(name)) times.push(now);
  }
  return times.length ? Math.min(...times) : null;
}

/** The deadline the ticket must meet next (a breached one counts until it is met); none while every clock is paused or met. */
function earliestDeadline(clocks: (Clock | null)[]): Date | null {
  const running = clocks.filter((c): c is Clock => c !== null && ['active', 'at-risk', 'breached'].includes(c.status)).map((c) => Date.parse(c.deadline));
  return running.length ? new Date(Math.min(...running)) : null;
}

/** (Re)arms the ticket's SLA timer, from its history and policy (tickets.ts ticketChanged loads them). */
export async function scheduleSlaCheck(db: Db, deps: ServiceDeps, ticket: Ticket, policy: SlaPolicy, events: TicketEvent[]): Promise<void> {
  const dedupeKey = `sla:${ticket.id}`;
  if (ticket.status === 'solved' || ticket.status === 'closed') {
    if (ticket.slaDueAt) await setSlaDue(db, ticket.id, null);
    return deps.jobs.cancel(dedupeKey, db);
  }
  const now = Date.now();
  const state = slaState(policy, ticket.priority, toHistory({ ticket, events }), now);
  const due = earliestDeadline(CLOCKS.map((c) => state[c]));
  if (due?.getTime() !== ticket.slaDueAt?.getTime()) await setSlaDue(db, ticket.id, due);
  const at = nextCheckAt(CLOCKS.map((c) => [c, state[c]]), events, policy.warnBeforeMinutes * 60_000, now);
  if (at === null) return deps.jobs.cancel(dedupeKey, db);
  await deps.jobs.reschedule({ kind: 'sla.check', workspaceId: ticket.workspaceId, payload: { ticketId: ticket.id }, dedupeKey, runAt: new Date(at) }, db);
}

export function slaChecker(deps: ServiceDeps) {
  return async function checkSla(job: JobRow, db: Db): Promise<void> {
    if (!job.workspaceId) return;
    const workspaceId = job.workspaceId;
    await db.transaction(async (tx) => {
      let ticket = await getTicket(tx, workspaceId, String(job.payload.ticketId), true);
      if (!ticket || ticket.status === 'solved' || ticket.status === 'closed') return;
      const policy = (await loadSlaPolicy(tx, workspaceId)) ?? defaultPolicy(deps.timeZone);
      const events = await eventsOf(tx, ticket.id);
      const state = slaState(policy, ticket.priority, toHistory({ ticket, events }), Date.now());
      // One escalation per clock: a raised priority must not cascade on the next check.
      const escalated = escalatedClocks(events);
      let raisedThisRun = false;
      for (const name of CLOCKS) {
        const c = state[name];
        if (!c) continue;
        if (c.status === 'at-risk' && !wasWarned(events, name, c.deadline)) {
          await insertEvents(tx, [{ workspaceId, ticketId: ticket.id, actorKind: 'system', actorId: 'sla', type: 'sla.warning', toValue: { clock: name, deadline: c.deadline } }]);
          deps.hub.publish(workspaceId, { type: 'ticket.sla', data: { ticketId: ticket.id, number: ticket.number, level: 'warning', clock: name, deadline: c.deadline } });
        }
        if (c.status === 'breached' && !escalated.has(name)) {
          const raised = raisedThisRun ? ticket.priority : RAISE[ticket.priority];
          raisedThisRun = true;
          await insertEvents(tx, [
            { workspaceId, ticketId: ticket.id, actorKind: 'system', actorId: 'sla', type: 'sla.breach', toValue: { clock: name, deadline: c.deadline } },
            ...(raised !== ticket.priority ? [{ workspaceId, ticketId: ticket.id, actorKind: 'system' as const, actorId: 'sla', type: 'priority', fromValue: ticket.priority, toValue: raised }] : []),
          ]);
          if (raised !== ticket.priority) ticket = await updateTicketRow(tx, workspaceId, ticket.id, { priority: raised });
          // An assignee who is away or offline cannot save it: hand the ticket back to routing.
          if (ticket.assigneeId && (await agentStates(tx, workspaceId)).get(ticket.assigneeId)?.availability !== 'online') {
            ticket = (await updateTicket(tx, deps, workspaceId, ticket.id, { assigneeId: null }, SLA_ACTOR)) ?? ticket;
          }
          deps.hub.publish(workspaceId, { type: 'ticket.sla', data: { ticketId: ticket.id, number: ticket.number, level: 'breach', clock: name, deadline: c.deadline, priority: ticket.priority } });
        }
      }
      // The breach and warning events just written count: the ticket's history is read again.
      await ticketChanged(tx, deps, ticket);
    });
  };
}
