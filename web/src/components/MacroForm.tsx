import { useId, useState } from 'react';
import { useFormSubmit } from '../useFormSubmit';
import { isIncomplete, type Names } from '../rules';
import type { Action, Macro } from '../types';
import { ActionsEditor } from './ActionsEditor';
import { ErrorMessage } from './Feedback';

export type MacroFields = Pick<Macro, 'name' | 'reply' | 'replyPublic' | 'actions'>;

const PLACEHOLDERS = ['{{customer.first_name}}', '{{customer.name}}', '{{customer.email}}', '{{ticket.number}}', '{{ticket.subject}}', '{{agent.name}}'];

/** Create or edit a macro: a canned reply (or note) and the ticket changes that go with it. */
export function MacroForm({ initial, submitLabel, names, onSubmit, onCancel }: { initial?: Macro; submitLabel: string; names: Names; onSubmit: (fields: MacroFields) => Promise<void>; onCancel: () => void }) {
  const id = useId();
  const [name, setName] = useState(initial?.name ?? '');
  const [reply, setReply] = useState(initial?.reply ?? '');
  const [replyPublic, setReplyPublic] = useState(initial?.replyPublic ?? true);
  const [actions, setActions] = useState<Action[]>(initial?.actions ?? []);
  const { submit, busy, error } = useFormSubmit(
    () => onSubmit({ name: name.trim(), reply: reply.trim() ? reply : null, replyPublic, actions }),
    () => (actions.some(isIncomplete) ? 'Every action needs a value: add the tags, or remove the row.' : !reply.trim() && !actions.length ? 'A macro needs a reply, actions or both.' : null),
  );

  return (
    <form className="inline-form" onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Refund issued" autoFocus />
      </div>
      <fieldset className="segmented-field field">
        <legend>Reply</legend>
        <div className="segmented">
          <label className={`segment${replyPublic ? ' selected' : ''}`}>
            <input type="radio" name={`${id}-kind`} checked={replyPublic} onChange={() => setReplyPublic(true)} /> Public reply
          </label>
          <label className={`segment${replyPublic ? '' : ' selected'}`}>
            <input type="radio" name={`${id}-kind`} checked={!replyPublic} onChange={() => setReplyPublic(false)} /> Internal note
          </label>
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-reply`}>
          {replyPublic ? 'Reply text' : 'Note text'} <span className="optional">optional</span>
        </label>
        <textarea id={`${id}-reply`} rows={5} maxLength={20_000} value={reply} onChange={(e) => setReply(e.target.value)} placeholder="Hi {{customer.first_name}}, …" />
      </div>
      <p className="hint">
        Placeholders: {PLACEHOLDERS.map((p, i) => (
          <span key={p}>
            {i > 0 && ', '}
            <code>{p}</code>
          </span>
        ))}
        . The agent sees the filled-in text and can edit it before sending.
      </p>
      <ActionsEditor actions={actions} onChange={setActions} names={names} />
      <ErrorMessage message={error} />
      <div className="form-actions">
        <button type="submit" className="btn primary small" disabled={busy || !name.trim()}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        <button type="button" className="btn ghost small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
