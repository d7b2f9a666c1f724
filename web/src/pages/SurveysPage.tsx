import { useState } from 'react';
import { api } from '../api';
import { EmptyState, ErrorMessage, Loading } from '../components/Feedback';
import { Icon } from '../components/Icon';
import { LoopRulesCard } from '../components/LoopRulesCard';
import { PageHeader } from '../components/PageHeader';
import { SurveyForm } from '../components/SurveyForm';
import { SurveyItem } from '../components/SurveyItem';
import type { AudienceSegment, LoopRule, Survey } from '../feedback';
import { useMe } from '../session';
import type { Touchpoint } from '../types';
import { useAsync } from '../useAsync';

/** Surveys and the closed loop: the CX team's side of the workspace (admins and analysts edit). */
export function SurveysPage() {
  const canEdit = useMe().workspace.role !== 'agent';
  const surveys = useAsync(() => api.get<{ data: Survey[] }>('/surveys').then((r) => r.data), []);
  const rules = useAsync(() => api.get<{ data: LoopRule[] }>('/feedback-rules').then((r) => r.data), []);
  const touchpoints = useAsync(() => api.get<{ data: Touchpoint[] }>('/touchpoints').then((r) => r.data), []);
  const segments = useAsync(() => api.get<{ data: AudienceSegment[] }>('/segments').then((r) => r.data), []);
  const [creating, setCreating] = useState(false);

  return (
    <div className="page narrow">
      <PageHeader
        title="Surveys"
        subtitle="Ask at any touchpoint by email, link or kiosk; every answer lands on the customer’s journey, and detractors get a follow-up."
        actions={
          canEdit && !creating ? (
            <button type="button" className="btn primary" onClick={() => setCreating(true)}>
              <Icon name="plus" size={14} /> New survey
            </button>
          ) : null
        }
      />
      {creating && (
        <section className="card" aria-labelledby="new-survey-title">
          <div className="card-header">
            <h2 id="new-survey-title">New survey</h2>
          </div>
          <SurveyForm
            touchpoints={touchpoints.data ?? []}
            segments={segments.data ?? []}
            onCancel={() => setCreating(false)}
            onSubmit={async (fields) => {
              await api.post('/surveys', fields);
              setCreating(false);
              surveys.reload();
            }}
          />
        </section>
      )}
      <section className="card" aria-labelledby="surveys-title">
        <div className="card-header">
          <h2 id="surveys-title">Surveys</h2>
        </div>
        <ErrorMessage message={surveys.error} onRetry={surveys.reload} />
        {surveys.loading && !surveys.data ? (
          <Loading />
        ) : surveys.data && surveys.data.length === 0 ? (
          <EmptyState title="No surveys yet">Start with NPS after delivery, or CSAT a day after each solved ticket.</EmptyState>
        ) : (
          <ul className="rule-list">
            {(surveys.data ?? []).map((s) => (
              <SurveyItem key={s.id} survey={s} touchpoints={touchpoints.data ?? []} segments={segments.data ?? []} canEdit={canEdit} onChanged={surveys.reload} />
            ))}
          </ul>
        )}
      </section>
      <LoopRulesCard rules={rules} canEdit={canEdit} />
    </div>
  );
}
