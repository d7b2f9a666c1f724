import { Link } from 'wouter';
import { customerTitle } from '../customer';
import { formatDateTime, formatRelative } from '../format';
import { RESULT_LABELS, type OutreachFired, type OutreachRule } from '../outreach';
import type { AsyncState } from '../useAsync';
import { EmptyState, ErrorMessage, Loading } from './Feedback';

/** Whom the rules reached lately, why, and what came of it; held-out customers are listed too, marked. */
export function OutreachActionsCard({ actions, rules }: { actions: AsyncState<OutreachFired[]>; rules: OutreachRule[] }) {
  return (
    <section className="card" aria-labelledby="outreach-actions-title">
      <div className="card-header">
        <h2 id="outreach-actions-title">Recent actions</h2>
        <button type="button" className="btn small ghost" onClick={actions.reload}>
          Refresh
        </button>
      </div>
      <ErrorMessage message={actions.error} onRetry={actions.reload} />
      {actions.loading && !actions.data ? (
        <Loading />
      ) : actions.data?.length === 0 ? (
        <EmptyState title="No actions yet">Each customer a rule matches is listed here, with the reason.</EmptyState>
      ) : (
        <ul className="rule-list" aria-label="Recent outreach actions">
          {(actions.data ?? []).map((a) => (
            <li key={a.id} className="rule-item">
              <div className="rule-item-head">
                <Link href={`/customers/${a.customer.id}`} className="rule-item-name">
                  {customerTitle(a.customer)}
                </Link>
                {a.heldOut && (
                  <span className="badge neutral" title="Matched but left alone, to measure what the action changes">
                    Held out
                  </span>
                )}
                <span className="muted small rule-item-actions" title={formatDateTime(a.firedAt)}>
                  {formatRelative(a.firedAt, 'short')}
                </span>
              </div>
              <p className="rule-sentence">{a.reason}</p>
              <p className="muted small">
                {rules.find((r) => r.id === a.ruleId)?.name ?? 'Deleted rule'} · {a.heldOut ? 'No action' : (RESULT_LABELS[a.result] ?? a.result)}
                {a.ticketId && (
                  <>
                    {' · '}
                    <Link href={`/tickets/${a.ticketId}`}>Ticket</Link>
                  </>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
