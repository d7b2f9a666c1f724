import { useId } from 'react';
import { api } from '../api';
import { useAsync } from '../useAsync';
import type { Macro } from '../types';

/** The workspace's macros, to apply one to the ticket being answered; nothing when there are none. */
export function MacroPicker({ disabled, onPick }: { disabled: boolean; onPick: (macro: Macro) => void }) {
  const id = useId();
  const macros = useAsync(() => api.get<{ data: Macro[] }>('/macros').then((r) => r.data), []);
  if (!macros.data?.length) return null;
  return (
    <span className="macro-picker">
      <label htmlFor={`${id}-macro`} className="sr-only">
        Apply a macro
      </label>
      <select
        id={`${id}-macro`}
        value=""
        disabled={disabled}
        onChange={(e) => {
          const macro = macros.data!.find((m) => m.id === e.target.value);
          if (macro) onPick(macro);
        }}
      >
        <option value="">Macros…</option>
        {macros.data.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </select>
    </span>
  );
}
