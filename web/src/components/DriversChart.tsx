import { formatPercent } from '../format';
import { DRIVER_METRIC_LABELS, formatPoints, POINT_UNITS, type Driver, type DriverMetric, type Friction } from '../drivers';

const WIDTH = 800;
const ROW = 26;
const LABEL = 230;
const RIGHT = 16;
const KIND_NAMES: Record<Driver['kind'], string> = { touchpoint: 'touchpoint', event: 'journey event', service: 'service', theme: 'theme' };

const cut = (text: string, chars: number) => (text.length > chars ? `${text.slice(0, chars - 1)}…` : text);

/**
 * The ranked drivers as bars of importance (the standardised coefficient, left
 * lowers the metric, right raises it) with their 95% intervals as whiskers,
 * coloured by direction: grey when the interval includes 0. Then the journey's
 * moments ranked by the friction they cause.
 */
export function DriversChart({ drivers, friction, metric }: { drivers: Driver[]; friction: Friction[]; metric: DriverMetric }) {
  const rows = drivers.filter((d) => d.enough && d.importance !== null);
  const frictions = friction.filter((f) => f.impact > 0);
  const extent = Math.max(0.1, ...rows.flatMap((d) => [Math.abs(d.importance!), ...(d.interval ?? []).map(Math.abs)]));
  const max = Math.ceil(extent * 10) / 10;
  const x = (v: number) => LABEL + ((v + max) / (2 * max)) * (WIDTH - LABEL - RIGHT);
  const height = rows.length * ROW + 22;
  const ticks = [-max, -max / 2, 0, max / 2, max];

  return (
    <div className="drivers">
      {rows.length > 0 && (
        <svg className="drivers-chart" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label="Drivers by importance with 95% intervals">
          {ticks.map((tick) => (
            <g key={tick}>
              <line className={tick === 0 ? 'drivers-zero' : 'drivers-grid'} x1={x(tick)} x2={x(tick)} y1={0} y2={height - 18} />
              <text className="drivers-tick" x={x(tick)} y={height - 4} textAnchor="middle">
                {tick.toFixed(2)}
              </text>
            </g>
          ))}
          {rows.map((d, i) => {
            const y = i * ROW + ROW / 2;
            const v = d.importance!;
            return (
              <g key={d.key} className={`driver driver-${d.direction ?? 'unclear'}`}>
                <text className="drivers-label" x={LABEL - 10} y={y + 4} textAnchor="end">
                  {cut(d.label, 34)}
                </text>
                <rect className="driver-bar" x={Math.min(x(0), x(v))} y={y - 7} width={Math.max(1, Math.abs(x(v) - x(0)))} height={14} rx={2}>
                  <title>
                    {`${d.label} (${KIND_NAMES[d.kind]}): ${formatPoints(d.effect)} ${POINT_UNITS[metric]} with the others held fixed` +
                      (d.effectInterval ? ` (95%: ${formatPoints(d.effectInterval[0])} to ${formatPoints(d.effectInterval[1])})` : '') +
                      `; ${formatPoints(d.meanWith)} with it (n = ${d.nWith}), ${formatPoints(d.meanWithout)} without (n = ${d.nWithout})`}
                  </title>
                </rect>
                {d.interval && (
                  <g className="driver-whisker">
                    <line x1={x(d.interval[0])} x2={x(d.interval[1])} y1={y} y2={y} />
                    <line x1={x(d.interval[0])} x2={x(d.interval[0])} y1={y - 5} y2={y + 5} />
                    <line x1={x(d.interval[1])} x2={x(d.interval[1])} y1={y - 5} y2={y + 5} />
                  </g>
                )}
              </g>
            );
          })}
        </svg>
      )}
      {frictions.length > 0 && (
        <>
          <h3 className="friction-title">Touchpoints by friction</h3>
          <p className="card-note">What each costs the overall {DRIVER_METRIC_LABELS[metric]}: how far it falls short of the figure of those who did not go through it (their share × how much lower they score).</p>
          <ol className="friction-list" aria-label="Touchpoints by friction">
            {frictions.map((f) => (
              <li key={f.key} className={f.interval[0] > 0 ? undefined : 'friction-unclear'}>
                <span className="friction-label">{f.label}</span>
                <span className="friction-figure">
                  {formatPoints(-f.impact)} {POINT_UNITS[metric]} overall
                </span>
                <span className="figure-detail">
                  95%: {formatPoints(-f.interval[1])} to {formatPoints(-f.interval[0])}; {formatPercent(f.reach)} went through it, {formatPoints(-f.drop)} for them
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
