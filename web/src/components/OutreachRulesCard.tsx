import { useState } from 'react';
import { api, errorMessage } from '../api';
import { describeAction, describeTrigger, type OutreachRule, type Segment } from '../outreach';
import { plural } from '../format';
import type { Team } from '../types';
import type { AsyncState } from '../useAsync';
import { ConfirmButton } from './ConfirmButton';
import { EmptyState, ErrorMessage, Loading, Notice } from './Feedback';
import { OutreachRuleForm } from './OutreachRuleForm';
import { Switch } from './Switch';

/** The rules that reach out first: what starts each, what it does, how often, and the share held out to measure it. */
export function OutreachRulesCard({ rules, teams, segments, canEdit }: { rules: AsyncState<OutreachRule[]>; teams: Team[]; segments: Segment[]; canEdit: boolean }) {
  const [creating, setCreating] = useState(false);
  const [queued, setQueued] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function act(send: () => Promise<unknown>, then: () => void = rules.reload) {
    setError(null);
    try {
      await send();
      then();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <section className="card" aria-labelledby="outreach-rules-title">
      <div className="card-header">
        <h2 id="outreach-rules-title">Rules</h2>
        <span className="muted small">Event rules act as events arrive; the others run daily.</span>
        {canEdit && (
          <span className="rule-item-actions">
            <button type="button" className="btn small" onClick={() => void act(() => api.post('/outreach/run'), () => setQueued(true))}>
              Run now
            </button>
            {!creating && (
              <button type="button" className="btn small primary" onClick={() => setCreating(true)}>
                New rule
              </button>
            )}
          </span>
        )}
      </div>
      {queued && <Notice tone="success">The rules on P(alive) and need for help are running; what they do appears under Recent actions.</Notice>}
      <ErrorMessage message={rules.error ?? error} onRetry={rules.error ? rules.reload : undefined} />
      {creating && (
        <OutreachRuleForm
          teams={teams}
          segments={segments}
          onCancel={() => setCreating(false)}
          onSubmit={async (fields) => {
            await api.post('/outreach/rules', fields);
            setCreating(false);
            rules.reload();
          }}
        />
      )}
      {rules.loading && !rules.data ? (
        <Loading />
      ) : rules.data?.length === 0 ? (
        !creating && <EmptyState title="No outreach rules yet">Reach out before customers have to: when a parcel is late, when a valuable customer slips away, or when someone will likely need help.</EmptyState>
      ) : (
        <ul className="rule-list" aria-label="Outreach rules">
          {(rules.data ?? []).map((r) => (
            <li key={r.id} className={`rule-item${r.enabled ? '' : ' disabled'}`}>
              <div className="rule-item-head">
                <span className="rule-item-name">{r.name}</span>
                <span className="rule-item-actions">
                  <Switch checked={r.enabled} onChange={(enabled) => void act(() => api.patch(`/outreach/rules/${r.id}`, { enabled }))} label={`${r.name} is on`} disabled={!canEdit} />
                  {canEdit && <ConfirmButton label="Delete" confirmLabel="Delete rule and its history" ariaLabel={`Delete ${r.name}`} onConfirm={() => void act(() => api.del(`/outreach/rules/${r.id}`))} />}
                </span>
              </div>
              <p className="rule-sentence">
                When {describeTrigger(r.trigger)}: {describeAction(r.action, teams, segments)}
              </p>
              <p className="muted small">
                At most once per {plural(r.cooldownDays, 'day')} per customer · {r.holdoutPercent}% held out
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
