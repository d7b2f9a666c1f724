import { api } from '../api';
import { AutomationForm } from '../components/AutomationForm';
import { AutomationItem } from '../components/AutomationItem';
import { SettingsCollection } from '../components/SettingsCollection';
import { useNames } from '../rules';
import { useMe } from '../session';
import { useAsync } from '../useAsync';
import type { Automation } from '../types';

export function AutomationsPage() {
  const isAdmin = useMe().workspace.role === 'admin';
  const names = useNames();
  const automations = useAsync(() => api.get<{ data: Automation[] }>('/automations').then((r) => r.data), []);
  const last = Math.max(-1, ...(automations.data ?? []).map((a) => a.position));
  return (
    <SettingsCollection
      noun="automation"
      items={automations}
      canCreate={isAdmin}
      ordered
      listTitle="Automations"
      listHint="In the order they run"
      empty={{ title: 'No automations', body: 'An automation changes tickets when something happens: tag and route refund requests, raise the priority of messages from VIP customers.' }}
      renderForm={(done, cancel) => (
        <AutomationForm
          position={last + 1}
          names={names}
          submitLabel="Create automation"
          onCancel={cancel}
          onSubmit={async (fields) => {
            await api.post('/automations', fields);
            done();
          }}
        />
      )}
      renderItem={(a) => <AutomationItem automation={a} names={names} isAdmin={isAdmin} onChanged={automations.reload} />}
    />
  );
}
