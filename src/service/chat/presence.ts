import type { Db } from '../../platform/db/client.ts';
import type { Hub } from '../../platform/realtime/hub.ts';
import { isWidgetConversation } from './store.ts';

// A visitor's open widget sockets subscribe to their ticket's own hub topic, so
// the hub both delivers agents' replies to them and tells whether they are here.
// The prefix keeps these topics apart from workspace ids (UUIDs).

export function chatTopic(ticketId: string): string {
  return `chat:${ticketId}`;
}

export function visitorConnected(hub: Hub, ticketId: string): boolean {
  return hub.listeners(chatTopic(ticketId)) > 0;
}

/**
 * Whether an agent's public reply on a chat ticket must go out by email: only
 * for a widget conversation whose visitor has left (a chat an agent logged by
 * hand has nobody to email on its behalf). The mail job itself skips customers
 * without an email.
 */
export async function chatReplyByEmail(db: Db, hub: Hub, ticketId: string): Promise<boolean> {
  return !visitorConnected(hub, ticketId) && (await isWidgetConversation(db, ticketId));
}
