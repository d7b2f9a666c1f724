import { useState } from 'react';
import { api } from '../api';
import { EmptyState, ErrorMessage, Loading } from '../components/Feedback';
import { Icon } from '../components/Icon';
import { MacroForm } from '../components/MacroForm';
import { MacroItem } from '../components/MacroItem';
import { PageHeader } from '../components/PageHeader';
import { SettingsTabs } from '../components/SettingsTabs';
import { useNames } from '../rules';
import { useMe } from '../session';
import { useAsync } from '../useAsync';
import type { Macro } from '../types';

export function MacrosPage() {
  const me = useMe();
  const isAdmin = me.workspace.role === 'admin';
  const names = useNames();
  const macros = useAsync(() => api.get<{ data: Macro[] }>('/macros').then((r) => r.data), []);
  const [creating, setCreating] = useState(false);

  return (
    <div className="page narrow">
      <PageHeader
        title="Settings"
        actions={
          isAdmin && !creating ? (
            <button type="button" className="btn primary" onClick={() => setCreating(true)}>
              <Icon name="plus" size={14} /> New macro
            </button>
          ) : null
        }
      />
      <SettingsTabs />

      {creating && (
        <section className="card" aria-labelledby="new-macro-title">
          <div className="card-header">
            <h2 id="new-macro-title">New macro</h2>
          </div>
          <MacroForm
            names={names}
            submitLabel="Create macro"
            onCancel={() => setCreating(false)}
            onSubmit={async (fields) => {
              await api.post('/macros', fields);
              setCreating(false);
              macros.reload();
            }}
          />
        </section>
      )}

      <section className="card" aria-labelledby="macros-title">
        <div className="card-header">
          <h2 id="macros-title">Macros</h2>
          <span className="muted small">Agents apply them from a ticket’s composer{isAdmin ? '' : '; admins write them'}.</span>
        </div>
        <ErrorMessage message={macros.error} onRetry={macros.reload} />
        {macros.loading && !macros.data ? (
          <Loading />
        ) : macros.data && macros.data.length === 0 ? (
          <EmptyState title="No macros">A macro is a canned reply with the ticket changes that go with it: “Refund issued” replies, tags the ticket and sets it pending.</EmptyState>
        ) : macros.data ? (
          <ul className="rule-list">
            {macros.data.map((m) => (
              <MacroItem key={`${m.id}:${m.updatedAt}`} macro={m} names={names} isAdmin={isAdmin} onChanged={macros.reload} />
            ))}
          </ul>
        ) : null}
      </section>
    </div>
  );
}
