import { useId, useState } from 'react';
import { useFormSubmit } from '../useFormSubmit';
import { ErrorMessage } from './Feedback';

export interface RuleFields {
  eventName?: string;
  pathPattern?: string;
  eventKind?: 'track' | 'page' | 'screen';
}

/** A rule maps events to a touchpoint by event name, or page views by a path pattern. */
export function RuleForm({ onSubmit, onCancel }: { onSubmit: (rule: RuleFields) => Promise<void>; onCancel: () => void }) {
  const id = useId();
  const [by, setBy] = useState<'event' | 'path'>('event');
  const [value, setValue] = useState('');
  const [kind, setKind] = useState<'' | 'track' | 'screen'>('');
  const { submit, busy, error } = useFormSubmit(() => onSubmit(by === 'path' ? { pathPattern: value.trim(), eventKind: 'page' } : { eventName: value.trim(), ...(kind ? { eventKind: kind } : {}) }));

  return (
    <form className="inline-form rule-form" onSubmit={submit}>
      <div className="form-row">
        <div className="field">
          <label htmlFor={`${id}-by`}>Match</label>
          <select id={`${id}-by`} value={by} onChange={(e) => setBy(e.target.value as 'event' | 'path')}>
            <option value="event">Event name</option>
            <option value="path">Page path</option>
          </select>
        </div>
        <div className="field grow">
          <label htmlFor={`${id}-value`}>{by === 'path' ? 'Path pattern' : 'Event name'}</label>
          <input
            id={`${id}-value`}
            required
            autoFocus
            className={by === 'path' ? 'mono' : undefined}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            placeholder={by === 'path' ? '/returns/*' : 'Return Requested'}
          />
        </div>
        {by === 'event' && (
          <div className="field">
            <label htmlFor={`${id}-kind`}>Event type</label>
            <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as '' | 'track' | 'screen')}>
              <option value="">Any</option>
              <option value="track">Track</option>
              <option value="screen">Screen</option>
            </select>
          </div>
        )}
      </div>
      <p className="hint">{by === 'path' ? 'Matches page views. * matches any characters, ? one character.' : 'Matches the event name exactly (case does not matter).'} Past events are mapped again.</p>
      <ErrorMessage message={error} />
      <div className="form-actions">
        <button type="submit" className="btn primary small" disabled={busy || !value.trim()}>
          {busy ? 'Adding…' : 'Add rule'}
        </button>
        <button type="button" className="btn ghost small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
