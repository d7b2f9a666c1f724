// In-process publish/subscribe by workspace: what the agent inbox listens to.
// One server process; several processes on PostgreSQL would relay through
// LISTEN/NOTIFY, which this interface leaves room for (publish and disconnect alike).

export interface LiveEvent {
  type: string;
  data: Record<string, unknown>;
}

/** Who holds a live connection: a session of a user, or an API key. */
export interface ConnectionOwner {
  workspaceId: string;
  userId?: string;
  sessionId?: string;
  keyId?: string;
}

/**
 * Whose connections must close because their access ended (a logout, a member
 * removed, a key revoked): every field given must match; `exceptSessionId` spares
 * the session that asked (a password change keeps its own). `reason` is told to the client.
 */
export interface Disconnect {
  reason: string;
  workspaceId?: string;
  userId?: string;
  sessionId?: string;
  exceptSessionId?: string;
  keyId?: string;
}

export function disconnects(d: Disconnect, owner: ConnectionOwner): boolean {
  if (d.workspaceId === undefined && d.userId === undefined && d.sessionId === undefined && d.keyId === undefined) return false;
  return (
    (d.workspaceId === undefined || d.workspaceId === owner.workspaceId) &&
    (d.userId === undefined || d.userId === owner.userId) &&
    (d.sessionId === undefined || d.sessionId === owner.sessionId) &&
    (d.keyId === undefined || d.keyId === owner.keyId) &&
    (d.exceptSessionId === undefined || d.exceptSessionId !== owner.sessionId)
  );
}

export interface Hub {
  /** Call after the change is committed, never inside its transaction. */
  publish(workspaceId: string, event: LiveEvent): void;
  subscribe(workspaceId: string, listener: (event: LiveEvent) => void): () => void;
  listeners(workspaceId: string): number;
  /** Closes the matching live connections at once. Call after the change is committed. */
  disconnect(d: Disconnect): void;
  /** A live connection listens here for its own end; returns the unsubscribe. */
  onDisconnect(listener: (d: Disconnect) => void): () => void;
}

export function createHub(): Hub {
  const byWorkspace = new Map<string, Set<(event: LiveEvent) => void>>();
  const connections = new Set<(d: Disconnect) => void>();
  const each = <T>(listeners: Iterable<(value: T) => void>, value: T) => {
    for (const listener of [...listeners]) {
      try {
        listener(value);
      } catch {
        // one broken socket must not stop the others
      }
    }
  };
  return {
    publish(workspaceId, event) {
      each(byWorkspace.get(workspaceId) ?? [], event);
    },
    subscribe(workspaceId, listener) {
      const set = byWorkspace.get(workspaceId) ?? new Set();
      set.add(listener);
      byWorkspace.set(workspaceId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) byWorkspace.delete(workspaceId);
      };
    },
    listeners: (workspaceId) => byWorkspace.get(workspaceId)?.size ?? 0,
    disconnect: (d) => each(connections, d),
    onDisconnect(listener) {
      connections.add(listener);
      return () => void connections.delete(listener);
    },
  };
}
