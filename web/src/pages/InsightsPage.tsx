import { useState } from 'react';
import { DriversCard } from '../components/DriversCard';
import { PageHeader } from '../components/PageHeader';
import { PeriodPicker } from '../components/PeriodPicker';
import { SentimentByTouchpointView } from '../components/SentimentByTouchpointView';
import { SentimentReportView } from '../components/SentimentReportView';
import { ThemesView } from '../components/ThemesView';
import { lastDays, type Period } from '../reports';
import { useNames } from '../rules';
import { useMe } from '../session';

/**
 * What customers' words say: how they feel over time and at each touchpoint, and
 * the issues that keep coming back, and what drives NPS, CSAT and CES. Each
 * section is its own card component.
 */
export function InsightsPage() {
  const me = useMe();
  const names = useNames();
  const [period, setPeriod] = useState<Period>(() => lastDays(30));

  return (
    <div className="page">
      <PageHeader title="Insights" subtitle="How customers feel in what they write, where in the journey, the issues that keep coming back, and what moves their scores." />
      <div className="report-filters">
        <PeriodPicker value={period} onChange={setPeriod} />
      </div>
      <SentimentReportView period={period} names={names} />
      <SentimentByTouchpointView period={period} />
      <ThemesView canRefresh={me.workspace.role === 'admin'} />
      <DriversCard period={period} />
    </div>
  );
}
