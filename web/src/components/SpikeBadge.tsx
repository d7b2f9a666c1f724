import type { Theme } from '../insights';

/** A theme whose last week clearly outran its four weeks before (the API's spike test). */
export function SpikeBadge({ spike }: { spike: Theme['spike'] }) {
  if (!spike.spiked) return null;
  return (
    <span className="badge warning" title={`${spike.lastWeek} in the last 7 days against ${spike.fourWeeksBefore} in the 4 weeks before (p = ${spike.pValue.toPrecision(2)})`}>
      Spike: {spike.lastWeek} this week
    </span>
  );
}
