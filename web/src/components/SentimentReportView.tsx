import { useId, useState } from 'react';
import { api, query } from '../api';
import { formatPercent } from '../format';
import { chartBars, csvHref, groupLabel, SENTIMENT_GROUP_LABELS, type Period } from '../reports';
import type { Names } from '../rules';
import { useAsync } from '../useAsync';
import type { SentimentGroup, SentimentGroupBy } from '../types';
import { BarChart } from './BarChart';
import { EmptyState, ErrorMessage, Loading } from './Feedback';
import { ReportCardHeader } from './ReportCardHeader';

/** How customers felt in what they wrote in a period: the share of negative messages, by period or channel. */
export function SentimentReportView({ period, names }: { period: Period; names: Names }) {
  const id = useId();
  const [groupBy, setGroupBy] = useState<SentimentGroupBy>('week');
  // The API calls a text's channel its source (surveys and reviews will have sources too).
  const params = { from: period.from, to: period.to, groupBy: groupBy === 'channel' ? 'source' : groupBy };
  const report = useAsync(() => api.get<{ groups: SentimentGroup[] }>(`/insights/sentiment${query(params)}`), [period.from, period.to, groupBy]);
  const groups = report.data?.groups ?? [];
  const negativeShare = (rows: SentimentGroup[]) => {
    const texts = rows.reduce((n, r) => n + r.texts, 0);
    return texts ? rows.reduce((n, r) => n + r.negative, 0) / texts : null;
  };

  return (
    <section className={`card table-card${report.loading && report.data ? ' dimmed' : ''}`} aria-labelledby={`${id}-title`}>
      <ReportCardHeader id={id} title="Customer sentiment" groupBy={groupBy} labels={SENTIMENT_GROUP_LABELS} onGroupBy={setGroupBy} csvHref={csvHref('/insights/sentiment', params)} />
      <ErrorMessage message={report.error} onRetry={report.reload} />
      {report.loading && !report.data ? (
        <Loading />
      ) : report.data && groups.length === 0 ? (
        <EmptyState title="No customer messages in this period">Every message a customer writes is read for sentiment as it arrives.</EmptyState>
      ) : report.data ? (
        <>
          {groupBy !== 'none' && (
            <div className="chart">
              <BarChart bars={chartBars(groups, groupBy, period, negativeShare, names)} format={formatPercent} label={`Share of negative messages by ${SENTIMENT_GROUP_LABELS[groupBy].toLowerCase()}`} />
            </div>
          )}
          <table className="table" aria-label="Customer sentiment">
            <thead>
              <tr>
                <th scope="col">{SENTIMENT_GROUP_LABELS[groupBy]}</th>
                <th scope="col" className="num">Messages</th>
                <th scope="col" className="num">Negative</th>
                <th scope="col" className="num">Neutral</th>
                <th scope="col" className="num">Positive</th>
                <th scope="col" className="num">Mean score</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.key}>
                  <th scope="row" className="row-head">
                    {groupLabel(groupBy, g.key, names)}
                  </th>
                  <td className="num">{g.texts.toLocaleString()}</td>
                  <td className="num">{formatPercent(g.negative / g.texts)}</td>
                  <td className="num">{formatPercent(g.neutral / g.texts)}</td>
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
