import { formatPercent, plural } from '../format';
import { formatDuration, type Clock } from '../reports';
import type { ServiceFigures } from '../types';

/** The period at a glance: how many tickets, how fast they were answered and resolved, how well, what is left. */
export function HeadlineFigures({ figures: f, clock }: { figures: ServiceFigures; clock: Clock }) {
  const times = f[clock];
  const items: [string, string, string][] = [
    ['Tickets', f.tickets.toLocaleString(), `${f.solved.toLocaleString()} solved`],
    ['Median first response', formatDuration(times.firstResponse.median, clock), `over ${plural(times.firstResponse.n, 'ticket')}`],
    ['Median full resolution', formatDuration(times.fullResolution.median, clock), `over ${plural(times.fullResolution.n, 'ticket')}`],
    ['Reopen rate', formatPercent(f.reopenRate), 'of tickets solved'],
    ['One-touch rate', formatPercent(f.oneTouchRate), 'solved in one reply'],
    ['Backlog', f.backlog.toLocaleString(), 'not solved yet'],
  ];
  return <FigureList items={items} />;
}

/** Figures side by side: each a label, a value and a line that says what it counts. */
export function FigureList({ items }: { items: [label: string, value: string, detail: string][] }) {
  return (
    <dl className="figures">
      {items.map(([label, value, detail]) => (
        <div key={label} className="figure">
          <dt>{label}</dt>
          <dd className="figure-value">{value}</dd>
          <dd className="figure-detail">{detail}</dd>
        </div>
      ))}
    </dl>
  );
}
