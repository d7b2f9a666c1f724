import { api } from '../api';
import { MacroForm } from '../components/MacroForm';
import { MacroItem } from '../components/MacroItem';
import { SettingsCollection } from '../components/SettingsCollection';
import { useNames } from '../rules';
import { useMe } from '../session';
import { useAsync } from '../useAsync';
import type { Macro } from '../types';

export function MacrosPage() {
  const isAdmin = useMe().workspace.role === 'admin';
  const names = useNames();
  const macros = useAsync(() => api.get<{ data: Macro[] }>('/macros').then((r) => r.data), []);
  return (
    <SettingsCollection
      noun="macro"
      items={macros}
      canCreate={isAdmin}
      listTitle="Macros"
      listHint={`Agents apply them from a ticket’s composer${isAdmin ? '' : '; admins write them'}.`}
      empty={{ title: 'No macros', body: 'A macro is a canned reply with the ticket changes that go with it: “Refund issued” replies, tags the ticket and sets it pending.' }}
      renderForm={(done, cancel) => (
        <MacroForm
          names={names}
          submitLabel="Create macro"
          onCancel={cancel}
          onSubmit={async (fields) => {
            await api.post('/macros', fields);
            done();
          }}
        />
      )}
      renderItem={(m) => <MacroItem macro={m} names={names} isAdmin={isAdmin} onChanged={macros.reload} />}
    />
  );
}
