import { useState } from 'react';
import { api, errorMessage } from '../api';
import { AVAILABILITY_HINTS, AVAILABILITY_LABELS } from '../routing';
import { useMe } from '../session';
import { useAsync } from '../useAsync';
import { AVAILABILITIES, type Agent, type Availability } from '../types';

/** The logged-in agent's availability (routing gives new tickets only to agents online); keyed by workspace. */
export function AvailabilityToggle() {
  const me = useMe();
  const agents = useAsync(() => api.get<{ data: Agent[] }>('/agents'), []);
  const [saved, setSaved] = useState<Availability | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const current = saved ?? agents.data?.data.find((a) => a.userId === me.user.id)?.availability ?? 'offline';

  async function change(availability: Availability) {
    setBusy(true);
    setError(null);
    try {
      setSaved((await api.put<{ availability: Availability }>('/agents/me/status', { availability })).availability);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="availability" title={AVAILABILITY_HINTS[current]}>
      <span className={`availability-dot ${current}`} aria-hidden="true" />
      <label htmlFor="availability-select" className="sr-only">
        Your availability
      </label>
      <select id="availability-select" value={current} disabled={busy || !agents.data} onChange={(e) => change(e.target.value as Availability)}>
        {AVAILABILITIES.map((a) => (
          <option key={a} value={a}>
            {AVAILABILITY_LABELS[a]}
          </option>
        ))}
      </select>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
