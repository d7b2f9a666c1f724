import { useCallback, useEffect, useState } from 'react';
import { ApiError, errorMessage } from './api';

export interface AsyncState<T> {
  data: T | undefined;
  error: string | null;
  /** The HTTP status of the error, when the server answered one (404, 403…). */
  errorStatus: number | null;
  loading: boolean;
  reload: () => void;
  setData: (update: (current: T | undefined) => T | undefined) => void;
}

/** Loads data when its dependencies change; the last request wins. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [errorStatus, setErrorStatus] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(null);
    setErrorStatus(null);
    load().then(
      (result) => {
        if (!current) return;
        setDataState(result);
        setLoading(false);
      },
      (err: unknown) => {
        if (!current) return;
        setError(errorMessage(err));
        setErrorStatus(err instanceof ApiError ? err.status : null);
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const setData = useCallback((update: (current: T | undefined) => T | undefined) => setDataState(update), []);
  return { data, error, errorStatus, loading, reload, setData };
}
