import { z } from 'zod';
import type { Db } from '../platform/db/client.ts';
import { customersByIds } from '../customers/store.ts';
import { presentSentiment, sentimentSchema } from '../insights/sentiment-presenter.ts';
import type { TextSentiment } from '../insights/store.ts';
import { callSchema } from './calls.ts';
import { CHANNELS, PRIORITIES, STATUSES } from './status.ts';
import type { Ticket, TicketEvent, TicketMessage } from './store.ts';

export const ticketSchema = z.object({
  id: z.string(),
  number: z.number(),
  subject: z.string(),
  status: z.enum(STATUSES),
  priority: z.enum(PRIORITIES),
  channel: z.enum(CHANNELS),
  tags: z.array(z.string()),
  customFields: z.record(z.string(), z.unknown()),
  assigneeId: z.string().nullable(),
  teamId: z.string().nullable(),
  customer: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  firstResponseAt: z.string().nullable(),
  solvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  slaDueAt: z.string().nullable().describe('The next SLA deadline to meet (first response, next response or resolution); past once breached'),
});

export const messageSchema = z.object({
  id: z.string(),
  author: z.enum(['customer', 'agent', 'system']),
  authorUserId: z.string().nullable(),
  public: z.boolean(),
  channel: z.string(),
  body: z.string(),
  trimmed: z.string().nullable().describe('Inbound email: the quoted thread and signature cut from the body, or null'),
  html: z.string().nullable().describe('Sanitised HTML of an email body'),
  from: z.string().nullable(),
  delivery: z.string().nullable().describe('For outbound email: queued, sent, outbox or failed'),
  call: callSchema.nullable().describe('A logged phone call; the body holds its notes'),
  sentiment: sentimentSchema
    .nullable()
    .describe("A customer message's sentiment (score: P(positive) - P(negative)); null until read, and for agents' messages"),
  createdAt: z.string(),
  attachments: z.array(z.object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number() })),
});

export const ticketEventSchema = z.object({
  type: z.string(),
  actor: z.object({ kind: z.string(), id: z.string().nullable() }),
  from: z.unknown(),
  to: z.unknown(),
  at: z.string(),
});

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function presentTicket(t: Ticket, customer: { id: string; name: string | null; email: string | null }): z.infer<typeof ticketSchema> {
  return {
    id: t.id,
    number: t.number,
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    channel: t.channel,
    tags: t.tags,
    customFields: t.customFields,
    assigneeId: t.assigneeId,
    teamId: t.teamId,
    customer,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    firstResponseAt: iso(t.firstResponseAt),
    solvedAt: iso(t.solvedAt),
    closedAt: iso(t.closedAt),
    slaDueAt: iso(t.slaDueAt),
  };
}

/** Tickets with their customers' names and emails, in one query. */
export async function presentTickets(db: Db, tickets: Ticket[]): Promise<z.infer<typeof ticketSchema>[]> {
  const ids = [...new Set(tickets.map((t) => t.customerId))];
  const customers = new Map((tickets.length ? await customersByIds(db, tickets[0]!.workspaceId, ids) : []).map((c) => [c.id, c]));
  return tickets.map((t) => {
    const c = customers.get(t.customerId);
    return presentTicket(t, { id: t.customerId, name: c?.name ?? null, email: c?.email ?? null });
  });
}

export function presentMessage(
  m: TicketMessage,
  attachments: { id: string; filename: string; contentType: string; size: number }[],
  sentiment?: TextSentiment,
): z.infer<typeof messageSchema> {
  return {
    id: m.id,
    author: m.authorKind,
    authorUserId: m.authorUserId,
    public: m.public,
    channel: m.channel,
    body: m.bodyText,
    trimmed: m.trimmedText,
    html: m.bodyHtml,
    from: m.fromAddress,
    delivery: m.delivery,
    call: m.call ?? null,
    sentiment: presentSentiment(sentiment),
    createdAt: m.createdAt.toISOString(),
    attachments,
  };
}

export function presentEvent(e: TicketEvent): z.infer<typeof ticketEventSchema> {
  return { type: e.type, actor: { kind: e.actorKind, id: e.actorId }, from: e.fromValue, to: e.toValue, at: e.at.toISOString() };
}
