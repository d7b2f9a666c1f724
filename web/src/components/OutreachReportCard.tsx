import { useState } from 'react';
import { api, query } from '../api';
import { formatPercent } from '../format';
import { formatRateChange, type OutreachReport, type RateChange } from '../outreach';
import { lastDays } from '../reports';
import { useAsync } from '../useAsync';
import { EmptyState, ErrorMessage, Loading } from './Feedback';
import { PeriodPicker } from './PeriodPicker';

const rate = (k: number, n: number) => (n === 0 ? '—' : `${formatPercent(k / n)} of ${n.toLocaleString()}`);

/** A change with its interval, or plainly why there is none: the window has not passed, or there is no group to compare with. */
function Change({ change, counted, days }: { change: RateChange | null; counted: [acted: number, heldOut: number]; days: number }) {
  if (change) return <span title="Acted on minus held out, with its 95% interval">{formatRateChange(change)}</span>;
  if (counted[0] + counted[1] === 0) return <span className="muted">Not yet: the {days}-day window has not passed</span>;
  return <span className="muted">{counted[1] === 0 ? 'No held-out customers to compare with' : 'No acted-on customers to compare with'}</span>;
}

/**
 * What followed the rules' actions: customers acted on against those held out,
 * who contacted support and who bought within the windows.
 */
export function OutreachReportCard() {
  const [period, setPeriod] = useState(() => lastDays(90));
  const report = useAsync(() => api.get<OutreachReport>(`/outreach/report${query({ from: period.from, to: period.to })}`), [period.from, period.to]);
  const w = report.data?.windows;

  return (
    <section className="card" aria-labelledby="outreach-report-title">
      <div className="card-header">
        <h2 id="outreach-report-title">What followed</h2>
      </div>
      <div className="report-filters">
        <PeriodPicker value={period} onChange={setPeriod} />
      </div>
      <p className="hint card-hint">
        Each rate reads acted on / held out, over the customers whose window has passed; a change is acted on minus held out, in percentage points, with its 95% interval (one that spans 0 may be
        noise).
      </p>
      <ErrorMessage message={report.error} onRetry={report.reload} />
      {report.loading && !report.data ? (
        <Loading />
      ) : report.data?.rules.length === 0 ? (
        <EmptyState title="Nothing fired in this period" />
      ) : report.data && w ? (
        <div className="table-scroll">
          <table className="table" aria-label="What followed each rule">
            <thead>
              <tr>
                <th>Rule</th>
                <th className="num">Fired</th>
                <th>Contacted in {w.contactDays} days</th>
                <th>Change</th>
                <th>Bought in {w.purchaseDays} days</th>
                <th>Change</th>
              </tr>
            </thead>
            <tbody>
              {report.data.rules.map((r) => (
                <tr key={r.ruleId}>
                  <td>{r.name}</td>
                  <td className="num">{r.fired.toLocaleString()}</td>
                  <td>
                    {rate(r.acted.contacted, r.acted.contactN)} / {rate(r.heldOut.contacted, r.heldOut.contactN)}
                  </td>
                  <td>
                    <Change change={r.contactRateChange} counted={[r.acted.contactN, r.heldOut.contactN]} days={w.contactDays} />
                  </td>
                  <td>
                    {rate(r.acted.purchased, r.acted.purchaseN)} / {rate(r.heldOut.purchased, r.heldOut.purchaseN)}
                  </td>
                  <td>
                    <Change change={r.purchaseRateChange} counted={[r.acted.purchaseN, r.heldOut.purchaseN]} days={w.purchaseDays} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
