import { useId, useState } from 'react';
import { useFormSubmit } from '../useFormSubmit';
import { CHANNELS, STAGES, type Channel, type Stage, type Touchpoint } from '../types';
import { ErrorMessage } from './Feedback';
import { stageLabel } from './StageBadge';

export interface TouchpointFields {
  name: string;
  stage: Stage;
  channel: Channel;
  description: string | null;
}

/** Create or edit a touchpoint: name, stage, channel and a description. */
export function TouchpointForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial?: Touchpoint;
  submitLabel: string;
  onSubmit: (fields: TouchpointFields) => Promise<void>;
  onCancel: () => void;
}) {
  const id = useId();
  const [name, setName] = useState(initial?.name ?? '');
  const [stage, setStage] = useState<Stage>(initial?.stage ?? 'pre-purchase');
  const [channel, setChannel] = useState<Channel>(initial?.channel ?? 'web');
  const [description, setDescription] = useState(initial?.description ?? '');
  const { submit, busy, error } = useFormSubmit(() => onSubmit({ name: name.trim(), stage, channel, description: description.trim() || null }));

  return (
    <form className="inline-form" onSubmit={submit}>
      <div className="form-row">
        <div className="field grow">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Return request" autoFocus />
        </div>
        <div className="field">
          <label htmlFor={`${id}-stage`}>Stage</label>
          <select id={`${id}-stage`} value={stage} onChange={(e) => setStage(e.target.value as Stage)}>
            {STAGES.map((s) => (
              <option key={s} value={s}>
                {stageLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-channel`}>Channel</label>
          <select id={`${id}-channel`} value={channel} onChange={(e) => setChannel(e.target.value as Channel)}>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {c.charAt(0).toUpperCase() + c.slice(1)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-description`}>
          Description <span className="optional">optional</span>
        </label>
        <input id={`${id}-description`} maxLength={1000} value={description} onChange={(e) => setDescription(e.target.value)} placeholder="What happens at this touchpoint" />
      </div>
      <ErrorMessage message={error} />
      <div className="form-actions">
        <button type="submit" className="btn primary small" disabled={busy || !name.trim()}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        <button type="button" className="btn ghost small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
