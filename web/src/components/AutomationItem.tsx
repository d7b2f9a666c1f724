import { useState } from 'react';
import { api, errorMessage } from '../api';
import { automationSentence, type Names } from '../rules';
import type { Automation } from '../types';
import { ActionChips } from './ActionChips';
import { AutomationForm, type AutomationFields } from './AutomationForm';
import { ConfirmButton } from './ConfirmButton';
import { ErrorMessage } from './Feedback';
import { Switch } from './Switch';

/** All of an automation's fields: the server's PATCH fills the ones left out with their defaults (no conditions, position 0). */
const fieldsOf = (a: Automation): AutomationFields => ({ name: a.name, trigger: a.trigger, conditions: a.conditions, actions: a.actions, position: a.position });

/** One automation: when it runs, what it does, whether it is on; admins switch, edit or delete it. */
export function AutomationItem({ automation: a, names, isAdmin, onChanged }: { automation: Automation; names: Names; isAdmin: boolean; onChanged: () => void }) {
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await action();
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  if (editing) {
    return (
      <li className="rule-item editing">
        <AutomationForm
          initial={a}
          position={a.position}
          names={names}
          submitLabel="Save"
          onCancel={() => setEditing(false)}
          onSubmit={async (fields) => {
            await api.patch(`/automations/${a.id}`, fields);
            setEditing(false);
            onChanged();
          }}
        />
      </li>
    );
  }

  return (
    <li className={`rule-item${a.enabled ? '' : ' disabled'}`}>
      <div className="rule-item-head">
        <span className="rule-item-order" title="Run order">
          {a.position}
        </span>
        <span className="rule-item-name">{a.name}</span>
        {isAdmin ? (
          <Switch checked={a.enabled} label={`${a.name} enabled`} disabled={busy} onChange={(enabled) => void run(() => api.patch(`/automations/${a.id}`, { ...fieldsOf(a), enabled }))} />
        ) : (
          <span className="badge neutral">{a.enabled ? 'On' : 'Off'}</span>
        )}
        {isAdmin && (
          <span className="rule-item-actions">
            <button type="button" className="btn ghost small" aria-label={`Edit ${a.name}`} onClick={() => setEditing(true)}>
              Edit
            </button>
            <ConfirmButton label="Delete" confirmLabel="Delete automation" ariaLabel={`Delete ${a.name}`} disabled={busy} onConfirm={() => void run(() => api.del(`/automations/${a.id}`))} />
          </span>
        )}
      </div>
      <p className="rule-sentence">{automationSentence(a, names)}, then:</p>
      <ActionChips actions={a.actions} names={names} label={`Actions of ${a.name}`} />
      <ErrorMessage message={error} />
    </li>
  );
}
