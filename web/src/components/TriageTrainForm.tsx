import { useId, useState } from 'react';
import { api } from '../api';
import { useFormSubmit } from '../useFormSubmit';
import type { TriageState, TriageTarget } from '../triage';
import { ErrorMessage } from './Feedback';

type Trained = TriageState & { skippedLabels: { label: string; examples: number }[] };

/**
 * Train (or retrain) the workspace's model: on its own tickets that have the
 * team or field set, or on a CSV of labelled texts chosen here (read in the
 * browser and sent as text; the server parses it as RFC 4180). The page
 * replaces the form after each training (useFormSubmit stays busy on success).
 */
export function TriageTrainForm({ onTrained }: { onTrained: (result: Trained) => void }) {
  const id = useId();
  const [target, setTarget] = useState<TriageTarget>('team');
  const [field, setField] = useState('category');
  const [source, setSource] = useState<'tickets' | 'csv'>('tickets');
  const [file, setFile] = useState<File | null>(null);
  const [textColumn, setTextColumn] = useState('text');
  const [labelColumn, setLabelColumn] = useState('label');

  const { submit, busy, error } = useFormSubmit(
    async () => {
      const body =
        source === 'tickets'
          ? { source, target, ...(target === 'field' ? { field: field.trim() } : {}) }
          : { source, target, ...(target === 'field' ? { field: field.trim() } : {}), csv: await file!.text(), textColumn: textColumn.trim(), labelColumn: labelColumn.trim() };
      onTrained(await api.post<Trained>('/insights/triage/train', body));
    },
    () => (target === 'field' && !field.trim() ? 'Name the custom field to predict.' : source === 'csv' && !file ? 'Choose a CSV file.' : null),
  );

  return (
    <form className="inline-form" onSubmit={submit} aria-label="Train the triage model">
      <div className="form-row">
        <div className="field">
          <label htmlFor={`${id}-target`}>Predict</label>
          <select id={`${id}-target`} value={target} onChange={(e) => setTarget(e.target.value as TriageTarget)}>
            <option value="team">The team (labels are team names)</option>
            <option value="field">A custom field</option>
          </select>
        </div>
        {target === 'field' && (
          <div className="field">
            <label htmlFor={`${id}-field`}>Field</label>
            <input id={`${id}-field`} value={field} onChange={(e) => setField(e.target.value)} maxLength={64} />
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-source`}>Learn from</label>
          <select id={`${id}-source`} value={source} onChange={(e) => setSource(e.target.value as 'tickets' | 'csv')}>
            <option value="tickets">This workspace’s tickets</option>
            <option value="csv">A CSV file</option>
          </select>
        </div>
      </div>
      {source === 'csv' && (
        <div className="form-row">
          <div className="field grow">
            <label htmlFor={`${id}-file`}>CSV file (a header row; one text and its label per row)</label>
            <input id={`${id}-file`} type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-text`}>Text column</label>
            <input id={`${id}-text`} value={textColumn} onChange={(e) => setTextColumn(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-label`}>Label column</label>
            <input id={`${id}-label`} value={labelColumn} onChange={(e) => setLabelColumn(e.target.value)} />
          </div>
        </div>
      )}
      <p className="hint">
        {source === 'tickets'
          ? 'Learns from the subject and first customer message of the latest 10,000 tickets that have the label set.'
          : 'Up to 20,000 rows; every row needs a text and a label.'}{' '}
        Labels need at least 5 examples each; a small set (say 500 examples of 12 labels) trains at once, a larger one in the background.
      </p>
      <ErrorMessage message={error} />
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={busy}>
          {busy ? 'Training…' : 'Train'}
        </button>
      </div>
    </form>
  );
}
