export interface Bar {
  key: string;
  label: string;
  /** null: nothing to show for this group (no tickets solved, say); its place is kept. */
  value: number | null;
}

const WIDTH = 800;
const HEIGHT = 180;
const TOP = 18;
const BOTTOM = 24;
const SIDE = 4;
/** Bars stay slim when there are few of them. */
const MAX_BAR = 56;
/** At most this many labels under the bars; values show on the bars while they fit. */
const MAX_LABELS = 12;
const MAX_VALUES = 16;

/** Vertical bars as inline SVG, one per group or period, from zero to the largest value. */
export function BarChart({ bars, format, label }: { bars: Bar[]; format: (value: number) => string; label: string }) {
  const max = Math.max(0, ...bars.map((b) => b.value ?? 0));
  const slot = (WIDTH - 2 * SIDE) / Math.max(1, bars.length);
  const plot = HEIGHT - TOP - BOTTOM;
  const every = Math.ceil(bars.length / MAX_LABELS);
  const heightOf = (value: number) => (max > 0 ? (value / max) * plot : 0);
  const barWidth = Math.min(slot * 0.7, MAX_BAR);
  // About 6.5 units per character at the labels' size: longer labels are cut.
  const chars = Math.max(3, Math.floor((slot * every) / 6.5));
  const fit = (text: string) => (text.length > chars ? `${text.slice(0, chars - 1)}…` : text);

  return (
    <svg className="bar-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
      <line className="bar-chart-axis" x1={SIDE} x2={WIDTH - SIDE} y1={HEIGHT - BOTTOM} y2={HEIGHT - BOTTOM} />
      {bars.map((b, i) => {
        const x = SIDE + i * slot;
        const h = b.value === null ? 0 : heightOf(b.value);
        return (
          <g key={b.key}>
            {b.value !== null && (
              <rect className="bar" x={x + (slot - barWidth) / 2} width={barWidth} y={HEIGHT - BOTTOM - h} height={Math.max(h, b.value > 0 ? 1 : 0)} rx={2}>
                <title>{`${b.label}: ${format(b.value)}`}</title>
              </rect>
            )}
            {b.value !== null && bars.length <= MAX_VALUES && (
              <text className="bar-value" x={x + slot / 2} y={HEIGHT - BOTTOM - h - 4} textAnchor="middle">
                {format(b.value)}
              </text>
            )}
            {i % every === 0 && (
              <text className="bar-label" x={x + slot / 2} y={HEIGHT - 8} textAnchor="middle">
                {fit(b.label)}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
