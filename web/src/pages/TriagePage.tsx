import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api';
import { BarChart } from '../components/BarChart';
import { ConfirmButton } from '../components/ConfirmButton';
import { EmptyState, ErrorMessage, Loading, Notice } from '../components/Feedback';
import { FigureList } from '../components/HeadlineFigures';
import { PageHeader } from '../components/PageHeader';
import { SettingsTabs } from '../components/SettingsTabs';
import { TriageTrainForm } from '../components/TriageTrainForm';
import { TriageTry } from '../components/TriageTry';
import { formatDateTime, formatPercent, formatRelative, plural } from '../format';
import { useMe } from '../session';
import { targetName, type TriageModel, type TriageState } from '../triage';
import { useAsync } from '../useAsync';

/** While a large training runs in the background, the page asks this often whether it is done. */
const TRAINING_POLL_MS = 3000;

/**
 * Triage: the classifier this workspace trains on its own labels to give new
 * tickets their team (or a custom field) from the customer's first message.
 */
export function TriagePage() {
  const me = useMe();
  const canTrain = me.workspace.role !== 'agent';
  const state = useAsync(() => api.get<TriageState>('/insights/triage/model'), [me.workspace.id]);
  const [skipped, setSkipped] = useState<{ label: string; examples: number }[]>([]);
  const queued = state.data?.training?.state === 'queued';
  const { reload } = state;

  useEffect(() => {
    if (!queued) return;
    const t = window.setInterval(reload, TRAINING_POLL_MS);
    return () => window.clearInterval(t);
  }, [queued, reload]);

  return (
    <div className="page narrow">
      <PageHeader title="Settings" />
      <SettingsTabs />
      <ErrorMessage message={state.error} onRetry={state.reload} />
      {state.loading && !state.data ? (
        <Loading />
      ) : state.data ? (
        <>
          {state.data.training && (
            <Notice tone={state.data.training.state === 'failed' ? 'warning' : 'info'}>
              {state.data.training.state === 'queued'
                ? `Training on ${plural(state.data.training.examples, 'example')} in the background (asked ${formatRelative(state.data.training.requestedAt)})…`
                : `The training asked ${formatRelative(state.data.training.requestedAt)} failed: ${state.data.training.message}`}
            </Notice>
          )}
          {state.data.model ? (
            <ModelCard model={state.data.model} skipped={skipped} canTrain={canTrain} onChanged={(next) => state.setData(() => next)} />
          ) : (
            <section className="card">
              <EmptyState title="No triage model">
                Train one on your own tickets or a CSV of labelled texts; new tickets then get their team (or a custom field) from the customer’s first message.
              </EmptyState>
            </section>
          )}
          {canTrain && (
            <section className="card" aria-labelledby="triage-train-title">
              <div className="card-header">
                <h2 id="triage-train-title">{state.data.model ? 'Train again' : 'Train'}</h2>
                <span className="muted small">Replaces the current model; the threshold stays</span>
              </div>
              <TriageTrainForm
                key={`${state.data.model?.trainedAt}:${state.data.training?.requestedAt}`}
                onTrained={(result) => {
                  setSkipped(result.skippedLabels);
                  state.setData(() => result);
                }}
              />
            </section>
          )}
        </>
      ) : null}
    </div>
  );
}

function ModelCard({ model: m, skipped, canTrain, onChanged }: { model: TriageModel; skipped: { label: string; examples: number }[]; canTrain: boolean; onChanged: (state: TriageState) => void }) {
  const [threshold, setThreshold] = useState(String(Math.round(m.threshold * 100)));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const saveThreshold = () =>
    run(async () => {
      const percent = Number(threshold);
      if (!Number.isFinite(percent) || percent < 0 || percent > 100) throw new Error('The threshold is a percentage from 0 to 100.');
      onChanged(await api.patch<TriageState>('/insights/triage/model', { threshold: percent / 100 }));
    });

  const inUse = m.inUse;
  return (
    <section className="card" aria-labelledby="triage-model-title">
      <div className="card-header">
        <h2 id="triage-model-title">Triage by {targetName(m)}</h2>
        <span className="muted small" title={formatDateTime(m.trainedAt)}>
          Trained {formatRelative(m.trainedAt)} on {m.source === 'tickets' ? 'this workspace’s tickets' : 'an upload'}
        </span>
      </div>
      <FigureList
        items={[
          ['Accuracy', formatPercent(m.accuracy), `${m.folds}-fold cross-validated${m.balancedAccuracy === null ? '' : `; ${formatPercent(m.balancedAccuracy)} if every label were as common`}`],
          ['Examples', m.examples.toLocaleString(), plural(m.labels.length, 'label')],
          ['Applied', inUse.applied.toLocaleString(), `of ${plural(inUse.predicted, 'ticket')} predicted`],
          ['Corrected', inUse.corrected.toLocaleString(), inUse.applied ? `${formatPercent(inUse.corrected / inUse.applied)} of applied` : 'changed by an agent'],
        ]}
      />
      <BarChart label="Training examples per label" bars={m.labels.map((l) => ({ key: l.label, label: l.label, value: l.examples }))} format={(v) => v.toLocaleString()} />
      {skipped.length > 0 && (
        <Notice tone="warning">
          Left out for having fewer than 5 examples: {skipped.map((s) => `${s.label} (${s.examples})`).join(', ')}.
        </Notice>
      )}
      <form
        className="inline-form form-row"
        aria-label="Threshold"
        onSubmit={(e) => {
          e.preventDefault();
          void saveThreshold();
        }}
      >
        <div className="field">
          <label htmlFor="triage-threshold">Apply from a confidence of (%)</label>
          <input id="triage-threshold" type="number" min={0} max={100} step={1} value={threshold} disabled={!canTrain || busy} onChange={(e) => setThreshold(e.target.value)} />
        </div>
        {canTrain && (
          <div className="field field-button">
            <button type="submit" className="btn" disabled={busy}>
              Save
            </button>
          </div>
        )}
        {canTrain && (
          <div className="field field-button">
            <ConfirmButton label="Stop triage" confirmLabel="Delete the model" disabled={busy} onConfirm={() => void run(async () => { await api.del('/insights/triage/model'); onChanged({ model: null, training: null }); })} />
          </div>
        )}
      </form>
      <p className="hint inline-form">Below it, the prediction is only recorded on the ticket; 100% records every prediction and applies none. A team or field already set is never changed.</p>
      <ErrorMessage message={error} />
      <TriageTry />
    </section>
  );
}
