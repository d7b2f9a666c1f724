import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { api, query } from '../api';
import { customerTitle, IDENTITY_LABELS } from '../customer';
import { formatDateTime, formatRelative } from '../format';
import { OPEN_STATUSES } from '../tickets';
import { useAsync } from '../useAsync';
import type { Customer, JourneyEntry, Page, Ticket, TicketDetail } from '../types';
import { Avatar } from './Avatar';
import { ErrorMessage, Loading } from './Feedback';
import { Icon } from './Icon';
import { LastFeedback } from './LastFeedback';
import { entryTitle } from './JourneyEntryItem';
import { StageBadge, stageClass } from './StageBadge';
import { TicketMiniList } from './TicketMiniList';
import { ValueCard } from './ValueCard';

const JOURNEY_LIMIT = 20;

/** Service entries say what happened ("Customer wrote on #12"); others are named by their touchpoint. */
function miniTitle(e: JourneyEntry): string {
  return e.source === 'service' && e.name ? e.name : entryTitle(e);
}

function miniDetail(e: JourneyEntry): string | null {
  if (e.source === 'service') return null;
  const title = miniTitle(e);
  if (e.touchpoint && e.touchpoint !== title) return e.touchpoint;
  return e.name && e.name !== title ? e.name : null;
}

/** The entries of the ticket being read: its opening, its messages, its solving. */
function isThisTicket(e: JourneyEntry, ticket: TicketDetail): boolean {
  if (!e.ref) return false;
  if (e.ref.type === 'ticket') return e.ref.id === ticket.id;
  return e.ref.type === 'ticket_message' && ticket.messages.some((m) => m.id === e.ref!.id);
}

/**
 * Who the agent is answering, before they answer: the customer, their other open
 * tickets and their recent journey. `version` changes when the ticket does, so the
 * journey (which records messages) follows. `children` go right under the customer.
 */
export function CustomerContext({ ticket, version, children }: { ticket: TicketDetail; version: number; children?: ReactNode }) {
  const customerId = ticket.customer.id;
  const email = ticket.customer.email;
  const customer = useAsync(() => api.get<Customer>(`/customers/${encodeURIComponent(customerId)}`), [customerId]);
  const journey = useAsync(
    () => api.get<Page<JourneyEntry>>(`/customers/${encodeURIComponent(customerId)}/journey${query({ order: 'desc', limit: JOURNEY_LIMIT })}`),
    [customerId, version],
  );
  const others = useAsync(
    () =>
      email
        ? api.get<Page<Ticket>>(`/tickets${query({ customerEmail: email, status: OPEN_STATUSES.join(','), limit: 20 })}`)
        : Promise.resolve<Page<Ticket>>({ data: [], nextCursor: null }),
    [email, version],
  );

  const c = customer.data;
  const identities = c?.identities ?? ticket.customerIdentities;
  const name = c ? customerTitle(c) : ticket.customer.name || ticket.customer.email || 'Customer';
  const otherOpen = (others.data?.data ?? []).filter((t) => t.id !== ticket.id);

  return (
    <aside className="customer-context" aria-label="Customer">
      <section className="card">
        <div className="context-person">
          <Avatar id={customerId} text={name} />
          <div className="person-text">
            <Link href={`/customers/${customerId}`} className="person-name context-name">
              {name}
            </Link>
            {(c?.email ?? email) && name !== (c?.email ?? email) && <span className="person-sub">{c?.email ?? email}</span>}
            {c?.phone && <span className="person-sub">{c.phone}</span>}
          </div>
        </div>
        <ErrorMessage message={customer.error} onRetry={customer.reload} />
        {identities.length > 0 && (
          <ul className="identity-chips context-identities" aria-label="Identities">
            {identities.map((i) => (
              <li key={`${i.kind}:${i.value}`} className="identity-chip" title={`${IDENTITY_LABELS[i.kind] ?? i.kind}: ${i.value}`}>
                <span className="identity-kind">{IDENTITY_LABELS[i.kind] ?? i.kind}</span>
                <span className="identity-value">{i.value}</span>
              </li>
            ))}
          </ul>
        )}
        {c && (
          <dl className="context-dates">
            <div>
              <dt>Last seen</dt>
              <dd title={formatDateTime(c.lastSeenAt)}>{formatRelative(c.lastSeenAt)}</dd>
            </div>
            <div>
              <dt>Customer since</dt>
              <dd title={formatDateTime(c.firstSeenAt ?? c.createdAt)}>{formatRelative(c.firstSeenAt ?? c.createdAt)}</dd>
            </div>
          </dl>
        )}
        <LastFeedback customerId={customerId} />
        <div className="context-link">
          <Link href={`/customers/${customerId}`}>
            Full profile and journey <Icon name="chevron" size={12} />
          </Link>
        </div>
      </section>

      {children}

      <ValueCard customerId={customerId} compact />

      {email && (
        <section className="card">
          <div className="card-header">
            <h2>Other open tickets</h2>
            {others.data && <span className="chip-count">{otherOpen.length}</span>}
          </div>
          <ErrorMessage message={others.error} onRetry={others.reload} />
          {others.loading && !others.data ? (
            <Loading />
          ) : otherOpen.length === 0 ? (
            <p className="context-empty">None: this is their only open request.</p>
          ) : (
            <TicketMiniList tickets={otherOpen} label="Other open tickets" />
          )}
        </section>
      )}

      <section className="card">
        <div className="card-header">
          <h2>Recent journey</h2>
          <span className="muted small">Newest first</span>
        </div>
        <ErrorMessage message={journey.error} onRetry={journey.reload} />
        {journey.loading && !journey.data ? (
          <Loading label="Loading the journey…" />
        ) : journey.data && journey.data.data.length === 0 ? (
          <p className="context-empty">Nothing yet besides this ticket.</p>
        ) : journey.data ? (
          <>
            <ol className="mini-journey" aria-label="Recent journey">
              {journey.data.data.map((e) => (
                <li key={e.id} className={`mini-entry ${stageClass(e.stage)}${isThisTicket(e, ticket) ? ' this-ticket' : ''}`}>
                  <span className="mini-entry-dot" aria-hidden="true" />
                  <div className="mini-entry-body">
                    <span className="mini-entry-title">{miniTitle(e)}</span>
                    {miniDetail(e) && <span className="mini-entry-detail">{miniDetail(e)}</span>}
                    <span className="mini-entry-meta">
                      {e.stage && <StageBadge stage={e.stage} />}
                      <time dateTime={e.at} title={formatDateTime(e.at)}>
                        {formatRelative(e.at)}
                      </time>
                    </span>
                  </div>
                </li>
              ))}
            </ol>
            {journey.data.nextCursor && (
              <div className="context-link">
                <Link href={`/customers/${customerId}`}>
                  Older entries on the profile <Icon name="chevron" size={12} />
                </Link>
              </div>
            )}
          </>
        ) : null}
      </section>
    </aside>
  );
}
