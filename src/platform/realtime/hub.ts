// In-process publish/subscribe by workspace: what the agent inbox listens to.
// One server process; several processes on PostgreSQL would relay through
// LISTEN/NOTIFY, which this interface leaves room for.

export interface LiveEvent {
  type: string;
  data: Record<string, unknown>;
}

export interface Hub {
  /** Call after the change is committed, never inside its transaction. */
  publish(workspaceId: string, event: LiveEvent): void;
  subscribe(workspaceId: string, listener: (event: LiveEvent) => void): () => void;
  listeners(workspaceId: string): number;
}

export function createHub(): Hub {
  const byWorkspace = new Map<string, Set<(event: LiveEvent) => void>>();
  return {
    publish(workspaceId, event) {
      for (const listener of byWorkspace.get(workspaceId) ?? []) {
        try {
          listener(event);
        } catch {
          // one broken socket must not stop the others
        }
      }
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
  };
}
