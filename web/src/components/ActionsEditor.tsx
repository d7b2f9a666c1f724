import { ACTION_LABELS, nameLabels, newAction, type Names } from '../rules';
import { PRIORITY_LABELS, STATUS_LABELS } from '../tickets';
import type { Action, ActionType, TicketPriority, TicketStatus } from '../types';
import { LabelOptions } from './LabelOptions';
import { TagsEditor } from './TagsEditor';

/**
 * What a macro or an automation does, one row per action. `withReply` offers a
 * message to send (automations; a macro has its own reply). Setting a team is
 * offered only when the workspace's teams could be read.
 */
export function ActionsEditor({ actions, onChange, names, withReply = false }: { actions: Action[]; onChange: (actions: Action[]) => void; names: Names; withReply?: boolean }) {
  const types = (Object.keys(ACTION_LABELS) as ActionType[]).filter((t) => (t !== 'reply' || withReply) && (t !== 'set-team' || names.teams));
  const labels = Object.fromEntries(types.map((t) => [t, ACTION_LABELS[t]]));
  const set = (i: number, action: Action) => onChange(actions.map((a, j) => (j === i ? action : a)));

  return (
    <fieldset className="rows-field">
      <legend>Actions</legend>
      {actions.length > 0 && (
        <ol className="rule-rows">
          {actions.map((a, i) => (
            <li key={i} className="rule-row">
              <select aria-label={`Action ${i + 1}`} value={a.type} onChange={(e) => set(i, newAction(e.target.value as ActionType))}>
                <LabelOptions labels={labels} />
              </select>
              <ActionValue action={a} names={names} label={`Value of action ${i + 1}`} onChange={(action) => set(i, action)} />
              <button type="button" className="rule-remove" aria-label={`Remove action ${i + 1}`} title="Remove" onClick={() => onChange(actions.filter((_, j) => j !== i))}>
                ×
              </button>
            </li>
          ))}
        </ol>
      )}
      <button type="button" className="link-button" onClick={() => onChange([...actions, newAction(types[0]!)])}>
        + Add an action
      </button>
    </fieldset>
  );
}

function ActionValue({ action: a, names, label, onChange }: { action: Action; names: Names; label: string; onChange: (action: Action) => void }) {
  switch (a.type) {
    case 'set-status':
      return (
        <select aria-label={label} value={a.value} onChange={(e) => onChange({ ...a, value: e.target.value as TicketStatus })}>
          <LabelOptions labels={STATUS_LABELS} />
        </select>
      );
    case 'set-priority':
      return (
        <select aria-label={label} value={a.value} onChange={(e) => onChange({ ...a, value: e.target.value as TicketPriority })}>
          <LabelOptions labels={PRIORITY_LABELS} />
        </select>
      );
    case 'add-tags':
    case 'remove-tags':
      return <TagsEditor tags={a.value} onChange={(value) => onChange({ ...a, value })} />;
    case 'assign':
    case 'set-team':
      return (
        <select aria-label={label} value={a.value ?? ''} onChange={(e) => onChange({ ...a, value: e.target.value || null })}>
          <option value="">{a.type === 'assign' ? 'Nobody (unassign)' : 'No team'}</option>
          <LabelOptions labels={nameLabels(names)[a.type === 'assign' ? 'members' : 'teams']} />
        </select>
      );
    case 'reply':
      return (
        <span className="row-message">
          <textarea aria-label={label} rows={3} maxLength={20_000} value={a.value} placeholder="Hi {{customer.first_name}}, …" onChange={(e) => onChange({ ...a, value: e.target.value })} />
          <label className="check">
            <input type="checkbox" checked={!a.public} onChange={(e) => onChange({ ...a, public: !e.target.checked })} /> Internal note (not sent to the customer)
          </label>
        </span>
      );
  }
}
