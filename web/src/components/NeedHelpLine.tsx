import { formatPercent } from '../format';
import { NEED_LABELS, type NeedHelp } from '../predictions';

/**
 * The need-for-help score where an agent or a CX manager looks at a customer: how
 * likely they are to write to support in the next days and why. The sidebar shows
 * the main reason; the customer page all of them.
 */
export function NeedHelpLine({ need, compact }: { need: NeedHelp; compact: boolean }) {
  const reasons = compact ? need.reasons.slice(0, 1) : need.reasons;
  return (
    <div className="need-help" aria-label="Need for help">
      <div className="value-risk">
        <span className={`badge need-${need.level}`}>{NEED_LABELS[need.level]}</span>
        <span className="small" title={`Chance of opening a ticket within ${need.horizonDays} days, learned from this workspace's past contacts`}>
          {formatPercent(need.probability)} in {need.horizonDays} days
        </span>
      </div>
      {reasons.length > 0 && (
        <ul className="need-reasons small">
          {reasons.map((r) => (
            <li key={r.key}>{r.reason}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
