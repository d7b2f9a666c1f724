import type { FastifyRequest } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { z } from 'zod';
import type { AppContext } from '../../platform/http/app.ts';
import type { LiveEvent } from '../../platform/realtime/hub.ts';
import { sha256 } from '../../platform/auth/secrets.ts';
import { AppError } from '../../platform/http/errors.ts';
import { parseJson } from '../../platform/http/json-parser.ts';
import { NestingTooDeepError } from '../../platform/text.ts';
import { getMessage, getTicket } from '../store.ts';
import { announce, type ServiceDeps } from '../tickets.ts';
import { agentsOnline } from './availability.ts';
import { checkMessage, postVisitorMessage, presentVisitorMessage, visibleToVisitor, visitorHistory } from './conversations.ts';
import { createLimiter } from './limiter.ts';
import { chatTopic, visitorConnected } from './presence.ts';
import { findConversation, touchConversation, type ChatConversation } from './store.ts';
import { widgetActor, writeKeyOf } from './write-key.ts';

/*
 * The visitor's WebSocket, `/widget/v1/chat?writeKey=…`. The token that opens a
 * conversation comes in the first frame, not the URL, so it never lands in logs.
 *   visitor → {"type":"join","token"} | {"type":"message","body"}
 *   server  → hello {conversationId, number, status, agentsOnline, agentAssigned, messages}
 *             | message {id, author, body, at} | agent.joined | status {status}
 *             | error {code, message}
 * Refusals close the socket with 4000 + the HTTP status: 4401 unknown key,
 * 4403 a secret key, 4404 unknown conversation, 4408 no join in time,
 * 4410 conversation closed, 4429 too many windows on one conversation.
 */

const JOIN_TIMEOUT_MS = 10_000;
const MAX_SOCKETS_PER_CONVERSATION = 5;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const clientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('join'), token: z.string().min(1).max(200) }),
  z.object({ type: z.literal('message'), body: z.string() }),
]);

/** A text frame's bytes (ws hands over a Buffer, or fragments as an array of them). */
function frameBytes(raw: RawData): Uint8Array {
  if (Array.isArray(raw)) return Buffer.concat(raw);
  return raw instanceof ArrayBuffer ? new Uint8Array(raw) : raw;
}

/** A close reason is limited to 123 bytes of UTF-8. */
function closeReason(text: string): string {
  let reason = text;
  while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1);
  return reason;
}

export function visitorSocket(ctx: AppContext, deps: ServiceDeps) {
  const { db, hub } = ctx;
  // A visitor cannot flood the team: a burst of 8 messages, then one every 2 s, per conversation.
  const limiter = createLimiter({ burst: 8, everyMs: 2_000 });

  return (socket: WebSocket, req: FastifyRequest): void => {
    let workspaceId: string | undefined;
    let conversation: ChatConversation | undefined;
    let assigned = false;
    let leave: (() => void) | undefined;
    let chain = Promise.resolve();
    const joinTimer = setTimeout(() => close(4408, 'Send {"type":"join","token":…} first.'), JOIN_TIMEOUT_MS);

    const open = () => socket.readyState === socket.OPEN;
    const send = (type: string, data: unknown = {}) => {
      if (open()) socket.send(JSON.stringify({ type, data }));
    };
    const close = (code: number, reason: string) => {
      if (open()) socket.close(code, closeReason(reason));
    };
    const refuse = (err: unknown) => {
      if (err instanceof AppError && err.statusCode < 500) return close(4000 + err.statusCode, err.message);
      req.log.error({ err, workspaceId, ticketId: conversation?.ticketId }, 'chat socket failed');
      close(1011, 'Internal error.');
    };
    // One step at a time, in arrival order; a failure ends this socket, never the server.
    const run = (step: () => Promise<void>) => {
      chain = chain.then(() => (open() ? step() : undefined)).catch(refuse);
    };

    async function join(token: string) {
      if (conversation) return void send('error', { code: 'already_joined', message: 'This socket has joined its conversation already.' });
      const found = await findConversation(db, workspaceId!, sha256(token));
      const ticket = found && (await getTicket(db, found.workspaceId, found.ticketId));
      if (!found || !ticket) throw new AppError(404, 'not_found', 'Unknown conversation: start a new one.');
      if (ticket.status === 'closed') throw new AppError(410, 'closed', 'This conversation is closed: start a new one.');
      const topic = chatTopic(ticket.id);
      if (hub.listeners(topic) >= MAX_SOCKETS_PER_CONVERSATION) throw new AppError(429, 'too_many_windows', 'This conversation is open in too many windows.');
      // The visitor may have left while we looked: a listener added now would never be removed.
      if (!open()) return;
      clearTimeout(joinTimer);
      conversation = found;
      assigned = Boolean(ticket.assigneeId);
      // Subscribed before the history is read, so no reply falls between; the widget drops duplicates by id.
      leave = hub.subscribe(topic, (event) => run(() => forward(event)));
      hub.publish(ticket.workspaceId, { type: 'chat.presence', data: { ticketId: ticket.id, visitorConnected: true } });
      await touchConversation(db, ticket.id);
      send('hello', {
        conversationId: ticket.id,
        number: ticket.number,
        status: ticket.status,
        agentsOnline: await agentsOnline(db, hub, ticket.workspaceId),
        agentAssigned: assigned,
        messages: await visitorHistory(db, ticket.id),
      });
    }

    async function message(body: string) {
      if (!conversation) return void send('error', { code: 'not_joined', message: 'Send {"type":"join","token":…} first.' });
      let text: string;
      try {
        text = checkMessage(body);
      } catch (err) {
        return void send('error', { code: (err as AppError).code, message: (err as Error).message });
      }
      if (!limiter.take(conversation.ticketId)) return void send('error', { code: 'rate_limited', message: 'Too many messages: wait a few seconds.' });
      const posted = await db.transaction((tx) => postVisitorMessage(tx, deps, conversation!, text)).catch((err) => {
        // addMessage refuses a closed ticket with 409: for the visitor, this conversation is over.
        throw err instanceof AppError && err.statusCode === 409 ? new AppError(410, 'closed', 'This conversation is closed: start a new one.') : err;
      });
      announce(deps, posted.ticket, 'ticket.message', { messageId: posted.message.id, public: true, author: 'customer' });
    }

    /** What agents do on the ticket, as far as the visitor may see it. */
    async function forward(event: LiveEvent) {
      if (event.type === 'ticket.message' && typeof event.data.messageId === 'string' && uuid.test(event.data.messageId)) {
        const m = await getMessage(db, event.data.messageId);
        if (m && visibleToVisitor(m) && m.ticketId === conversation!.ticketId) send('message', presentVisitorMessage(m));
      } else if (event.type === 'ticket.updated') {
        if (event.data.assigneeId && !assigned) send('agent.joined');
        assigned = Boolean(event.data.assigneeId);
        send('status', { status: event.data.status });
        if (event.data.status === 'closed') close(4410, 'This conversation is closed: start a new one.');
      }
    }

    async function onFrame(raw: RawData, isBinary: boolean) {
      let parsed: unknown;
      try {
        // Parsed as request bodies are: text PostgreSQL cannot store is repaired, deep nesting refused.
        parsed = isBinary ? undefined : parseJson(frameBytes(raw));
      } catch (err) {
        if (err instanceof NestingTooDeepError) return void send('error', { code: 'invalid_frame', message: err.message });
        return void send('error', { code: 'invalid_json', message: 'Frames are JSON text in UTF-8.' });
      }
      const frame = clientFrame.safeParse(parsed);
      if (!frame.success) return void send('error', { code: 'invalid_frame', message: 'Send {"type":"join","token":…} or {"type":"message","body":…}.' });
      if (frame.data.type === 'join') await join(frame.data.token);
      else await message(frame.data.body);
    }

    // Listeners first, synchronously: frames sent while the key is checked are queued, not lost.
    socket.on('message', (raw, isBinary) => run(() => onFrame(raw, isBinary)));
    // Keeps proxies from closing an idle connection.
    const ping = setInterval(() => open() && socket.ping(), 25_000);
    socket.on('close', () => {
      clearTimeout(joinTimer);
      clearInterval(ping);
      if (!leave || !conversation) return;
      leave();
      hub.publish(conversation.workspaceId, { type: 'chat.presence', data: { ticketId: conversation.ticketId, visitorConnected: visitorConnected(hub, conversation.ticketId) } });
    });
    run(async () => {
      workspaceId = (await widgetActor(db, writeKeyOf(req))).workspaceId;
    });
  };
}
