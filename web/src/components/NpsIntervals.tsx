import { formatNps, type FeedbackGroup } from '../feedback';

const WIDTH = 800;
const ROW = 26;
const LABEL = 170;
const RIGHT = 16;

/**
 * NPS per group with its 95% interval, on the scale from −100 to +100: a dot for
 * the score, a line for the interval. Small groups show wide lines, so a change
 * that is only noise looks like it.
 */
export function NpsIntervals({ groups }: { groups: FeedbackGroup[] }) {
  const rows = groups.filter((g) => g.nps.n > 0);
  if (rows.length === 0) return null;
  const height = rows.length * ROW + 22;
  const x = (score: number) => LABEL + ((score + 100) / 200) * (WIDTH - LABEL - RIGHT);
  return (
    <svg className="nps-chart" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label="NPS by group with 95% intervals">
      {[-100, -50, 0, 50, 100].map((tick) => (
        <g key={tick}>
          <line className={tick === 0 ? 'nps-zero' : 'nps-grid'} x1={x(tick)} x2={x(tick)} y1={0} y2={height - 18} />
          <text className="nps-tick" x={x(tick)} y={height - 4} textAnchor="middle">
            {formatNps(tick)}
          </text>
        </g>
      ))}
      {rows.map((g, i) => {
        const y = i * ROW + ROW / 2;
        return (
          <g key={g.key}>
            <text className="nps-label" x={LABEL - 10} y={y + 4} textAnchor="end">
              {g.label.length > 24 ? `${g.label.slice(0, 23)}…` : g.label}
            </text>
            {g.nps.ci95 && <line className="nps-interval" x1={x(g.nps.ci95[0])} x2={x(g.nps.ci95[1])} y1={y} y2={y} />}
            <circle className="nps-dot" cx={x(g.nps.score ?? 0)} cy={y} r={5}>
              <title>{`${g.label}: NPS ${formatNps(g.nps.score)} (95% interval ${formatNps(g.nps.ci95?.[0] ?? null)} to ${formatNps(g.nps.ci95?.[1] ?? null)}, n = ${g.nps.n})`}</title>
            </circle>
          </g>
        );
      })}
    </svg>
  );
}
