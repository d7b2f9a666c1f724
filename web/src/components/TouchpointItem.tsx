import { useState } from 'react';
import { api, errorMessage } from '../api';
import type { Touchpoint, TouchpointRule } from '../types';
import { ErrorMessage } from './Feedback';
import { RuleForm } from './RuleForm';
import { TouchpointForm } from './TouchpointForm';

function ruleText(r: TouchpointRule): string {
  const parts: string[] = [];
  if (r.eventKind) parts.push(r.eventKind);
  if (r.eventName) parts.push(`“${r.eventName}”`);
  if (r.pathPattern) parts.push(r.pathPattern);
  return parts.join(' ');
}

/** One touchpoint of the catalog: its rules, and (for editors) edit, add a rule, remove a rule. */
export function TouchpointItem({ touchpoint: t, canEdit, onChanged }: { touchpoint: Touchpoint; canEdit: boolean; onChanged: () => void }) {
  const [mode, setMode] = useState<'view' | 'edit' | 'rule'>('view');
  const [error, setError] = useState<string | null>(null);
  const [busyRule, setBusyRule] = useState<string | null>(null);

  async function removeRule(rule: TouchpointRule) {
    setBusyRule(rule.id);
    setError(null);
    try {
      await api.del(`/touchpoints/${t.id}/rules/${rule.id}`);
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusyRule(null);
    }
  }

  if (mode === 'edit') {
    return (
      <li className="tp-item editing">
        <TouchpointForm
          initial={t}
          submitLabel="Save"
          onCancel={() => setMode('view')}
          onSubmit={async (fields) => {
            await api.patch(`/touchpoints/${t.id}`, fields);
            setMode('view');
            onChanged();
          }}
        />
      </li>
    );
  }

  return (
    <li className="tp-item">
      <div className="tp-info">
        <div className="tp-title">
          <span className="tp-name">{t.name}</span>
          <span className="tp-channel">{t.channel.charAt(0).toUpperCase() + t.channel.slice(1)}</span>
        </div>
        {t.description && <p className="tp-description">{t.description}</p>}
      </div>
      {t.rules.length > 0 ? (
        <ul className="rules" aria-label={`Rules of ${t.name}`}>
          {t.rules.map((r) => (
            <li key={r.id} className="rule">
              <span className="mono">{ruleText(r)}</span>
              {canEdit && (
                <button type="button" className="rule-remove" aria-label={`Remove rule ${ruleText(r)}`} title="Remove rule" disabled={busyRule === r.id} onClick={() => removeRule(r)}>
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="tp-norules">No rules yet: events reach it only when mapped by another system.</p>
      )}
      {canEdit ? (
        <div className="tp-actions">
          <button type="button" className="btn ghost small" onClick={() => setMode('rule')} aria-label={`Add a rule to ${t.name}`}>
            Add rule
          </button>
          <button type="button" className="btn ghost small" onClick={() => setMode('edit')} aria-label={`Edit ${t.name}`}>
            Edit
          </button>
        </div>
      ) : (
        <span />
      )}
      {error && (
        <div className="tp-wide">
          <ErrorMessage message={error} />
        </div>
      )}
      {mode === 'rule' && (
        <div className="tp-wide">
          <RuleForm
            onCancel={() => setMode('view')}
            onSubmit={async (rule) => {
              await api.post(`/touchpoints/${t.id}/rules`, rule);
              setMode('view');
              onChanged();
            }}
          />
        </div>
      )}
    </li>
  );
}
