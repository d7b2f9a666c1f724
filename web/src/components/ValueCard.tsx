import { api } from '../api';
import { formatDateTime, formatPercent, formatRelative } from '../format';
import { ACTIVITY_LABELS, formatAmount, formatAsOf, formatExpected, type CustomerPredictions } from '../predictions';
import { NeedHelpLine } from './NeedHelpLine';
import { useAsync } from '../useAsync';
import { ErrorMessage, Loading } from './Feedback';

/**
 * "Value and risk": what the customer bought, whether they are likely still a
 * customer (BG/NBD P(alive)), what they will probably buy next and their lifetime
 * value. `compact` is the ticket sidebar's version: the figures an agent weighs
 * before answering, without the details.
 */
export function ValueCard({ customerId, compact = false }: { customerId: string; compact?: boolean }) {
  const state = useAsync(() => api.get<CustomerPredictions>(`/customers/${encodeURIComponent(customerId)}/predictions`), [customerId]);
  const p = state.data;

  return (
    <section className="card value-card" aria-label="Value and risk">
      <div className="card-header">
        <h2>Value and risk</h2>
        {p?.asOf && (
          <span className="muted small" title={formatDateTime(p.asOf)}>
            as of {formatAsOf(p.asOf)}
          </span>
        )}
      </div>
      <ErrorMessage message={state.error} onRetry={state.reload} />
      {state.loading && !p ? (
        <Loading />
      ) : p ? (
        // A wrapper, so the customer page's spacing for a card's own paragraphs does not apply twice.
        <div className="value-body">
          <ValueBody p={p} compact={compact} />
        </div>
      ) : null}
    </section>
  );
}

function ValueBody({ p, compact }: { p: CustomerPredictions; compact: boolean }) {
  const need = p.needHelp ? (
    <NeedHelpLine need={p.needHelp} compact={compact} />
  ) : (
    !compact && p.asOf && <p className="value-note need-none">No need-for-help score: nothing in their journey in the last 30 days.</p>
  );
  if (p.purchases === 0) {
    return (
      <>
        {need}
        <p className="context-empty">
          {p.model.status === 'pending'
            ? 'Not computed yet: figures appear after the first refresh (at start-up, then daily).'
            : 'No purchases yet. Figures appear after their first order at the next daily refresh.'}
        </p>
      </>
    );
  }
  const figures: [string, string, string?][] = [
    ['Purchases', p.purchases.toLocaleString()],
    ['Total spend', formatAmount(p.totalSpend, p.currency)],
    ['Next 90 days', p.expectedPurchases === null ? '—' : `${formatExpected(p.expectedPurchases)} expected`],
    ['CLV (12 months)', formatAmount(p.clv, p.currency), 'Expected revenue over the next 12 months, discounted 1% a month'],
  ];
  if (!compact) {
    figures.push(
      ['Expected order value', formatAmount(p.expectedAverageValue, p.currency)],
      ['Last purchase', formatRelative(p.lastPurchaseAt), formatDateTime(p.lastPurchaseAt)],
    );
  }
  return (
    <>
      {need}
      {p.pAlive !== null && p.activity && (
        <div className="value-risk">
          <span className={`badge activity-${p.activity}`}>{ACTIVITY_LABELS[p.activity]}</span>
          <span className="small" title="Probability that the customer is still a customer (BG/NBD model)">
            P(alive) <strong>{formatPercent(p.pAlive)}</strong>
          </span>
        </div>
      )}
      <dl className="context-dates value-figures">
        {figures.map(([label, value, title]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd title={title}>{value}</dd>
          </div>
        ))}
      </dl>
      {p.model.message && p.model.status !== 'fitted' && (
        <p className="value-note">
          {p.pAlive === null ? 'No P(alive) or CLV yet. ' : ''}
          {p.model.message}
        </p>
      )}
      {!compact && p.activity === 'one_time' && (
        <p className="value-note">With one purchase the model cannot yet tell whether they have left: P(alive) stays at 100% until a repeat purchase.</p>
      )}
    </>
  );
}
