import { useState } from 'react';
import { api } from '../api';
import { AutomationForm } from '../components/AutomationForm';
import { AutomationItem } from '../components/AutomationItem';
import { EmptyState, ErrorMessage, Loading } from '../components/Feedback';
import { Icon } from '../components/Icon';
import { PageHeader } from '../components/PageHeader';
import { SettingsTabs } from '../components/SettingsTabs';
import { useNames } from '../rules';
import { useMe } from '../session';
import { useAsync } from '../useAsync';
import type { Automation } from '../types';

export function AutomationsPage() {
  const me = useMe();
  const isAdmin = me.workspace.role === 'admin';
  const names = useNames();
  const automations = useAsync(() => api.get<{ data: Automation[] }>('/automations').then((r) => r.data), []);
  const [creating, setCreating] = useState(false);
  const last = Math.max(-1, ...(automations.data ?? []).map((a) => a.position));

  return (
    <div className="page narrow">
      <PageHeader
        title="Settings"
        actions={
          isAdmin && !creating ? (
            <button type="button" className="btn primary" onClick={() => setCreating(true)}>
              <Icon name="plus" size={14} /> New automation
            </button>
          ) : null
        }
      />
      <SettingsTabs />

      {creating && (
        <section className="card" aria-labelledby="new-automation-title">
          <div className="card-header">
            <h2 id="new-automation-title">New automation</h2>
          </div>
          <AutomationForm
            position={last + 1}
            names={names}
            submitLabel="Create automation"
            onCancel={() => setCreating(false)}
            onSubmit={async (fields) => {
              await api.post('/automations', fields);
              setCreating(false);
              automations.reload();
            }}
          />
        </section>
      )}

      <section className="card" aria-labelledby="automations-title">
        <div className="card-header">
          <h2 id="automations-title">Automations</h2>
          <span className="muted small">In the order they run</span>
        </div>
        <ErrorMessage message={automations.error} onRetry={automations.reload} />
        {automations.loading && !automations.data ? (
          <Loading />
        ) : automations.data && automations.data.length === 0 ? (
          <EmptyState title="No automations">An automation changes tickets when something happens: tag and route refund requests, raise the priority of messages from VIP customers.</EmptyState>
        ) : automations.data ? (
          <ol className="rule-list">
            {automations.data.map((a) => (
              <AutomationItem key={`${a.id}:${a.updatedAt}`} automation={a} names={names} isAdmin={isAdmin} onChanged={automations.reload} />
            ))}
          </ol>
        ) : null}
      </section>
    </div>
  );
}
