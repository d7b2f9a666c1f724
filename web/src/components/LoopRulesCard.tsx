import { useId, useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api';
import { KIND_LABELS, type LoopRule } from '../feedback';
import { PRIORITY_LABELS } from '../tickets';
import { useTeams } from '../routing';
import type { AsyncState } from '../useAsync';
import { EmptyState, ErrorMessage, Loading } from './Feedback';
import { LabelOptions, NamedOptions } from './LabelOptions';
import { Switch } from './Switch';

const RANGES: Record<string, { label: string; min?: number; max: number }> = {
  nps: { label: 'NPS 0–6 (detractor)', max: 6 },
  csat: { label: 'CSAT 1–2', min: 1, max: 2 },
  ces: { label: 'CES 1–3 (hard, on 7 points)', min: 1, max: 3 },
};

const describe = (r: LoopRule) =>
  `${KIND_LABELS[r.condition.kind] ?? r.condition.kind} ${r.condition.min ?? (r.condition.kind === 'nps' ? 0 : 1)}–${r.condition.max ?? '…'}${r.condition.words?.length ? ` or mentions ${r.condition.words.join(', ')}` : ''}`;

/** The closed loop: which answers become a follow-up ticket, for which team. */
export function LoopRulesCard({ rules, canEdit }: { rules: AsyncState<LoopRule[]>; canEdit: boolean }) {
  const id = useId();
  const teams = useTeams().data ?? [];
  const [kind, setKind] = useState('nps');
  const [teamId, setTeamId] = useState('');
  const [priority, setPriority] = useState('high');
  const [error, setError] = useState<string | null>(null);

  async function add(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const range = RANGES[kind]!;
    try {
      await api.post('/feedback-rules', { name: range.label, condition: { kind, ...(range.min ? { min: range.min } : {}), max: range.max }, action: { type: 'ticket', teamId: teamId || null, priority } });
      rules.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function change(rule: LoopRule, patch: Partial<LoopRule> | null) {
    setError(null);
    try {
      if (patch) await api.patch(`/feedback-rules/${rule.id}`, patch);
      else await api.del(`/feedback-rules/${rule.id}`);
      rules.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-header">
        <h2 id={`${id}-title`}>Closed loop</h2>
        <span className="muted small">Answers that match open a follow-up ticket, with the team’s routing and SLA.</span>
      </div>
      <ErrorMessage message={rules.error ?? error} onRetry={rules.error ? rules.reload : undefined} />
      {rules.loading && !rules.data ? (
        <Loading />
      ) : rules.data && rules.data.length === 0 ? (
        <EmptyState title="No follow-up rules">A detractor who is called back within a day often becomes a promoter. Add a rule below.</EmptyState>
      ) : (
        <ul className="rule-list">
          {(rules.data ?? []).map((r) => (
            <li key={r.id} className={`rule-item${r.enabled ? '' : ' disabled'}`}>
              <div className="rule-item-head">
                <span className="rule-item-name">{describe(r)}</span>
                <span className="rule-item-actions">
                  <Switch checked={r.enabled} onChange={(enabled) => change(r, { enabled })} label={`${describe(r)} is on`} disabled={!canEdit} />
                  {canEdit && (
                    <button type="button" className="btn ghost small" onClick={() => change(r, null)}>
                      Remove
                    </button>
                  )}
                </span>
              </div>
              <p className="rule-item-text">
                Ticket for {teams.find((t) => t.id === r.action.teamId)?.name ?? 'no team'}, {(PRIORITY_LABELS[r.action.priority as keyof typeof PRIORITY_LABELS] ?? r.action.priority).toLowerCase()} priority
              </p>
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <form className="inline-form form-row" onSubmit={add} aria-label="New follow-up rule">
          <div className="field">
            <label htmlFor={`${id}-kind`}>When an answer is</label>
            <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value)}>
              {Object.entries(RANGES).map(([k, r]) => (
                <option key={k} value={k}>
                  {r.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-team`}>Ticket for</label>
            <select id={`${id}-team`} value={teamId} onChange={(e) => setTeamId(e.target.value)}>
              <NamedOptions items={teams} none="No team" />
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-priority`}>Priority</label>
            <select id={`${id}-priority`} value={priority} onChange={(e) => setPriority(e.target.value)}>
              <LabelOptions labels={PRIORITY_LABELS} />
            </select>
          </div>
          <div className="form-actions">
            <button type="submit" className="btn small">
              Add rule
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
