import { formatPercent } from '../format';
import type { SlaAchievement, SlaTarget } from '../types';

const TARGETS: [SlaTarget, string, string][] = [
  ['firstResponse', 'First response', 'Creation → first public reply, within the target of the ticket’s priority'],
  ['nextResponse', 'Next response', 'Every customer message after a reply answered within the target'],
  ['resolution', 'Resolution', 'Creation → solved, within the target'],
];

/** SLA achievement per target: met over met + breached; tickets whose clock still runs are not decided yet. */
export function SlaTable({ figures }: { figures: Record<SlaTarget, SlaAchievement> }) {
  return (
    <table className="table" aria-label="SLA achievement">
      <thead>
        <tr>
          <th scope="col">Target</th>
          <th scope="col" className="num">
            Achieved
          </th>
          <th scope="col" className="num">
            Met
          </th>
          <th scope="col" className="num">
            Breached
          </th>
          <th scope="col" className="num">
            Still running
          </th>
        </tr>
      </thead>
      <tbody>
        {TARGETS.map(([key, label, hint]) => {
          const a = figures[key];
          return (
            <tr key={key}>
              <th scope="row" className="row-head" title={hint}>
                {label}
              </th>
              <td className="num">{formatPercent(a.rate)}</td>
              <td className="num">{a.met.toLocaleString()}</td>
              <td className="num">{a.breached.toLocaleString()}</td>
              <td className="num">{a.running.toLocaleString()}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
