import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation } from 'wouter';
import { api, ApiError, errorMessage, setUnauthorizedHandler } from './api';
import type { Me } from './types';

interface Session {
  me: Me | null;
  login: (email: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  /** Ends every session of the user, on every device and in every workspace. */
  logoutEverywhere: () => Promise<void>;
  switchWorkspace: (workspaceId: string) => Promise<void>;
  /** Reads again who is logged in (the live socket was closed: the session ended, or the role changed). */
  refresh: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <SessionProvider>');
  return session;
}

/** The logged-in user, if any. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a session');
  return me;
}

type Status = { state: 'loading' } | { state: 'ready' } | { state: 'failed'; message: string };

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [status, setStatus] = useState<Status>({ state: 'loading' });
  const [, navigate] = useLocation();

  const load = useCallback(() => {
    setStatus({ state: 'loading' });
    api.get<Me>('/me').then(
      (result) => {
        setMe(result);
        setStatus({ state: 'ready' });
      },
      (err: unknown) => {
        if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
          setMe(null);
          setStatus({ state: 'ready' });
        } else {
          setStatus({ state: 'failed', message: errorMessage(err) });
        }
      },
    );
  }, []);

  useEffect(load, [load]);

  useEffect(() => {
    // The session expired or was revoked: forget the user; the router sends them to /login?next=….
    setUnauthorizedHandler(() => setMe(null));
    return () => setUnauthorizedHandler(null);
  }, []);

  const session = useMemo<Session>(
    () => ({
      me,
      async login(email, password) {
        setMe(await api.post<Me>('/auth/login', { email, password }));
      },
      async logout() {
        await api.post('/auth/logout').catch(() => undefined);
        setMe(null);
        navigate('/login', { replace: true });
      },
      async logoutEverywhere() {
        await api.post('/auth/logout-everywhere');
        setMe(null);
        navigate('/login', { replace: true });
      },
      async refresh() {
        // A 401 forgets the user through the unauthorized handler; other failures change nothing.
        await api.get<Me>('/me').then(setMe, () => undefined);
      },
      async switchWorkspace(workspaceId) {
        setMe(await api.post<Me>('/auth/workspace', { workspaceId }));
        navigate('/inbox');
      },
    }),
    [me, navigate],
  );

  if (status.state === 'loading') {
    return (
      <div className="boot" role="status" aria-live="polite">
        <span className="spinner" aria-hidden="true" /> Loading Touchpoint…
      </div>
    );
  }
  if (status.state === 'failed') {
    return (
      <div className="boot">
        <div className="boot-card">
          <h1>Touchpoint is unavailable</h1>
          <p className="muted">{status.message}</p>
          <button type="button" className="btn primary" onClick={load}>
            Try again
          </button>
        </div>
      </div>
    );
  }
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
