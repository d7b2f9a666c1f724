import { useId, useState } from 'react';
import { api, query } from '../api';
import { formatDateTime } from '../format';
import { CHART_METRICS, chartBars, csvHref, SERVICE_GROUP_LABELS, type Clock, type Period } from '../reports';
import type { Names } from '../rules';
import { useAsync } from '../useAsync';
import type { ServiceGroupBy, ServiceReport } from '../types';
import { BarChart } from './BarChart';
import { DurationTable } from './DurationTable';
import { EmptyState, ErrorMessage, Loading } from './Feedback';
import { HeadlineFigures } from './HeadlineFigures';
import { Icon } from './Icon';
import { LabelOptions } from './LabelOptions';
import { ServiceGroupsTable } from './ServiceGroupsTable';
import { SlaTable } from './SlaTable';

const METRIC_LABELS = Object.fromEntries(Object.entries(CHART_METRICS).map(([id, m]) => [id, m.label]));

/** Service metrics of the tickets created in a period: totals, then per group as a chart and a table. */
export function ServiceReportView({ period, groupBy, clock, names }: { period: Period; groupBy: ServiceGroupBy; clock: Clock; names: Names }) {
  const id = useId();
  const [metric, setMetric] = useState('tickets');
  const range = { from: period.from, to: period.to };
  const report = useAsync(async () => {
    const get = (by: ServiceGroupBy) => api.get<ServiceReport>(`/reports/service${query({ ...range, groupBy: by })}`);
    const [total, grouped] = await Promise.all([get('none'), groupBy === 'none' ? null : get(groupBy)]);
    return { total: total.groups[0] ?? null, grouped: grouped?.groups ?? null, asOf: total.asOf };
  }, [period.from, period.to, groupBy]);
  const chart = CHART_METRICS[metric]!;
  const by = SERVICE_GROUP_LABELS[groupBy].toLowerCase();

  return (
    <>
      <section className={`card${report.loading && report.data ? ' dimmed' : ''}`} aria-labelledby={`${id}-title`}>
        <div className="card-header">
          <h2 id={`${id}-title`}>Service</h2>
          <span className="muted small">
            Tickets created {formatDateTime(period.from)} – {formatDateTime(period.to)}
          </span>
          <a className="btn small" href={csvHref('/reports/service', { ...range, groupBy })} download>
            <Icon name="download" size={14} /> Download CSV
          </a>
        </div>
        <ErrorMessage message={report.error} onRetry={report.reload} />
        {report.loading && !report.data ? (
          <Loading label="Computing the report…" />
        ) : report.data && !report.data.total ? (
          <EmptyState title="No tickets in this period">Service metrics cover the tickets created in the period: choose a longer one.</EmptyState>
        ) : report.data?.total ? (
          <HeadlineFigures figures={report.data.total} clock={clock} />
        ) : null}
      </section>

      {report.data?.total && report.data.grouped && (
        <section className="card table-card" aria-labelledby={`${id}-groups`}>
          <div className="card-header">
            <h2 id={`${id}-groups`}>By {by}</h2>
            <span className="field-inline">
              <label htmlFor={`${id}-metric`}>Chart</label>
              <select id={`${id}-metric`} value={metric} onChange={(e) => setMetric(e.target.value)}>
                <LabelOptions labels={METRIC_LABELS} />
              </select>
            </span>
          </div>
          <div className="chart">
            <BarChart bars={chartBars(report.data.grouped, groupBy, period, (rows) => (rows[0] ? chart.value(rows[0], clock) : null), names)} format={(v) => chart.format(v, clock)} label={`${chart.label} by ${by}`} />
          </div>
          <ServiceGroupsTable groups={report.data.grouped} by={groupBy} clock={clock} names={names} />
        </section>
      )}

      {report.data?.total && (
        <section className="card table-card" aria-labelledby={`${id}-times`}>
          <div className="card-header">
            <h2 id={`${id}-times`}>Response and resolution times</h2>
            <span className="muted small">{clock === 'businessHours' ? 'Business hours of the SLA calendar' : 'Calendar hours'}</span>
          </div>
          <DurationTable figures={report.data.total[clock]} clock={clock} />
        </section>
      )}

      {report.data?.total && (
        <section className="card table-card" aria-labelledby={`${id}-sla`}>
          <div className="card-header">
            <h2 id={`${id}-sla`}>SLA achievement</h2>
            <span className="muted small">
              Targets of the SLA policy, in business hours; pending and on-hold stop the clocks; clocks still running judged at {formatDateTime(report.data.asOf)}
            </span>
          </div>
          <SlaTable figures={report.data.total.slaAchievement} />
        </section>
      )}
    </>
  );
}
