import { useState } from 'react';
import { api } from '../api';
import { EnrichmentStatus } from '../components/EnrichmentStatus';
import { ErrorMessage, Loading } from '../components/Feedback';
import { Icon } from '../components/Icon';
import { PageHeader } from '../components/PageHeader';
import { stageClass, stageLabel } from '../components/StageBadge';
import { TouchpointForm } from '../components/TouchpointForm';
import { TouchpointItem } from '../components/TouchpointItem';
import { UnmappedEvents } from '../components/UnmappedEvents';
import { useMe } from '../session';
import { useAsync } from '../useAsync';
import { STAGES, type Touchpoint, type UnmappedEvent } from '../types';

export function TouchpointsPage() {
  const me = useMe();
  const canEdit = me.workspace.role === 'admin' || me.workspace.role === 'analyst';
  const [creating, setCreating] = useState(false);
  const catalog = useAsync(() => api.get<{ data: Touchpoint[] }>('/touchpoints'), []);
  const unmapped = useAsync(() => api.get<{ data: UnmappedEvent[] }>('/touchpoints/unmapped'), []);

  function reload() {
    catalog.reload();
    unmapped.reload();
  }

  const touchpoints = catalog.data?.data ?? [];
  const unmappedCount = unmapped.data?.data.length ?? 0;

  return (
    <div className="page">
      <PageHeader
        title="Touchpoints"
        subtitle="The moments of the customer journey, and the rules that map incoming events to them."
        actions={
          canEdit && !creating ? (
            <button type="button" className="btn primary" onClick={() => setCreating(true)}>
              <Icon name="plus" size={14} /> New touchpoint
            </button>
          ) : null
        }
      />

      {creating && (
        <section className="card" aria-label="New touchpoint">
          <div className="card-header">
            <h2>New touchpoint</h2>
          </div>
          <TouchpointForm
            submitLabel="Create touchpoint"
            onCancel={() => setCreating(false)}
            onSubmit={async (fields) => {
              await api.post('/touchpoints', fields);
              setCreating(false);
              catalog.reload();
            }}
          />
        </section>
      )}

      <section className="card" aria-labelledby="unmapped-title">
        <div className="card-header">
          <h2 id="unmapped-title">
            Unmapped events {unmappedCount > 0 && <span className="count-pill">{unmappedCount}</span>}
          </h2>
          <span className="muted small">Events no rule matches: they show as “Unmapped” in journeys.</span>
        </div>
        <EnrichmentStatus onCaughtUp={unmapped.reload} />
        <ErrorMessage message={unmapped.error} onRetry={unmapped.reload} />
        {unmapped.loading && !unmapped.data ? <Loading /> : unmapped.data && <UnmappedEvents events={unmapped.data.data} touchpoints={touchpoints} canEdit={canEdit} onMapped={reload} />}
      </section>

      <ErrorMessage message={catalog.error} onRetry={catalog.reload} />
      {catalog.loading && !catalog.data ? (
        <Loading label="Loading the catalog…" />
      ) : (
        <div className="stages">
          {STAGES.map((stage) => {
            const inStage = touchpoints.filter((t) => t.stage === stage);
            return (
              <section key={stage} className={`card stage-section ${stageClass(stage)}`} aria-labelledby={`stage-${stage}`}>
                <div className="card-header">
                  <h2 id={`stage-${stage}`}>
                    <span className="stage-dot" aria-hidden="true" />
                    {stageLabel(stage)}
                  </h2>
                  <span className="muted small">{inStage.length === 1 ? '1 touchpoint' : `${inStage.length} touchpoints`}</span>
                </div>
                {inStage.length === 0 ? (
                  <p className="muted small pad">No touchpoint in this stage yet.</p>
                ) : (
                  <ul className="tp-list">
                    {inStage.map((t) => (
                      <TouchpointItem key={t.id} touchpoint={t} canEdit={canEdit} onChanged={reload} />
                    ))}
                  </ul>
                )}
              </section>
            );
          })}
        </div>
      )}
    </div>
  );
}
