import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useSession } from './session';
import type { LiveEvent } from './types';

// One WebSocket per tab to /api/v1/live (the session cookie authenticates it):
// pages subscribe to the workspace's ticket changes. It reconnects with back-off
// when it drops, and never throws into the page: at worst the views stop being
// live and the indicator says so.

export type LiveState = 'connecting' | 'connected' | 'disconnected';

type Listener = (event: LiveEvent) => void;

interface Live {
  state: LiveState;
  subscribe: (listener: Listener) => () => void;
}

const LiveContext = createContext<Live | null>(null);

const MIN_DELAY = 1_000;
const MAX_DELAY = 30_000;

function liveUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/api/v1/live`;
}

export function LiveProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<LiveState>('connecting');
  const listeners = useRef(new Set<Listener>());
  const { refresh } = useSession();
  const accessEnded = useRef(refresh);
  accessEnded.current = refresh;

  useEffect(() => {
    let socket: WebSocket | null = null;
    let timer: number | undefined;
    let delay = MIN_DELAY;
    let disposed = false;
    let everConnected = false;

    const emit = (event: LiveEvent) => {
      for (const listener of [...listeners.current]) {
        try {
          listener(event);
        } catch {
          // a broken listener must not stop the others, nor the socket
        }
      }
    };

    const schedule = () => {
      if (disposed || timer !== undefined) return;
      // Jitter, so a restarted server is not met by every tab at once.
      const wait = delay * (0.8 + Math.random() * 0.4);
      delay = Math.min(delay * 2, MAX_DELAY);
      timer = window.setTimeout(() => {
        timer = undefined;
        connect();
      }, wait);
    };

    function connect() {
      if (disposed) return;
      setState((s) => (s === 'connected' ? s : 'connecting'));
      try {
        socket = new WebSocket(liveUrl());
      } catch {
        setState('disconnected');
        schedule();
        return;
      }
      const ws = socket;
      ws.onmessage = (message) => {
        let event: LiveEvent;
        try {
          event = JSON.parse(String(message.data)) as LiveEvent;
        } catch {
          return;
        }
        if (!event || typeof event.type !== 'string') return;
        if (event.type === 'hello') {
          delay = MIN_DELAY;
          setState('connected');
          // Back after a drop: changes may have been missed, so views refetch.
          if (everConnected) emit({ type: 'resync', data: {} });
          everConnected = true;
        }
        emit({ type: event.type, data: event.data ?? {} });
      };
      ws.onclose = (close) => {
        if (socket !== ws) return;
        socket = null;
        if (disposed) return;
        setState('disconnected');
        if (close.code === 4401) void accessEnded.current();
        // 4403: this role may not read tickets; retrying would not change that.
        if (close.code !== 4403) schedule();
      };
      // An error is followed by close, which reconnects.
      ws.onerror = () => undefined;
    }

    // Back online, or the tab is visible again: try now rather than at the end of the back-off.
    const retryNow = () => {
      if (disposed || socket || document.visibilityState === 'hidden') return;
      window.clearTimeout(timer);
      timer = undefined;
      delay = MIN_DELAY;
      connect();
    };

    connect();
    window.addEventListener('online', retryNow);
    document.addEventListener('visibilitychange', retryNow);
    return () => {
      disposed = true;
      window.clearTimeout(timer);
      window.removeEventListener('online', retryNow);
      document.removeEventListener('visibilitychange', retryNow);
      const ws = socket;
      socket = null;
      if (ws) {
        ws.onmessage = null;
        ws.onclose = null;
        ws.onerror = null;
        try {
          ws.close(1000, 'bye');
        } catch {
          // already closed
        }
      }
    };
  }, []);

  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);
  const live = useMemo<Live>(() => ({ state, subscribe }), [state, subscribe]);

  return <LiveContext.Provider value={live}>{children}</LiveContext.Provider>;
}

/** The connection's state, for the Live indicator. */
export function useLiveState(): LiveState {
  return useContext(LiveContext)?.state ?? 'disconnected';
}

/** Calls `onEvent` for every live event (and `resync` after a reconnection); the latest callback is used. */
export function useLiveEvents(onEvent: Listener): void {
  const live = useContext(LiveContext);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const subscribe = live?.subscribe;
  useEffect(() => subscribe?.((event) => handler.current(event)), [subscribe]);
}

/**
 * Calls `refetch` once things settle after a burst of ticket changes matching
 * `matches` (all by default), and after a reconnection.
 */
export function useLiveRefetch(refetch: () => void, matches: (event: LiveEvent) => boolean = () => true, wait = 300): void {
  const timer = useRef<number | undefined>(undefined);
  const latest = useRef(refetch);
  latest.current = refetch;
  useEffect(() => () => window.clearTimeout(timer.current), []);
  useLiveEvents((event) => {
    const relevant = event.type === 'resync' || (event.type.startsWith('ticket.') && matches(event));
    if (!relevant) return;
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => latest.current(), wait);
  });
}
