import { useId, useState } from 'react';
import { api, query } from '../api';
import { DRIVER_METRIC_LABELS, formatPoints, type DriverMetric, type DriversReport } from '../drivers';
import { csvHref, type Period } from '../reports';
import { useAsync } from '../useAsync';
import { DriversChart } from './DriversChart';
import { EmptyState, ErrorMessage, Loading } from './Feedback';
import { Icon } from './Icon';
import { LabelOptions } from './LabelOptions';

/**
 * What goes with a higher or lower NPS, CSAT or CES in a period: touchpoints,
 * journey events and service facts of the 30 days before each answer, ranked,
 * and the touchpoints that cost the most. Loads its own data: it can sit on any page.
 */
export function DriversCard({ period }: { period: Period }) {
  const id = useId();
  const [metric, setMetric] = useState<DriverMetric>('nps');
  const params = { from: period.from, to: period.to, metric };
  const report = useAsync(() => api.get<DriversReport>(`/insights/drivers${query(params)}`), [period.from, period.to, metric]);
  const r = report.data;
  // A period without answers is a 400 that says so: an empty state, not a failure.
  const nothing = report.errorStatus === 400 ? report.error : null;
  const tooFew = r?.drivers.filter((d) => !d.enough) ?? [];

  return (
    <section className={`card table-card${report.loading && r ? ' dimmed' : ''}`} aria-labelledby={`${id}-title`}>
      <div className="card-header">
        <h2 id={`${id}-title`}>What drives {DRIVER_METRIC_LABELS[metric]}</h2>
        <span className="field-inline">
          <label htmlFor={`${id}-metric`}>Metric</label>
          <select id={`${id}-metric`} value={metric} onChange={(e) => setMetric(e.target.value as DriverMetric)}>
            <LabelOptions labels={DRIVER_METRIC_LABELS} />
          </select>
        </span>
        <a className="btn small" href={csvHref('/insights/drivers', params)} download>
          <Icon name="download" size={14} /> Download CSV
        </a>
      </div>
      {nothing ? (
        <EmptyState title={`No ${DRIVER_METRIC_LABELS[metric]} answers to analyse`}>{nothing}</EmptyState>
      ) : (
        <ErrorMessage message={report.error} onRetry={report.reload} />
      )}
      {report.loading && !r ? (
        <Loading />
      ) : r && !report.error ? (
        <>
          <p className="card-note">
            {r.n.toLocaleString()} answers of known customers, {DRIVER_METRIC_LABELS[r.metric]} {formatPoints(r.baseline)}; the features together explain {Math.round(r.r2 * 100)}% of the variation. Bars: importance (standardised
            coefficient, others held fixed) with its 95% interval; grey when the interval includes zero. Associations, not proof of cause.
          </p>
          <DriversChart drivers={r.drivers} friction={r.friction} metric={r.metric} />
          {tooFew.length > 0 && <p className="card-note">Not enough data (fewer than 10 answers with or without it): {tooFew.map((d) => d.label).join(', ')}.</p>}
        </>
      ) : null}
    </section>
  );
}
