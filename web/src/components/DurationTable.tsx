import { formatDuration, type Clock } from '../reports';
import type { DurationFigures } from '../types';

const METRICS: [keyof DurationFigures, string, string][] = [
  ['firstResponse', 'First response', 'Creation → first public reply'],
  ['nextResponse', 'Next response', 'Customer message → the next public reply'],
  ['firstResolution', 'First resolution', 'Creation → first solved'],
  ['fullResolution', 'Full resolution', 'Creation → last solved (solved and closed tickets)'],
];

/** Response and resolution times of a period: how many, median, mean and 90th percentile. */
export function DurationTable({ figures, clock }: { figures: DurationFigures; clock: Clock }) {
  return (
    <table className="table" aria-label="Response and resolution times">
      <thead>
        <tr>
          <th scope="col">Time to</th>
          <th scope="col" className="num">
            Count
          </th>
          <th scope="col" className="num">
            Median
          </th>
          <th scope="col" className="num">
            Mean
          </th>
          <th scope="col" className="num">
            90th percentile
          </th>
        </tr>
      </thead>
      <tbody>
        {METRICS.map(([key, label, hint]) => {
          const s = figures[key];
          return (
            <tr key={key}>
              <th scope="row" className="row-head" title={hint}>
                {label}
              </th>
              <td className="num">{s.n.toLocaleString()}</td>
              <td className="num">{formatDuration(s.median, clock)}</td>
              <td className="num">{formatDuration(s.mean, clock)}</td>
              <td className="num">{formatDuration(s.p90, clock)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
