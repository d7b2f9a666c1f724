import { api } from '../api';
import { formatDateTime } from '../format';
import { formatAsOf } from '../predictions';
import { productLabel, type CustomerRecommendations, type Recommendation } from '../recommendations';
import { useAsync } from '../useAsync';
import { ErrorMessage, Loading } from './Feedback';

/**
 * "Recommended for this customer": products they have not bought, the ones bought
 * by customers who bought what they bought first, each with why; popular products
 * fill up, said as such.
 */
export function RecommendationsCard({ customerId }: { customerId: string }) {
  const state = useAsync(() => api.get<CustomerRecommendations>(`/customers/${encodeURIComponent(customerId)}/recommendations?limit=5`), [customerId]);
  const r = state.data;

  return (
    <section className="card recommendations-card" aria-label="Recommended for this customer">
      <div className="card-header">
        <h2>Recommended for this customer</h2>
        {r?.refreshedAt && (
          <span className="muted small" title={formatDateTime(r.refreshedAt)}>
            as of {formatAsOf(r.refreshedAt)}
          </span>
        )}
      </div>
      <ErrorMessage message={state.error} onRetry={state.reload} />
      {state.loading && !r ? (
        <Loading />
      ) : r && r.data.length === 0 ? (
        <p className="context-empty">
          {r.refreshedAt ? 'Nothing to recommend: no orders with products yet.' : 'Not computed yet: recommendations appear after the first refresh (at start-up, then daily).'}
        </p>
      ) : r ? (
        <ul className="recommendation-list">
          {r.data.map((item) => (
            <RecommendationItem key={item.sku} item={item} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function RecommendationItem({ item }: { item: Recommendation }) {
  return (
    <li className="recommendation">
      <div className="recommendation-main">
        <span className="recommendation-name" title={item.sku}>
          {productLabel(item)}
        </span>
        {item.score !== null && (
          <span className="muted small" title="Sum of its similarities to what the customer bought (cosine of the buyers, shrunk when few customers bought both)">
            score {item.score.toFixed(2)}
          </span>
        )}
      </div>
      <div className="muted small">
        {item.because
          ? `Because they bought ${productLabel(item.because)}${item.customersBoth ? ` · ${item.customersBoth.toLocaleString()} customers bought both` : ''}`
          : 'Popular with other customers'}
      </div>
    </li>
  );
}
