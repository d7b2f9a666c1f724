import crypto from 'node:crypto';
import type { Db } from '../platform/db/client.ts';
import type { Actor } from '../platform/auth/policies.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import type { Hub } from '../platform/realtime/hub.ts';
import { conflict } from '../platform/http/errors.ts';
import { clipText } from '../platform/text.ts';
import { findOrCreateCustomer, getCustomer } from '../customers/store.ts';
import { recordJourneyEntry } from '../journeys/store.ts';
import { requestSentiment } from '../insights/sentiment-jobs.ts';
import { findTouchpointByName } from '../touchpoints/store.ts';
import { CONVERSATION_TOUCHPOINTS } from '../touchpoints/catalog.ts';
import { sanitiseEmailHtml } from './html.ts';
import { chatReplyByEmail, chatTopic } from './chat/presence.ts';
import { scheduleSlaCheck } from './sla/escalation.ts';
import { requestRouting } from './routing/request.ts';
import { runAutomations } from './automation/apply.ts';
import type { CallDetails } from './calls.ts';
import { canMove, statusAfterMessage, type Priority, type Status, type TicketChannel } from './status.ts';
import { factsOf } from './facts.ts';
import { defaultPolicy } from './sla/policy.ts';
import {
  eventsOf,
  getTicket,
  insertAttachments,
  insertEvents,
  insertMessage,
  insertTicket,
  loadSlaPolicy,
  nextNumber,
  saveTicketFacts,
  updateTicketRow,
  type NewTicket,
  type Ticket,
  type TicketMessage,
} from './store.ts';

// The service desk's operations. Each runs inside the caller's transaction and
// writes the ticket, its history and its journey entries together.

export interface TicketActor {
  kind: 'customer' | 'agent' | 'system' | 'key';
  id: string | null;
}

/** Who a change is recorded as, for a logged-in user or an API key. */
export function ticketActorOf(actor: Actor): TicketActor {
  return actor.kind === 'user' ? { kind: 'agent', id: actor.userId } : { kind: 'key', id: actor.keyId };
}

export interface Attachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface MessageInput {
  authorKind: 'customer' | 'agent' | 'system';
  authorUserId?: string | null;
  public: boolean;
  body: string;
  /** Inbound email: the quoted thread and signature cut from the body (mail/reply.ts). */
  trimmed?: string | null;
  html?: string | null;
  channel: TicketChannel;
  fromAddress?: string | null;
  emailMessageId?: string | null;
  inReplyTo?: string | null;
  attachments?: Attachment[];
  /** A logged phone call: the body holds the call notes. */
  call?: CallDetails | null;
  at?: Date;
  /** Imported history: stored as it happened, never emailed. */
  historical?: boolean;
}

export interface NewTicketInput {
  customer: { id?: string; email?: string; userId?: string; name?: string; phone?: string };
  subject: string;
  channel: TicketChannel;
  priority?: Priority;
  tags?: string[];
  customFields?: Record<string, unknown>;
  teamId?: string | null;
  assigneeId?: string | null;
  /** Defaults to the first message's time. */
  createdAt?: Date;
  message: Omit<MessageInput, 'channel'>;
}

export interface ServiceDeps {
  jobs: JobQueue;
  hub: Hub;
  /** The domain of outbound Message-IDs. */
  mailDomain: string;
  /** The default SLA calendar's time zone. */
  timeZone: string;
  /** Told (in the transaction) when a ticket becomes solved: feedback sends its CSAT survey. */
  onSolved?: (db: Db, ticket: Ticket, at: Date) => Promise<void>;
  /** Told (in the transaction) when a ticket opens with a customer's message: insights triages it. */
  onOpened?: (db: Db, ticket: Ticket, message: TicketMessage) => Promise<void>;
  /** Told (in the transaction) of every update that changed something, before and after: insights counts corrections of triage. */
  onUpdated?: (db: Db, before: Ticket, after: Ticket, actor: TicketActor) => Promise<void>;
}

/** Imported history is recorded as this actor: it happened long ago, so nothing reacts to it. */
export const IMPORT_ACTOR: TicketActor = { kind: 'system', id: 'import' };

/**
 * The touchpoint a conversation goes on the journey under, by its channel: a chat
 * under "Chat conversation", a call under "Phone call". Tickets opened through the
 * API are answered by email, so they go with email.
 */
export async function conversationTouchpointId(db: Db, workspaceId: string, channel: TicketChannel): Promise<string | null> {
  const name = CONVERSATION_TOUCHPOINTS[channel === 'api' ? 'email' : channel];
  return (await findTouchpointByName(db, workspaceId, name))?.id ?? null;
}

export async function createTicket(db: Db, deps: ServiceDeps, workspaceId: string, input: NewTicketInput, actor: TicketActor): Promise<{ ticket: Ticket; message: TicketMessage }> {
  const customer = input.customer.id
    ? await getCustomer(db, workspaceId, input.customer.id)
    : await findOrCreateCustomer(db, workspaceId, input.customer);
  if (!customer) throw new Error('customer not found');
  const at = input.createdAt ?? input.message.at ?? new Date();
  const ticket = await insertTicket(db, {
    id: crypto.randomUUID(),
    workspaceId,
    number: await nextNumber(db, workspaceId, 'ticket'),
    customerId: customer.id,
    subject: input.subject,
    channel: input.channel,
    priority: input.priority ?? 'normal',
    tags: normaliseTags(input.tags ?? []),
    customFields: input.customFields ?? {},
    teamId: input.teamId ?? null,
    assigneeId: input.assigneeId ?? null,
    createdAt: at,
    updatedAt: at,
  });
  await insertEvents(db, [{ workspaceId, ticketId: ticket.id, actorKind: actor.kind, actorId: actor.id, type: 'created', toValue: { status: ticket.status, channel: ticket.channel, priority: ticket.priority }, at }]);
  await recordJourneyEntry(db, {
    workspaceId,
    customerId: customer.id,
    kind: 'ticket',
    name: `Ticket #${ticket.number}: ${ticket.subject}`,
    at,
    touchpointId: await conversationTouchpointId(db, workspaceId, input.channel),
    properties: { number: ticket.number, subject: ticket.subject, channel: ticket.channel, priority: ticket.priority },
    source: 'service',
    ref: { type: 'ticket', id: ticket.id },
  });
  const first = await appendMessage(db, deps, workspaceId, ticket, { ...input.message, channel: input.channel, at: input.message.at ?? at }, actor);
  const message = first.message;
  const updated = input.message.historical ? first.ticket : await runAutomations(db, deps, 'ticket.created', first.ticket, message, actor);
  if (!input.message.historical && message.authorKind === 'customer') await deps.onOpened?.(db, updated, message);
  await requestRouting(db, deps.jobs, workspaceId, actor);
  return { ticket: updated, message };
}

/** A new message on a ticket, then the workspace's message automations. */
export async function addMessage(db: Db, deps: ServiceDeps, workspaceId: string, ticket: Ticket, input: MessageInput, actor: TicketActor): Promise<{ ticket: Ticket; message: TicketMessage }> {
  const { ticket: updated, message } = await appendMessage(db, deps, workspaceId, ticket, input, actor);
  return { ticket: input.historical ? updated : await runAutomations(db, deps, 'message.created', updated, message, actor), message };
}

async function appendMessage(db: Db, deps: ServiceDeps, workspaceId: string, ticket: Ticket, input: MessageInput, actor: TicketActor): Promise<{ ticket: Ticket; message: TicketMessage }> {
  if (ticket.status === 'closed') throw conflict(`Ticket #${ticket.number} is closed; open a follow-up ticket instead.`);
  const at = input.at ?? new Date();
  const outbound =
    !input.historical &&
    !input.call &&
    input.authorKind !== 'customer' &&
    input.public &&
    (['email', 'web', 'api'].includes(ticket.channel) || (ticket.channel === 'chat' && (await chatReplyByEmail(db, deps.hub, ticket.id))));
  const customer = await getCustomer(db, workspaceId, ticket.customerId);
  const sendsEmail = outbound && Boolean(customer?.email);
  const message = await insertMessage(db, {
    id: crypto.randomUUID(),
    workspaceId,
    ticketId: ticket.id,
    authorKind: input.authorKind,
    authorUserId: input.authorUserId ?? null,
    public: input.public,
    channel: input.channel,
    bodyText: input.body,
    trimmedText: input.trimmed ?? null,
    bodyHtml: input.html ? sanitiseEmailHtml(input.html) : null,
    fromAddress: input.fromAddress ?? null,
    // Outbound mail gets its Message-ID now, so a retried send reuses it and replies thread.
    emailMessageId: input.emailMessageId ?? (sendsEmail ? `<${crypto.randomUUID()}@${deps.mailDomain}>` : null),
    inReplyTo: input.inReplyTo ?? null,
    delivery: sendsEmail ? 'queued' : null,
    call: input.call ?? null,
    createdAt: at,
  });
  await insertAttachments(db, workspaceId, message.id, input.attachments ?? []);

  const status = statusAfterMessage(ticket.status as Status, input.authorKind, input.public);
  const patch: Partial<NewTicket> = { status, updatedAt: at };
  if (status !== ticket.status) patch.solvedAt = status === 'solved' ? at : ticket.solvedAt;
  if (input.authorKind === 'agent' && input.public && !ticket.firstResponseAt) patch.firstResponseAt = at;
  const updated = await updateTicketRow(db, workspaceId, ticket.id, patch);
  await insertEvents(db, [
    { workspaceId, ticketId: ticket.id, actorKind: actor.kind, actorId: actor.id, type: input.public ? 'message' : 'note', toValue: { messageId: message.id, author: input.authorKind }, at },
    ...(status !== ticket.status ? [{ workspaceId, ticketId: ticket.id, actorKind: actor.kind, actorId: actor.id, type: 'status', fromValue: ticket.status, toValue: status, at }] : []),
  ]);
  if (input.public) {
    await recordJourneyEntry(db, {
      workspaceId,
      customerId: ticket.customerId,
      kind: 'message',
      name: input.call ? callTitle(input.call, ticket.number) : input.authorKind === 'customer' ? `Customer wrote on #${ticket.number}` : `Reply on #${ticket.number}`,
      at,
      touchpointId: await conversationTouchpointId(db, workspaceId, input.channel),
      properties: { ticket: ticket.number, author: input.authorKind, channel: input.channel, excerpt: clipText(input.body, 280), ...(input.call ? { call: input.call } : {}) },
      source: 'service',
      ref: { type: 'ticket_message', id: message.id },
    });
    if (input.authorKind === 'customer') {
      await requestSentiment(db, deps.jobs, { workspaceId, ref: { type: 'ticket_message', id: message.id }, customerId: ticket.customerId, source: input.channel, text: input.body, at });
    }
  }
  if (sendsEmail) await deps.jobs.enqueue({ kind: 'mail.send', workspaceId, payload: { messageId: message.id }, dedupeKey: `mail:${message.id}` }, db);
  await ticketChanged(db, deps, updated);
  // A reopened ticket may wait for an agent again.
  if (status !== ticket.status) await requestRouting(db, deps.jobs, workspaceId, actor);
  return { ticket: updated, message };
}

export interface TicketPatch {
  status?: Status;
  priority?: Priority;
  assigneeId?: string | null;
  teamId?: string | null;
  tags?: string[];
  customFields?: Record<string, unknown>;
  subject?: string;
}

/** Applies a change and records each changed field in the history; 409 for a move the status rules refuse. */
export async function updateTicket(db: Db, deps: ServiceDeps, workspaceId: string, ticketId: string, patch: TicketPatch, actor: TicketActor, at = new Date()): Promise<Ticket | undefined> {
  const ticket = await getTicket(db, workspaceId, ticketId, true);
  if (!ticket) return undefined;
  if (patch.status && !canMove(ticket.status as Status, patch.status)) {
    throw conflict(`A ${ticket.status} ticket cannot become ${patch.status}.`);
  }
  const changes: Partial<NewTicket> = {};
  const events: { type: string; fromValue: unknown; toValue: unknown }[] = [];
  const fields = ['status', 'priority', 'assigneeId', 'teamId', 'subject'] as const;
  for (const field of fields) {
    const value = patch[field];
    if (value !== undefined && value !== ticket[field]) {
      Object.assign(changes, { [field]: value });
      events.push({ type: field, fromValue: ticket[field], toValue: value });
    }
  }
  if (patch.tags) {
    const tags = normaliseTags(patch.tags);
    if (tags.join() !== ticket.tags.join()) {
      changes.tags = tags;
      events.push({ type: 'tags', fromValue: ticket.tags, toValue: tags });
    }
  }
  if (patch.customFields) {
    const merged = { ...ticket.customFields, ...patch.customFields };
    changes.customFields = merged;
    events.push({ type: 'customFields', fromValue: ticket.customFields, toValue: merged });
  }
  if (changes.status === 'solved') changes.solvedAt = at;
  if (changes.status === 'closed') changes.closedAt = at;
  if (events.length === 0) return ticket;
  const updated = await updateTicketRow(db, workspaceId, ticket.id, { ...changes, updatedAt: at });
  await insertEvents(
    db,
    events.map((e) => ({ workspaceId, ticketId: ticket.id, actorKind: actor.kind, actorId: actor.id, type: e.type, fromValue: e.fromValue ?? null, toValue: e.toValue ?? null, at })),
  );
  if (changes.status === 'solved') {
    await recordJourneyEntry(db, {
      workspaceId,
      customerId: ticket.customerId,
      kind: 'ticket',
      name: `Ticket #${ticket.number} solved`,
      at,
      touchpointId: await conversationTouchpointId(db, workspaceId, ticket.channel),
      properties: { number: ticket.number, status: 'solved' },
      source: 'service',
      ref: { type: 'ticket', id: ticket.id },
    });
    if (actor.id !== IMPORT_ACTOR.id) await deps.onSolved?.(db, updated, at);
  }
  await ticketChanged(db, deps, updated);
  await deps.onUpdated?.(db, ticket, updated, actor);
  // A new team, a released assignee or a solved ticket (capacity freed) may let routing assign.
  if (changes.status || 'assigneeId' in changes || 'teamId' in changes) await requestRouting(db, deps.jobs, workspaceId, actor);
  return runAutomations(db, deps, 'ticket.updated', updated, null, actor);
}

/** In the transaction of every change of a ticket: its history, loaded once, gives its report facts (ticket_facts) and arms its SLA timer. */
export async function ticketChanged(db: Db, deps: ServiceDeps, ticket: Ticket): Promise<void> {
  const policy = (await loadSlaPolicy(db, ticket.workspaceId)) ?? defaultPolicy(deps.timeZone);
  const events = await eventsOf(db, ticket.id);
  await saveTicketFacts(db, [factsOf({ ticket, events }, policy)]);
  await scheduleSlaCheck(db, deps, ticket, policy, events);
}

function callTitle(call: CallDetails, number: number): string {
  const minutes = Math.max(1, Math.round(call.durationSeconds / 60));
  return `${call.direction === 'inbound' ? 'Call from customer' : 'Call to customer'} on #${number} (${minutes} min, ${call.outcome})`;
}

export function normaliseTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))].sort();
}

export type TicketChange = 'ticket.created' | 'ticket.updated' | 'ticket.message';

/** Tells connected agents; called once the change is committed. */
export function announce(deps: ServiceDeps, ticket: Ticket, type: TicketChange, extra: Record<string, unknown> = {}): void {
  const event = {
    type,
    data: { ticketId: ticket.id, number: ticket.number, status: ticket.status, subject: ticket.subject, assigneeId: ticket.assigneeId, updatedAt: ticket.updatedAt.toISOString(), ...extra },
  };
  deps.hub.publish(ticket.workspaceId, event);
  // The widget visitor of this ticket, if any, listens on its own topic (it filters what a visitor may see).
  deps.hub.publish(chatTopic(ticket.id), event);
}
