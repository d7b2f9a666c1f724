import { Link } from 'wouter';
import { api, query } from '../api';
import { useMe } from '../session';
import { isOpen } from '../tickets';
import { useAsync } from '../useAsync';
import type { Customer, Page, Ticket } from '../types';
import { ErrorMessage, Loading } from './Feedback';
import { Icon } from './Icon';
import { TicketMiniList } from './TicketMiniList';

const LIMIT = 20;

/** The customer's tickets (found by their email), open ones first. */
export function CustomerTickets({ customer }: { customer: Customer & { email: string } }) {
  const canWrite = useMe().workspace.role !== 'analyst';
  const tickets = useAsync(() => api.get<Page<Ticket>>(`/tickets${query({ customerEmail: customer.email, limit: LIMIT })}`), [customer.email]);
  const all = tickets.data?.data ?? [];
  const sorted = [...all.filter((t) => isOpen(t.status)), ...all.filter((t) => !isOpen(t.status))];
  const newTicket = `/tickets/new${query({ email: customer.email, name: customer.name })}`;

  return (
    <section className="card">
      <div className="card-header">
        <h2>
          Tickets
          {tickets.data && (
            <span className="chip-count">
              {all.length}
              {tickets.data.nextCursor ? '+' : ''}
            </span>
          )}
        </h2>
        {canWrite && (
          <Link href={newTicket} className="btn small ghost">
            <Icon name="plus" size={14} /> New
          </Link>
        )}
      </div>
      <ErrorMessage message={tickets.error} onRetry={tickets.reload} />
      {tickets.loading && !tickets.data ? (
        <Loading />
      ) : tickets.data && all.length === 0 ? (
        <p className="muted small">No tickets yet. Emails from {customer.email}, and tickets opened for them, appear here.</p>
      ) : (
        <TicketMiniList tickets={sorted} label={`Tickets of ${customer.name || customer.email}`} />
      )}
    </section>
  );
}
