import { formatPercent } from '../format';
import { targetName, TRIAGE_REASONS, type TriagePrediction } from '../triage';

/** What triage predicted from the ticket's first message, how sure it was, and what came of it. */
export function TriageNote({ prediction: p }: { prediction: TriagePrediction }) {
  const outcome = p.corrected
    ? `applied, then changed by an agent to ${p.corrected.to ?? 'nothing'}`
    : p.applied
      ? 'applied'
      : `not applied: ${TRIAGE_REASONS[p.reason ?? ''] ?? p.reason ?? 'not applied'}`;
  return (
    <section className="card triage-note" aria-label="Triage">
      <span className="triage-what">
        Triage predicted {targetName(p)} <strong>{p.label}</strong> ({formatPercent(p.confidence)})
      </span>
      <span className={`badge ${p.applied && !p.corrected ? 'triage-applied' : 'neutral'}`}>{outcome}</span>
      {p.alternatives.length > 0 && (
        <span className="muted small">
          then {p.alternatives.map((a) => `${a.label} ${formatPercent(a.confidence)}`).join(', ')}
        </span>
      )}
    </section>
  );
}
