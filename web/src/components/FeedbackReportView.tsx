import { useId, useState } from 'react';
import { api, query } from '../api';
import { formatHours } from '../format';
import { FEEDBACK_GROUP_LABELS, formatNps, formatShare, type FeedbackGroupBy, type FeedbackReport } from '../feedback';
import { csvHref, type Period } from '../reports';
import { useAsync } from '../useAsync';
import { EmptyState, ErrorMessage, Loading } from './Feedback';
import { FigureList } from './HeadlineFigures';
import { NpsIntervals } from './NpsIntervals';
import { ReportCardHeader } from './ReportCardHeader';

const FUNNEL: { key: keyof FeedbackReport['funnel']; label: string }[] = [
  { key: 'sent', label: 'Sent' },
  { key: 'delivered', label: 'Delivered' },
  { key: 'opened', label: 'Opened' },
  { key: 'started', label: 'Started' },
  { key: 'completed', label: 'Completed' },
];

const PAGE_FUNNEL: { key: 'opened' | 'started' | 'completed'; label: string }[] = [
  { key: 'opened', label: 'Page views' },
  { key: 'started', label: 'Started' },
  { key: 'completed', label: 'Completed' },
];

/** What customers said in a period: NPS with its interval, CSAT, CES, the invitations' funnel and the closed loop. */
export function FeedbackReportView({ period }: { period: Period }) {
  const id = useId();
  const [groupBy, setGroupBy] = useState<FeedbackGroupBy>('touchpoint');
  const params = { from: period.from, to: period.to, groupBy };
  const report = useAsync(() => api.get<FeedbackReport>(`/reports/feedback${query(params)}`), [period.from, period.to, groupBy]);
  const r = report.data;

  return (
    <section className={`card table-card${report.loading && r ? ' dimmed' : ''}`} aria-labelledby={`${id}-title`}>
      <ReportCardHeader id={id} title="Customer feedback" groupBy={groupBy} labels={FEEDBACK_GROUP_LABELS} onGroupBy={setGroupBy} csvHref={csvHref('/reports/feedback', params)} />
      <ErrorMessage message={report.error} onRetry={report.reload} />
      {report.loading && !r ? (
        <Loading />
      ) : r && r.total.nps.n + r.total.csat.n + r.total.ces.n + r.total.rating.n + r.reviews.length === 0 ? (
        <EmptyState title="No survey answers in this period">Create a survey under Surveys; answers from email, link, kiosk and imports all count here.</EmptyState>
      ) : r ? (
        <>
          <FigureList
            items={[
              ['NPS', formatNps(r.total.nps.score), r.total.nps.ci95 ? `95%: ${formatNps(r.total.nps.ci95[0])} to ${formatNps(r.total.nps.ci95[1])}, n = ${r.total.nps.n}` : 'no NPS answers'],
              ['CSAT', formatShare(r.total.csat.share), `satisfied, of ${r.total.csat.n.toLocaleString()}`],
              ['CES', formatShare(r.total.ces.share), `found it easy, of ${r.total.ces.n.toLocaleString()}`],
              ['Detractors contacted', formatShare(r.loop.contactedShare), `of ${r.loop.detractors.toLocaleString()}${r.loop.hoursToFirstContact.median !== null ? `, median ${formatHours(r.loop.hoursToFirstContact.median)} to contact` : ''}`],
            ]}
          />
          {groupBy !== 'none' && (
            <div className="chart">
              <NpsIntervals groups={r.groups} />
            </div>
          )}
          <table className="table" aria-label="Customer feedback">
            <thead>
              <tr>
                <th scope="col">{FEEDBACK_GROUP_LABELS[groupBy]}</th>
                <th scope="col" className="num">NPS</th>
                <th scope="col" className="num">95% interval</th>
                <th scope="col" className="num">Promoters / passives / detractors</th>
                <th scope="col" className="num">CSAT</th>
                <th scope="col" className="num">CES mean</th>
                <th scope="col" className="num">CES agreeing</th>
              </tr>
            </thead>
            <tbody>
              {r.groups.map((g) => (
                <tr key={g.key}>
                  <th scope="row" className="row-head">
                    {g.label}
                  </th>
                  <td className="num">{formatNps(g.nps.score)}</td>
                  <td className="num">{g.nps.ci95 ? `${formatNps(g.nps.ci95[0])} to ${formatNps(g.nps.ci95[1])}` : '–'}</td>
                  <td className="num">{g.nps.n ? `${g.nps.promoters} / ${g.nps.passives} / ${g.nps.detractors}` : '–'}</td>
                  <td className="num">{g.csat.n ? `${formatShare(g.csat.share)} of ${g.csat.n}` : '–'}</td>
                  <td className="num">{g.ces.mean ?? '–'}</td>
                  <td className="num">{g.ces.n ? formatShare(g.ces.share) : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {r.reviews.length > 0 && (
            <table className="table funnel-table" aria-label="Reviews and posts">
              <caption>Reviews and social posts of the period, by source (stars on a 5-point scale)</caption>
              <thead>
                <tr>
                  <th scope="col">Source</th>
                  <th scope="col" className="num">Posts</th>
                  <th scope="col" className="num">Mean stars</th>
                  <th scope="col" className="num">4–5 stars</th>
                  <th scope="col" className="num">1–2 stars</th>
                </tr>
              </thead>
              <tbody>
                {r.reviews.map((v) => (
                  <tr key={`${v.source}:${v.kind}`}>
                    <th scope="row" className="row-head">
                      {v.source}
                      {v.kind === 'social' ? ' (social)' : ''}
                    </th>
                    <td className="num">{v.n.toLocaleString()}</td>
                    <td className="num">{v.meanStars ?? '–'}</td>
                    <td className="num">{v.rated ? v.positive.toLocaleString() : '–'}</td>
                    <td className="num">{v.rated ? v.negative.toLocaleString() : '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <table className="table funnel-table" aria-label="Invitations">
            <caption>Email invitations of the period: each stage as a share of those sent</caption>
            <thead>
              <tr>
                {FUNNEL.map((s) => (
                  <th key={s.key} scope="col" className="num">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                {FUNNEL.map((s) => (
                  <td key={s.key} className="num">
                    {(r.funnel[s.key] as number).toLocaleString()}
                    {s.key !== 'sent' && <span className="muted small"> {formatShare(r.funnel.rates[s.key] ?? null)}</span>}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
          <table className="table funnel-table" aria-label="Survey pages">
            <caption>Public link and kiosk: each stage as a share of page views (every view counts; a kiosk starting over is a new view)</caption>
            <thead>
              <tr>
                <th scope="col">Channel</th>
                {PAGE_FUNNEL.map((s) => (
                  <th key={s.key} scope="col" className="num">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {r.pageFunnel.map((p) => (
                <tr key={p.channel}>
                  <th scope="row">{p.channel === 'link' ? 'Link or QR code' : 'Kiosk'}</th>
                  {PAGE_FUNNEL.map((s) => (
                    <td key={s.key} className="num">
                      {p[s.key].toLocaleString()}
                      {s.key !== 'opened' && <span className="muted small"> {formatShare(p.rates[s.key] ?? null)}</span>}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
