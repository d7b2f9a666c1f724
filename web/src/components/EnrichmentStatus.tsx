import { useEffect, useRef } from 'react';
import { api } from '../api';
import { formatHours, plural } from '../format';
import type { EnrichmentBacklog } from '../types';
import { useAsync } from '../useAsync';

// While events wait, ask again this often: a burst drains in seconds to minutes, and
// whoever opened the page wants to see it drain without reloading.
const POLL_MS = 5_000;

// Seconds matter while a burst drains; beyond a minute the app's usual durations read better.
const describeLag = (seconds: number) => (seconds < 60 ? `${Math.round(seconds)} s` : formatHours(seconds / 3600));

/**
 * How far journeys lag behind ingestion: events the API acknowledged that the
 * processor has not yet resolved to a customer and touchpoint. It answers "I sent
 * the event, why is it not on the journey?" without a look at the server.
 */
export function EnrichmentStatus({ onCaughtUp }: { onCaughtUp?: () => void }) {
  const backlog = useAsync(() => api.get<EnrichmentBacklog>('/journeys/backlog'), []);
  const pending = backlog.data?.pending ?? 0;
  const wasPending = useRef(false);

  // What was waiting is now on journeys: lists built from processed events are stale.
  useEffect(() => {
    if (!backlog.data) return;
    if (wasPending.current && pending === 0) onCaughtUp?.();
    wasPending.current = pending > 0;
  }, [backlog.data, pending, onCaughtUp]);

  useEffect(() => {
    if (pending === 0) return;
    const timer = setTimeout(backlog.reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [backlog.data, pending, backlog.reload]);

  if (backlog.error) return <p className="muted small pad" role="status">Could not read the event backlog: {backlog.error}</p>;
  if (!backlog.data) return null;
  const { capped, lagSeconds } = backlog.data;
  return (
    <p className={`small pad ${pending ? 'warning-text' : 'muted'}`} role="status" aria-label="Event processing">
      {pending === 0
        ? 'Every event received is on its journey.'
        : `${capped ? `More than ${plural(pending, 'event')}` : plural(pending, 'event')} waiting to be placed on journeys; the oldest arrived ${describeLag(lagSeconds)} ago.`}
    </p>
  );
}
