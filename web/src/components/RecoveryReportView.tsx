import { useId, useState } from 'react';
import { api, query } from '../api';
import { formatMoney } from '../format';
import { chartBars, csvHref, groupLabel, RECOVERY_GROUP_LABELS, type Period } from '../reports';
import type { Names } from '../rules';
import { useAsync } from '../useAsync';
import type { RecoveryGroupBy, RecoveryReport } from '../types';
import { BarChart } from './BarChart';
import { EmptyState, ErrorMessage, Loading } from './Feedback';
import { ReportCardHeader } from './ReportCardHeader';

/** Service recovery recorded in a period: how often, on how many tickets, at what cost (per currency, never added across). */
export function RecoveryReportView({ period, names }: { period: Period; names: Names }) {
  const id = useId();
  const [groupBy, setGroupBy] = useState<RecoveryGroupBy>('kind');
  const params = { from: period.from, to: period.to, groupBy };
  const report = useAsync(() => api.get<RecoveryReport>(`/reports/recovery${query(params)}`), [period.from, period.to, groupBy]);
  const groups = report.data?.groups ?? [];
  const by = RECOVERY_GROUP_LABELS[groupBy].toLowerCase();

  return (
    <section className={`card table-card${report.loading && report.data ? ' dimmed' : ''}`} aria-labelledby={`${id}-title`}>
      <ReportCardHeader id={id} title="Service recovery" groupBy={groupBy} labels={RECOVERY_GROUP_LABELS} onGroupBy={setGroupBy} csvHref={csvHref('/reports/recovery', params)} />
      <ErrorMessage message={report.error} onRetry={report.reload} />
      {report.loading && !report.data ? (
        <Loading />
      ) : report.data && groups.length === 0 ? (
        <EmptyState title="Nothing recorded in this period">Refunds, replacements and apologies recorded on tickets (“Make it right”) are counted here.</EmptyState>
      ) : report.data ? (
        <>
          {groupBy !== 'none' && (
            <div className="chart">
              <BarChart
                bars={chartBars(groups, groupBy, period, (rows) => rows.reduce((n, r) => n + r.recoveries, 0), names)}
                format={(v) => v.toLocaleString()}
                label={`Recoveries by ${by}`}
              />
            </div>
          )}
          <table className="table" aria-label={`Service recovery by ${by}`}>
            <thead>
              <tr>
                <th scope="col">{RECOVERY_GROUP_LABELS[groupBy]}</th>
                <th scope="col" className="num">
                  Recoveries
                </th>
                <th scope="col" className="num">
                  Tickets
                </th>
                <th scope="col" className="num">
                  Total cost
                </th>
                <th scope="col" className="num">
                  Average cost
                </th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={`${g.key}:${g.currency}`}>
                  <th scope="row" className="row-head">
                    {groupLabel(groupBy, g.key, names)}
                  </th>
                  <td className="num">{g.recoveries.toLocaleString()}</td>
                  <td className="num">{g.tickets.toLocaleString()}</td>
                  <td className="num">{formatMoney(g.totalCost, g.currency)}</td>
                  <td className="num">{formatMoney(g.averageCost, g.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
