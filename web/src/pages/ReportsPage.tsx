import { useId, useState } from 'react';
import { FeedbackReportView } from '../components/FeedbackReportView';
import { LabelOptions } from '../components/LabelOptions';
import { PageHeader } from '../components/PageHeader';
import { PeriodPicker } from '../components/PeriodPicker';
import { RecoveryReportView } from '../components/RecoveryReportView';
import { SentimentReportView } from '../components/SentimentReportView';
import { ServiceReportView } from '../components/ServiceReportView';
import { lastDays, SERVICE_GROUP_LABELS, type Clock, type Period } from '../reports';
import { useNames } from '../rules';
import type { ServiceGroupBy } from '../types';

const CLOCKS: { clock: Clock; label: string }[] = [
  { clock: 'calendarHours', label: 'Calendar hours' },
  { clock: 'businessHours', label: 'Business hours' },
];

export function ReportsPage() {
  const id = useId();
  const names = useNames();
  const [period, setPeriod] = useState<Period>(() => lastDays(30));
  const [groupBy, setGroupBy] = useState<ServiceGroupBy>('day');
  const [clock, setClock] = useState<Clock>('calendarHours');

  return (
    <div className="page">
      <PageHeader title="Reports" subtitle="How fast and how well customers are served, what making it right costs, how customers feel, what they say and what drives it." />

      <div className="report-filters">
        <PeriodPicker value={period} onChange={setPeriod} />
        <div className="field">
          <label htmlFor={`${id}-group`}>Group by</label>
          <select id={`${id}-group`} value={groupBy} onChange={(e) => setGroupBy(e.target.value as ServiceGroupBy)}>
            <LabelOptions labels={SERVICE_GROUP_LABELS} />
          </select>
        </div>
        <fieldset className="segmented-field field">
          <legend>Times in</legend>
          <div className="segmented">
            {CLOCKS.map((c) => (
              <label key={c.clock} className={`segment${c.clock === clock ? ' selected' : ''}`}>
                <input type="radio" name={`${id}-clock`} checked={c.clock === clock} onChange={() => setClock(c.clock)} />
                {c.label}
              </label>
            ))}
          </div>
        </fieldset>
      </div>

      <ServiceReportView period={period} groupBy={groupBy} clock={clock} names={names} />
      <RecoveryReportView period={period} names={names} />
      <SentimentReportView period={period} names={names} />
      <FeedbackReportView period={period} />
    </div>
  );
}
