import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { chatConversations } from '../schema.ts';

// The widget's conversations: a ticket plus the hash of the visitor's token.

export type ChatConversation = typeof chatConversations.$inferSelect;

export async function insertConversation(db: Db, row: { ticketId: string; workspaceId: string; tokenHash: string; visitorId: string }): Promise<void> {
  await db.insert(chatConversations).values(row);
}

/** Only within the key's workspace: a token never opens another workspace's conversation. */
export async function findConversation(db: Db, workspaceId: string, tokenHash: string): Promise<ChatConversation | undefined> {
  const [row] = await db
    .select()
    .from(chatConversations)
    .where(and(eq(chatConversations.workspaceId, workspaceId), eq(chatConversations.tokenHash, tokenHash)));
  return row;
}

export async function isWidgetConversation(db: Db, ticketId: string): Promise<boolean> {
  const [row] = await db.select({ ticketId: chatConversations.ticketId }).from(chatConversations).where(eq(chatConversations.ticketId, ticketId));
  return Boolean(row);
}

export async function touchConversation(db: Db, ticketId: string, at = new Date()): Promise<void> {
  await db.update(chatConversations).set({ lastSeenAt: at }).where(eq(chatConversations.ticketId, ticketId));
}
