import { api, query } from '../api';
import { NeedHelpCard } from '../components/NeedHelpCard';
import { OutreachActionsCard } from '../components/OutreachActionsCard';
import { OutreachReportCard } from '../components/OutreachReportCard';
import { OutreachRulesCard } from '../components/OutreachRulesCard';
import { PageHeader } from '../components/PageHeader';
import { SegmentsCard } from '../components/SegmentsCard';
import type { OutreachFired, OutreachRule, Segment } from '../outreach';
import { useTeams } from '../routing';
import { useMe } from '../session';
import { useAsync } from '../useAsync';

const ACTIONS_SHOWN = 50;

/** Reaching customers before they have to reach us: the rules, what they did and what followed, who may need help, and segments (admins and analysts edit). */
export function OutreachPage() {
  const canEdit = useMe().workspace.role !== 'agent';
  const rules = useAsync(() => api.get<{ data: OutreachRule[] }>('/outreach/rules').then((r) => r.data), []);
  const actions = useAsync(() => api.get<{ data: OutreachFired[] }>(`/outreach/actions${query({ limit: ACTIONS_SHOWN })}`).then((r) => r.data), []);
  const segments = useAsync(() => api.get<{ data: Segment[] }>('/segments').then((r) => r.data), []);
  const teams = useTeams().data ?? [];

  return (
    <div className="page">
      <PageHeader
        title="Outreach"
        subtitle="Reach out first when a parcel is late, a valuable customer slips away or someone will likely need help; a held-out share shows what it changed."
      />
      <OutreachRulesCard rules={rules} teams={teams} segments={segments.data ?? []} canEdit={canEdit} />
      <OutreachActionsCard actions={actions} rules={rules.data ?? []} />
      <OutreachReportCard />
      <NeedHelpCard />
      <SegmentsCard segments={segments} canEdit={canEdit} />
    </div>
  );
}
