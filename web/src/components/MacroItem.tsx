import { useState } from 'react';
import { api, errorMessage } from '../api';
import type { Names } from '../rules';
import type { Macro } from '../types';
import { ActionChips } from './ActionChips';
import { ConfirmButton } from './ConfirmButton';
import { ErrorMessage } from './Feedback';
import { MacroForm } from './MacroForm';

/** One macro: its reply and actions; admins edit or delete it. */
export function MacroItem({ macro: m, names, isAdmin, onChanged }: { macro: Macro; names: Names; isAdmin: boolean; onChanged: () => void }) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    setError(null);
    try {
      await api.del(`/macros/${m.id}`);
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  if (editing) {
    return (
      <li className="rule-item editing">
        <MacroForm
          initial={m}
          names={names}
          submitLabel="Save"
          onCancel={() => setEditing(false)}
          onSubmit={async (fields) => {
            await api.patch(`/macros/${m.id}`, fields);
            setEditing(false);
            onChanged();
          }}
        />
      </li>
    );
  }

  return (
    <li className="rule-item">
      <div className="rule-item-head">
        <span className="rule-item-name">{m.name}</span>
        {m.reply && <span className="badge neutral">{m.replyPublic ? 'Public reply' : 'Internal note'}</span>}
        {isAdmin && (
          <span className="rule-item-actions">
            <button type="button" className="btn ghost small" aria-label={`Edit ${m.name}`} onClick={() => setEditing(true)}>
              Edit
            </button>
            <ConfirmButton label="Delete" confirmLabel="Delete macro" ariaLabel={`Delete ${m.name}`} onConfirm={() => void remove()} />
          </span>
        )}
      </div>
      {m.reply && <p className="rule-item-text">{m.reply}</p>}
      {m.actions.length > 0 && <ActionChips actions={m.actions} names={names} label={`Actions of ${m.name}`} />}
      <ErrorMessage message={error} />
    </li>
  );
}
