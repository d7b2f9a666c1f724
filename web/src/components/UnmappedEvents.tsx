import { useId, useState } from 'react';
import { api, errorMessage } from '../api';
import { formatDateTime, formatRelative } from '../format';
import { STAGES, type Touchpoint, type UnmappedEvent } from '../types';
import { EmptyState, ErrorMessage } from './Feedback';
import { stageLabel } from './StageBadge';

/** The rule that maps this group of events: its page path for page views, else its name. */
function ruleFor(e: UnmappedEvent): { eventName?: string; pathPattern?: string; eventKind?: string } | null {
  if (e.kind === 'page' && e.pagePath) return { eventKind: 'page', pathPattern: e.pagePath };
  if (e.name) return { eventName: e.name, eventKind: e.kind };
  return null;
}

function MapTo({ event, touchpoints, canEdit, onMapped }: { event: UnmappedEvent; touchpoints: Touchpoint[]; canEdit: boolean; onMapped: () => void }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const rule = ruleFor(event);

  if (!canEdit || !rule) return null;
  if (!open) {
    return (
      <button type="button" className="btn small" onClick={() => setOpen(true)}>
        Map to…
      </button>
    );
  }

  async function map() {
    if (!target) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(`/touchpoints/${target}/rules`, rule);
      onMapped();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <div className="map-to">
      <label htmlFor={`${id}-target`} className="sr-only">
        Touchpoint for {event.pagePath ?? event.name ?? event.kind}
      </label>
      <select id={`${id}-target`} value={target} onChange={(e) => setTarget(e.target.value)} autoFocus>
        <option value="">Choose a touchpoint…</option>
        {STAGES.map((s) => {
          const inStage = touchpoints.filter((t) => t.stage === s);
          return inStage.length === 0 ? null : (
            <optgroup key={s} label={stageLabel(s)}>
              {inStage.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </optgroup>
          );
        })}
      </select>
      <button type="button" className="btn primary small" disabled={!target || busy} onClick={map}>
        {busy ? 'Mapping…' : 'Map'}
      </button>
      <button type="button" className="btn ghost small" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {error && <ErrorMessage message={error} />}
    </div>
  );
}

export function UnmappedEvents({ events, touchpoints, canEdit, onMapped }: { events: UnmappedEvent[]; touchpoints: Touchpoint[]; canEdit: boolean; onMapped: () => void }) {
  if (events.length === 0) {
    return <EmptyState title="Every event is mapped">New event names and page paths that no rule matches will show up here.</EmptyState>;
  }
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Event</th>
          <th scope="col">Type</th>
          <th scope="col" className="num">
            Count
          </th>
          <th scope="col">Last seen</th>
          <th scope="col">
            <span className="sr-only">Action</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={`${e.kind}|${e.name ?? ''}|${e.pagePath ?? ''}`}>
            <td>
              <span className={e.kind === 'page' ? 'mono' : 'strong'}>{e.kind === 'page' ? (e.pagePath ?? e.name ?? '(no path)') : (e.name ?? '(no name)')}</span>
              {e.kind === 'page' && e.name && <span className="muted small"> · {e.name}</span>}
            </td>
            <td>
              <span className="badge neutral">{e.kind}</span>
            </td>
            <td className="num">{e.count.toLocaleString()}</td>
            <td className="nowrap" title={formatDateTime(e.lastAt)}>
              {formatRelative(e.lastAt)}
            </td>
            <td className="actions-cell">
              <MapTo event={e} touchpoints={touchpoints} canEdit={canEdit} onMapped={onMapped} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
