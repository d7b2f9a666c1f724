import { changesAsActions, type Names } from '../rules';
import type { MacroPreview } from '../types';
import { ActionChips } from './ActionChips';

/** The macro chosen in the composer: what it will change on the ticket when the reply is sent. */
export function MacroChanges({ name, preview, tags, names, onRemove }: { name: string; preview: MacroPreview; tags: string[]; names: Names; onRemove: () => void }) {
  const actions = changesAsActions(preview.changes, tags);
  return (
    <div className="macro-changes">
      <span className="macro-changes-title">{actions.length ? `Sending also applies “${name}”:` : `Text from “${name}”`}</span>
      {actions.length > 0 && <ActionChips actions={actions} names={names} label={`Changes of ${name}`} />}
      <button type="button" className="link-button" onClick={onRemove}>
        Don’t apply
      </button>
    </div>
  );
}
