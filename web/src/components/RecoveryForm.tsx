import { useId, useState } from 'react';
import { useFormSubmit } from '../useFormSubmit';
import { RECOVERY_KIND_LABELS } from '../recovery';
import type { Recovery, RecoveryKind } from '../types';
import { ErrorMessage } from './Feedback';
import { LabelOptions } from './LabelOptions';

export type RecoveryFields = Pick<Recovery, 'kind' | 'cost' | 'currency' | 'note'>;

/** What was done for the customer and what it cost. */
export function RecoveryForm({ onSubmit, onCancel }: { onSubmit: (fields: RecoveryFields) => Promise<void>; onCancel: () => void }) {
  const id = useId();
  const [kind, setKind] = useState<RecoveryKind>('refund');
  const [cost, setCost] = useState('');
  const [currency, setCurrency] = useState('EUR');
  const [note, setNote] = useState('');
  const { submit, busy, error } = useFormSubmit(() => onSubmit({ kind, cost: Number(cost || 0), currency: currency.trim().toUpperCase(), note: note.trim() || null }));

  return (
    <form className="recovery-form" onSubmit={submit} aria-label="Record a recovery">
      <div className="field">
        <label htmlFor={`${id}-kind`}>What was done</label>
        <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as RecoveryKind)} autoFocus>
          <LabelOptions labels={RECOVERY_KIND_LABELS} />
        </select>
      </div>
      <div className="form-row">
        <div className="field grow">
          <label htmlFor={`${id}-cost`}>Cost</label>
          <input id={`${id}-cost`} type="number" inputMode="decimal" min={0} max={10_000_000} step="any" value={cost} placeholder="0" onChange={(e) => setCost(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-currency`}>Currency</label>
          <input id={`${id}-currency`} className="currency-input" required pattern="[A-Za-z]{3}" maxLength={3} value={currency} onChange={(e) => setCurrency(e.target.value.toUpperCase())} />
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-note`}>
          Note <span className="optional">optional</span>
        </label>
        <input id={`${id}-note`} maxLength={2000} value={note} placeholder="e.g. Order W-1042, full amount" onChange={(e) => setNote(e.target.value)} />
      </div>
      <ErrorMessage message={error} />
      <div className="form-actions">
        <button type="submit" className="btn primary small" disabled={busy}>
          {busy ? 'Recording…' : 'Record'}
        </button>
        <button type="button" className="btn ghost small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
