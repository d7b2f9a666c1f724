import { actionText, type Names } from '../rules';
import type { Action } from '../types';

/** Actions as short chips: "Set status to Solved", "Add “refund”". */
export function ActionChips({ actions, names, label }: { actions: Action[]; names: Names; label: string }) {
  return (
    <ul className="action-chips" aria-label={label}>
      {actions.map((a, i) => (
        <li key={i} className="action-chip">
          {actionText(a, names)}
        </li>
      ))}
    </ul>
  );
}
