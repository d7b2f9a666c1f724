import { api } from '../api';
import { formatDateTime, formatRelative } from '../format';
import { KIND_LABELS, scoreTone } from '../feedback';
import { useAsync } from '../useAsync';

interface LatestScore {
  kind: string;
  value: number;
  scale: number;
  at: string;
}

/** "NPS 3, 2 days ago": the customer's latest answer of each kind, so an agent knows how they feel. */
export function LastFeedback({ customerId }: { customerId: string }) {
  const scores = useAsync(() => api.get<{ data: LatestScore[] }>(`/customers/${encodeURIComponent(customerId)}/feedback`).then((r) => r.data), [customerId]);
  if (!scores.data || scores.data.length === 0) return null;
  return (
    <div className="last-feedback">
      <span className="muted small">Last feedback</span>
      <ul aria-label="Last feedback">
        {scores.data.map((s) => (
          <li key={s.kind} className={`score-chip ${scoreTone(s.kind, s.value)}`} title={formatDateTime(s.at)}>
            {KIND_LABELS[s.kind] ?? s.kind} {s.value}
            {s.kind === 'nps' ? '' : `/${s.scale}`} <span className="muted">{formatRelative(s.at, 'short')}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
