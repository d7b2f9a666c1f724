import { useState } from 'react';
import { api, errorMessage } from '../api';
import { formatDateTime, formatMoney, formatRelative } from '../format';
import { RECOVERY_KIND_LABELS } from '../recovery';
import { memberName } from '../tickets';
import { useAsync } from '../useAsync';
import type { Member, Recovery, TicketDetail } from '../types';
import { ConfirmButton } from './ConfirmButton';
import { ErrorMessage, Loading } from './Feedback';
import { RecoveryForm } from './RecoveryForm';

/**
 * "Make it right": the service recovery recorded on a ticket (a refund, a
 * replacement, an apology) and its cost. Each one also goes on the ticket's
 * history and the customer's journey, so `onChanged` refreshes the ticket.
 */
export function RecoveryCard({ ticket, members, canWrite, onChanged }: { ticket: TicketDetail; members: Member[] | undefined; canWrite: boolean; onChanged: () => void }) {
  const path = `/tickets/${encodeURIComponent(ticket.id)}/recoveries`;
  const recoveries = useAsync(() => api.get<{ data: Recovery[] }>(path).then((r) => r.data), [path]);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function changed() {
    recoveries.reload();
    onChanged();
  }

  async function remove(r: Recovery) {
    setError(null);
    try {
      await api.del(`${path}/${r.id}`);
      changed();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <section className="card recovery-card" aria-labelledby="recovery-title">
      <div className="card-header">
        <h2 id="recovery-title">Make it right</h2>
        {canWrite && !adding && (
          <button type="button" className="btn small" onClick={() => setAdding(true)}>
            Record
          </button>
        )}
      </div>
      {adding && (
        <RecoveryForm
          onCancel={() => setAdding(false)}
          onSubmit={async (fields) => {
            await api.post(path, fields);
            setAdding(false);
            changed();
          }}
        />
      )}
      <ErrorMessage message={recoveries.error ?? error} onRetry={recoveries.error ? recoveries.reload : undefined} />
      {recoveries.loading && !recoveries.data ? (
        <Loading />
      ) : recoveries.data?.length === 0 ? (
        !adding && <p className="context-empty">Nothing recorded. A refund, a replacement or an apology recorded here goes on the customer’s journey and the recovery report.</p>
      ) : recoveries.data ? (
        <ul className="recoveries" aria-label="Recoveries">
          {recoveries.data.map((r) => (
            <li key={r.id} className="recovery">
              <div className="recovery-head">
                <span className="strong">{RECOVERY_KIND_LABELS[r.kind]}</span>
                {r.cost > 0 && <span className="recovery-cost">{formatMoney(r.cost, r.currency)}</span>}
              </div>
              {r.note && <p className="recovery-note">{r.note}</p>}
              <div className="recovery-meta">
                <span>
                  {memberName(members, r.createdBy) ?? (r.createdBy ? 'Someone' : 'API key')} ·{' '}
                  <time dateTime={r.at} title={formatDateTime(r.at)}>
                    {formatRelative(r.at)}
                  </time>
                </span>
                {canWrite && <ConfirmButton label="Remove" confirmLabel="Remove" ariaLabel={`Remove ${RECOVERY_KIND_LABELS[r.kind].toLowerCase()}`} onConfirm={() => void remove(r)} />}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
