import type { Db } from '../../platform/db/client.ts';
import { getCustomer } from '../../customers/store.ts';
import { listMembers } from '../../workspaces/store.ts';
import type { Status } from '../status.ts';
import type { Ticket, TicketMessage } from '../store.ts';
import { addMessage, updateTicket, type ServiceDeps, type TicketActor } from '../tickets.ts';
import { matches, planActions, renderTemplate, type TemplateValues } from './evaluate.ts';
import type { Action } from './rules.ts';
import { automationsFor, type Macro, type Trigger } from './store.ts';

// Automations react to what customers, agents and API keys do. They do not react
// to the system's own changes (other automations, routing, SLA timers, imports),
// so an automation can never set off itself or another one in a loop.

const isSystemChange = (actor: TicketActor) => actor.kind === 'system';

export async function templateValues(db: Db, ticket: Ticket, agentUserId: string | null): Promise<TemplateValues> {
  const customer = await getCustomer(db, ticket.workspaceId, ticket.customerId);
  const agent = agentUserId ? (await listMembers(db, ticket.workspaceId)).find((m) => m.id === agentUserId) : undefined;
  return {
    customer: { name: customer?.name ?? null, email: customer?.email ?? null },
    ticket: { number: ticket.number, subject: ticket.subject },
    agent: { name: agent?.name ?? null },
  };
}

/** Applies actions as `actor`: field changes first (one history entry each), then the replies. */
async function applyActions(
  db: Db,
  deps: ServiceDeps,
  ticket: Ticket,
  actions: Action[],
  actor: TicketActor,
  reply: { authorKind: 'agent' | 'system'; authorUserId: string | null },
): Promise<Ticket> {
  const plan = planActions(actions, ticket.tags);
  let current = ticket;
  if (Object.keys(plan.patch).length > 0) current = (await updateTicket(db, deps, ticket.workspaceId, ticket.id, plan.patch, actor)) ?? current;
  if (plan.replies.length > 0) {
    const values = await templateValues(db, current, reply.authorUserId);
    for (const r of plan.replies) {
      ({ ticket: current } = await addMessage(
        db,
        deps,
        current.workspaceId,
        current,
        { authorKind: reply.authorKind, authorUserId: reply.authorUserId, public: r.public, body: renderTemplate(r.body, values), channel: current.channel },
        actor,
      ));
    }
  }
  return current;
}

/** Runs the workspace's enabled automations of a trigger in order; each sees the ticket as the previous ones left it. */
export async function runAutomations(
  db: Db,
  deps: ServiceDeps,
  trigger: Trigger,
  ticket: Ticket,
  message: Pick<TicketMessage, 'bodyText' | 'authorKind'> | null,
  actor: TicketActor,
): Promise<Ticket> {
  if (isSystemChange(actor)) return ticket;
  const rules = await automationsFor(db, ticket.workspaceId, trigger);
  if (rules.length === 0) return ticket;
  const customer = await getCustomer(db, ticket.workspaceId, ticket.customerId);
  let current = ticket;
  for (const rule of rules) {
    const facts = {
      status: current.status as Status,
      priority: current.priority,
      channel: current.channel,
      tags: current.tags,
      teamId: current.teamId,
      assigneeId: current.assigneeId,
      subject: current.subject,
      customerEmail: customer?.email ?? null,
      message: message ? { body: message.bodyText, author: message.authorKind } : null,
    };
    if (!matches(rule.conditions, facts)) continue;
    // Automated replies are the system's: emailed like an agent's, but never counted as a response in the metrics.
    current = await applyActions(db, deps, current, rule.actions, { kind: 'system', id: `automation:${rule.id}` }, { authorKind: 'system', authorUserId: null });
  }
  return current;
}

/** An agent applies a macro: its changes and its reply (or the agent's edited version of it) as theirs. */
export async function applyMacro(db: Db, deps: ServiceDeps, ticket: Ticket, macro: Macro, actor: TicketActor, replyOverride?: string): Promise<Ticket> {
  const actions: Action[] = [...macro.actions];
  const reply = replyOverride ?? macro.reply;
  if (reply) actions.push({ type: 'reply', value: reply, public: macro.replyPublic });
  const current = await applyActions(db, deps, ticket, actions, actor, { authorKind: 'agent', authorUserId: actor.kind === 'agent' ? actor.id : null });
  return current;
}
