import { STAGES, type JourneyEntry, type Stage } from '../types';
import { stageClass, stageLabel } from './StageBadge';
import { isUnmapped } from './JourneyEntryItem';

/** How many loaded entries fall in each stage, in journey order. */
export function StageSummary({ entries, partial }: { entries: JourneyEntry[]; partial: boolean }) {
  const counts = new Map<Stage | null, number>();
  for (const e of entries) {
    if (e.stage || isUnmapped(e)) counts.set(e.stage, (counts.get(e.stage) ?? 0) + 1);
  }
  const unmapped = counts.get(null) ?? 0;
  return (
    <div className="stage-summary" role="group" aria-label="Entries per stage">
      <ol className="stage-steps">
        {STAGES.map((s) => {
          const n = counts.get(s) ?? 0;
          return (
            <li key={s} className={`stage-step ${stageClass(s)}${n === 0 ? ' zero' : ''}`}>
              <span className="stage-step-count">{n}</span>
              <span className="stage-step-label">{stageLabel(s)}</span>
            </li>
          );
        })}
      </ol>
      {unmapped > 0 && (
        <div className="stage-step stage-none unmapped-step">
          <span className="stage-step-count">{unmapped}</span>
          <span className="stage-step-label">Unmapped</span>
        </div>
      )}
      {partial && <p className="stage-summary-note">Counts of the entries loaded so far.</p>}
    </div>
  );
}
