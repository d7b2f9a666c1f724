import { z } from 'zod';
import type { Db } from '../../platform/db/client.ts';
import { randomToken, sha256 } from '../../platform/auth/secrets.ts';
import { AppError } from '../../platform/http/errors.ts';
import { clipText } from '../../platform/text.ts';
import { getTicket, messagesOf, type Ticket, type TicketMessage } from '../store.ts';
import { addMessage, createTicket, type ServiceDeps } from '../tickets.ts';
import { insertConversation, touchConversation, type ChatConversation } from './store.ts';
import { visitorCustomer, type Visitor } from './visitor.ts';

// A widget conversation is a ticket: the visitor's messages go through the
// service desk's own createTicket/addMessage, so history, journey entries, SLA
// clocks and live updates for agents are the same as for any channel.

export const MAX_MESSAGE_CHARS = 4000;
const HISTORY_LIMIT = 200;

export const visitorMessageSchema = z.object({
  id: z.string(),
  author: z.enum(['visitor', 'agent', 'system']),
  body: z.string(),
  at: z.string(),
});
export type VisitorMessage = z.infer<typeof visitorMessageSchema>;

/** Public replies and messages only: never internal notes, nor the team's notes of a phone call. */
export function visibleToVisitor(m: TicketMessage): boolean {
  return m.public && !m.call;
}

/** What a visitor sees of a message: not who of the team wrote it. */
export function presentVisitorMessage(m: TicketMessage): VisitorMessage {
  return { id: m.id, author: m.authorKind === 'customer' ? 'visitor' : m.authorKind, body: m.bodyText, at: m.createdAt.toISOString() };
}

export async function visitorHistory(db: Db, ticketId: string): Promise<VisitorMessage[]> {
  return (await messagesOf(db, ticketId))
    .filter(visibleToVisitor)
    .slice(-HISTORY_LIMIT)
    .map(presentVisitorMessage);
}

/** Trimmed, non-empty and at most MAX_MESSAGE_CHARS, or a 400 that says which. */
export function checkMessage(body: string): string {
  const text = body.trim();
  if (!text) throw new AppError(400, 'empty_message', 'The message is empty.');
  if (text.length > MAX_MESSAGE_CHARS) throw new AppError(400, 'message_too_long', `A message is at most ${MAX_MESSAGE_CHARS} characters.`);
  return text;
}

function subjectOf(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 80 ? `${clipText(line, 79)}…` : line;
}

export interface StartInput extends Visitor {
  message: string;
  pageUrl?: string;
  /** Nobody online: the ticket is an email ticket, so every reply is emailed. */
  offline: boolean;
}

/** Opens the ticket with the first message; the token is returned once and only its hash is kept. */
export async function startConversation(db: Db, deps: ServiceDeps, workspaceId: string, input: StartInput): Promise<{ ticket: Ticket; message: TicketMessage; token: string }> {
  const body = checkMessage(input.message);
  if (input.offline && !input.email) throw new AppError(400, 'email_required', 'No agent is online: leave an email address and we will answer by email.');
  const customer = await visitorCustomer(db, workspaceId, input);
  const { ticket, message } = await createTicket(
    db,
    deps,
    workspaceId,
    {
      customer: { id: customer.id },
      subject: subjectOf(body),
      channel: input.offline ? 'email' : 'chat',
      tags: input.offline ? ['chat-offline'] : [],
      customFields: input.pageUrl ? { pageUrl: input.pageUrl } : {},
      message: { authorKind: 'customer', public: true, body },
    },
    { kind: 'customer', id: customer.id },
  );
  const token = randomToken('tp_chat_');
  await insertConversation(db, { ticketId: ticket.id, workspaceId, tokenHash: sha256(token), visitorId: input.anonymousId });
  return { ticket, message, token };
}

/** A visitor's message on their conversation; 409 once the ticket is closed. */
export async function postVisitorMessage(db: Db, deps: ServiceDeps, conversation: ChatConversation, text: string): Promise<{ ticket: Ticket; message: TicketMessage }> {
  const body = checkMessage(text);
  const ticket = await getTicket(db, conversation.workspaceId, conversation.ticketId, true);
  if (!ticket) throw new AppError(404, 'not_found', 'Conversation not found');
  await touchConversation(db, ticket.id);
  // Recorded as a chat message even when the ticket became an email ticket (nobody was online at the start).
  return addMessage(db, deps, ticket.workspaceId, ticket, { authorKind: 'customer', public: true, body, channel: 'chat' }, { kind: 'customer', id: ticket.customerId });
}
