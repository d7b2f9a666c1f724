import { formatPercent } from '../format';
import { formatDuration, groupLabel, SERVICE_GROUP_LABELS, type Clock } from '../reports';
import type { Names } from '../rules';
import type { DurationSummary, ServiceFigures, ServiceGroupBy } from '../types';

/** A median with its mean and 90th percentile on hover. */
function Median({ s, clock }: { s: DurationSummary; clock: Clock }) {
  return (
    <td className="num" title={s.n ? `${s.n} tickets · mean ${formatDuration(s.mean, clock)} · 90th percentile ${formatDuration(s.p90, clock)}` : undefined}>
      {formatDuration(s.median, clock)}
    </td>
  );
}

/** Service figures per group: one row each. */
export function ServiceGroupsTable({ groups, by, clock, names }: { groups: ServiceFigures[]; by: ServiceGroupBy; clock: Clock; names: Names }) {
  return (
    <table className="table" aria-label={`Service by ${SERVICE_GROUP_LABELS[by].toLowerCase()}`}>
      <thead>
        <tr>
          <th scope="col">{SERVICE_GROUP_LABELS[by]}</th>
          <th scope="col" className="num">
            Tickets
          </th>
          <th scope="col" className="num">
            Solved
          </th>
          <th scope="col" className="num">
            Backlog
          </th>
          <th scope="col" className="num">
            First response
          </th>
          <th scope="col" className="num">
            Full resolution
          </th>
          <th scope="col" className="num">
            Reopened
          </th>
          <th scope="col" className="num">
            One-touch
          </th>
          <th scope="col" className="num" title="First-response SLA achieved: met over met + breached">
            First response SLA
          </th>
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => (
          <tr key={g.key}>
            <th scope="row" className="row-head">
              {groupLabel(by, g.key, names)}
            </th>
            <td className="num">{g.tickets.toLocaleString()}</td>
            <td className="num">{g.solved.toLocaleString()}</td>
            <td className="num">{g.backlog.toLocaleString()}</td>
            <Median s={g[clock].firstResponse} clock={clock} />
            <Median s={g[clock].fullResolution} clock={clock} />
            <td className="num">{formatPercent(g.reopenRate)}</td>
            <td className="num">{formatPercent(g.oneTouchRate)}</td>
            <td className="num">{formatPercent(g.slaAchievement.firstResponse.rate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
