import { api } from '../api';
import type { Segment } from '../outreach';
import { useAsync } from '../useAsync';
import { ErrorMessage } from './Feedback';

/** The segments a customer is in, as chips on their page: who was put in which list, by hand, the API or an outreach rule. */
export function CustomerSegments({ customerId }: { customerId: string }) {
  const segments = useAsync(() => api.get<{ data: Segment[] }>(`/customers/${encodeURIComponent(customerId)}/segments`).then((r) => r.data), [customerId]);
  return (
    <section className="card" aria-labelledby="customer-segments-title">
      <div className="card-header">
        <h2 id="customer-segments-title">Segments</h2>
      </div>
      <ErrorMessage message={segments.error} onRetry={segments.reload} />
      {segments.data?.length === 0 ? (
        <p className="muted small">In no segment.</p>
      ) : (
        <ul className="identity-chips" aria-label="Segments of this customer">
          {(segments.data ?? []).map((s) => (
            <li key={s.id} className="segment-chip" title={s.description ?? undefined}>
              {s.name}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
