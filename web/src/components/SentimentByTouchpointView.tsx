import { useId } from 'react';
import { api, query } from '../api';
import { formatPercent } from '../format';
import type { Period } from '../reports';
import type { SentimentGroup, Touchpoint } from '../types';
import { useAsync } from '../useAsync';
import { BarChart } from './BarChart';
import { EmptyState, ErrorMessage, Loading } from './Feedback';

/** Where in the journey customers write unhappily: the share of negative texts and the mean score, per touchpoint. */
export function SentimentByTouchpointView({ period }: { period: Period }) {
  const id = useId();
  const report = useAsync(
    () =>
      Promise.all([
        api.get<{ groups: SentimentGroup[] }>(`/insights/sentiment${query({ from: period.from, to: period.to, groupBy: 'touchpoint' })}`),
        api.get<{ data: Touchpoint[] }>('/touchpoints'),
      ]),
    [period.from, period.to],
  );
  const [sentiment, catalog] = report.data ?? [];
  const nameOf = (key: string) => (key === 'none' ? 'No touchpoint' : (catalog?.data.find((t) => t.id === key)?.name ?? 'A deleted touchpoint'));
  const groups = [...(sentiment?.groups ?? [])].sort((a, b) => b.negative / b.texts - a.negative / a.texts);

  return (
    <section className={`card table-card${report.loading && report.data ? ' dimmed' : ''}`} aria-labelledby={`${id}-title`}>
      <div className="card-header">
        <h2 id={`${id}-title`}>Sentiment by touchpoint</h2>
      </div>
      <ErrorMessage message={report.error} onRetry={report.reload} />
      {report.loading && !report.data ? (
        <Loading />
      ) : report.data && groups.length === 0 ? (
        <EmptyState title="No customer texts in this period">Ticket messages, survey comments and reviews are read for sentiment as they arrive.</EmptyState>
      ) : report.data ? (
        <>
          <div className="chart">
            <BarChart bars={groups.map((g) => ({ key: g.key, label: nameOf(g.key), value: g.negative / g.texts }))} format={formatPercent} label="Share of negative texts by touchpoint" />
          </div>
          <table className="table" aria-label="Sentiment by touchpoint">
            <thead>
              <tr>
                <th scope="col">Touchpoint</th>
                <th scope="col" className="num">Texts</th>
                <th scope="col" className="num">Negative</th>
                <th scope="col" className="num">Positive</th>
                <th scope="col" className="num">Mean score</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.key}>
                  <th scope="row" className="row-head">
                    {nameOf(g.key)}
                  </th>
                  <td className="num">{g.texts.toLocaleString()}</td>
                  <td className="num">{formatPercent(g.negative / g.texts)}</td>
                  <td className="num">{formatPercent(g.positive / g.texts)}</td>
                  <td className="num">{g.meanScore.toFixed(2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
