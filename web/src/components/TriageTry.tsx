import { useId, useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api';
import { formatPercent } from '../format';
import type { TriageTry as Result } from '../triage';
import { ErrorMessage } from './Feedback';

/** Try the model on any text: what it would predict for a ticket that says this. */
export function TriageTry() {
  const id = useId();
  const [text, setText] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // The form stays for the next try, so it is not useFormSubmit's (which stays busy on success for its parent to replace it).
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(text.trim() ? null : 'Write what a customer might say.');
    if (!text.trim()) return;
    setBusy(true);
    try {
      setResult(await api.post<Result>('/insights/triage/predict', { text }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label="Try the triage model">
      <div className="field">
        <label htmlFor={`${id}-text`}>Try a text</label>
        <textarea id={`${id}-text`} rows={3} value={text} maxLength={100_000} onChange={(e) => setText(e.target.value)} placeholder="My card still hasn’t arrived after two weeks" />
      </div>
      <ErrorMessage message={error} />
      <div className="form-actions">
        <button type="submit" className="btn" disabled={busy}>
          Predict
        </button>
        {result && (
          <output className="triage-result" aria-label="Prediction">
            <strong>{result.label}</strong> {formatPercent(result.confidence)}
            {result.alternatives.length > 0 && <span className="muted"> · then {result.alternatives.map((a) => `${a.label} ${formatPercent(a.confidence)}`).join(', ')}</span>}
            {result.flags.includes('unrecognised') && <span className="muted"> · no word it knows: a guess</span>}
          </output>
        )}
      </div>
    </form>
  );
}
