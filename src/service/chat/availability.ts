import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { Hub } from '../../platform/realtime/hub.ts';
import { agentStatus } from '../schema.ts';

/**
 * Is someone there to answer a chat now? Either signal counts: a person has the
 * agent inbox open (a socket on /api/v1/live for the workspace), or an agent
 * has set their availability to online (routing's agent_status), which also
 * covers someone answering through the API from another tool.
 */
export async function agentsOnline(db: Db, hub: Hub, workspaceId: string): Promise<boolean> {
  if (hub.listeners(workspaceId) > 0) return true;
  const [row] = await db
    .select({ userId: agentStatus.userId })
    .from(agentStatus)
    .where(and(eq(agentStatus.workspaceId, workspaceId), eq(agentStatus.availability, 'online')))
    .limit(1);
  return Boolean(row);
}
