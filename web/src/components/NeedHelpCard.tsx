import { Link } from 'wouter';
import { customerTitle } from '../customer';
import { api, query } from '../api';
import { formatDateTime, plural } from '../format';
import type { HelpModel, NeedHelp } from '../predictions';
import type { Page } from '../types';
import { useAsync } from '../useAsync';
import { EmptyState, ErrorMessage, Loading } from './Feedback';
import { NeedHelpLine } from './NeedHelpLine';

interface RankedNeed {
  customer: { id: string; name: string | null; email: string | null };
  needHelp: NeedHelp;
}

/** Whether the score is this workspace's own and how well it ranked, so a reader knows how far to trust it. */
function modelLine(m: HelpModel | null): string {
  if (!m) return 'Not computed yet: the score is refreshed daily.';
  const when = `Updated ${formatDateTime(m.refreshedAt)}.`;
  // The server's message says why preset weights are used (how many contacts are still missing).
  if (m.status === 'prior') return `${m.message ?? 'Preset weights, until this workspace has enough contacts to learn from.'} ${when}`;
  const auc = m.auc === null ? '' : `; it ranked the newest week with an AUC of ${m.auc.toFixed(2)} (0.5 is chance)`;
  return `Learned from ${plural(m.examples, 'customer-week')} of this workspace, ${m.contacts.toLocaleString()} followed by a ticket${auc}. ${when}`;
}

/** The customers most likely to write to support soon, and why: the ones to reach first. */
export function NeedHelpCard() {
  const ranked = useAsync(() => api.get<Page<RankedNeed>>(`/predictions/need-help${query({ limit: 10 })}`), []);
  const model = useAsync(() => api.get<HelpModel | null>('/predictions/need-help/model'), []);

  return (
    <section className="card" aria-labelledby="need-help-title">
      <div className="card-header">
        <h2 id="need-help-title">Who may need help</h2>
      </div>
      {model.data !== undefined && <p className="hint card-hint">{modelLine(model.data)}</p>}
      <ErrorMessage message={ranked.error ?? model.error} onRetry={ranked.error ? ranked.reload : model.reload} />
      {ranked.loading && !ranked.data ? (
        <Loading />
      ) : ranked.data?.data.length === 0 ? (
        <EmptyState title="Nobody to score">Customers with something in their journey in the last 30 days get a score at the daily refresh.</EmptyState>
      ) : (
        <ul className="rule-list" aria-label="Customers who may need help">
          {(ranked.data?.data ?? []).map((r) => (
            <li key={r.customer.id} className="rule-item">
              <Link href={`/customers/${r.customer.id}`} className="rule-item-name">
                {customerTitle(r.customer)}
              </Link>
              <NeedHelpLine need={r.needHelp} compact={false} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
