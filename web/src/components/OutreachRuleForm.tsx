import { useId, useState } from 'react';
import type { OutreachRule, Segment } from '../outreach';
import type { Team } from '../types';
import { useFormSubmit } from '../useFormSubmit';
import { ErrorMessage } from './Feedback';
import { actionOf, NEW_ACTION, OutreachActionFields } from './OutreachActionFields';
import { NEW_TRIGGER, OutreachTriggerFields, triggerOf } from './OutreachTriggerFields';

export type OutreachRuleFields = Pick<OutreachRule, 'name' | 'trigger' | 'action' | 'cooldownDays' | 'holdoutPercent'>;

/** A new rule: its name, what starts it, what it does, how often per customer, and the share held out to measure it. */
export function OutreachRuleForm({ teams, segments, onSubmit, onCancel }: { teams: Team[]; segments: Segment[]; onSubmit: (fields: OutreachRuleFields) => Promise<void>; onCancel: () => void }) {
  const id = useId();
  const [name, setName] = useState('');
  const [trigger, setTrigger] = useState(NEW_TRIGGER);
  const [action, setAction] = useState(NEW_ACTION);
  const [cooldownDays, setCooldownDays] = useState('30');
  const [holdoutPercent, setHoldoutPercent] = useState('10');
  // The server checks every field and names the one it refuses; the browser's own checks catch the empty ones first.
  const { submit, busy, error } = useFormSubmit(() =>
    onSubmit({ name: name.trim(), trigger: triggerOf(trigger), action: actionOf(action), cooldownDays: Number(cooldownDays), holdoutPercent: Number(holdoutPercent) }),
  );

  return (
    <form className="inline-form" onSubmit={submit} aria-label="New outreach rule">
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} required maxLength={200} placeholder="e.g. Late parcels" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <OutreachTriggerFields value={trigger} onChange={setTrigger} />
      <OutreachActionFields value={action} onChange={setAction} teams={teams} segments={segments} />
      <div className="form-row">
        <div className="field">
          <label htmlFor={`${id}-cooldown`}>At most once per (days)</label>
          <input id={`${id}-cooldown`} type="number" required min={1} max={365} value={cooldownDays} onChange={(e) => setCooldownDays(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-holdout`}>Held out (%)</label>
          <input id={`${id}-holdout`} type="number" required min={0} max={50} value={holdoutPercent} onChange={(e) => setHoldoutPercent(e.target.value)} />
        </div>
      </div>
      <p className="hint">Held-out customers are matched but left alone: comparing them with the others shows what the action changed.</p>
      <ErrorMessage message={error} />
      <div className="form-actions">
        <button type="submit" className="btn primary small" disabled={busy}>
          {busy ? 'Saving…' : 'Create rule'}
        </button>
        <button type="button" className="btn ghost small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
