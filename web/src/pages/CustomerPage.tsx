import { Link } from 'wouter';
import { api } from '../api';
import { Avatar } from '../components/Avatar';
import { CustomerSegments } from '../components/CustomerSegments';
import { CustomerTickets } from '../components/CustomerTickets';
import { EmptyState, ErrorMessage, Loading } from '../components/Feedback';
import { Icon } from '../components/Icon';
import { JourneyTimeline } from '../components/JourneyTimeline';
import { KeyValueTable } from '../components/KeyValueTable';
import { RecommendationsCard } from '../components/RecommendationsCard';
import { ValueCard } from '../components/ValueCard';
import { customerTitle, firstAnonymousId, IDENTITY_LABELS } from '../customer';
import { formatDateTime, formatRelative } from '../format';
import { useAsync } from '../useAsync';
import type { Customer } from '../types';

export function CustomerPage({ id }: { id: string }) {
  const customer = useAsync(() => api.get<Customer>(`/customers/${encodeURIComponent(id)}`), [id]);

  return (
    <div className="page">
      <Link href="/customers" className="back-link">
        <Icon name="back" size={14} /> Customers
      </Link>
      {customer.loading && !customer.data ? (
        <Loading label="Loading the customer…" />
      ) : customer.error ? (
        customer.errorStatus === 404 ? (
          <EmptyState
            title="Customer not found"
            action={
              <Link href="/customers" className="btn">
                Back to customers
              </Link>
            }
          >
            No customer of this workspace has this ID. Search for them from the customer list.
          </EmptyState>
        ) : (
          <ErrorMessage message={customer.error} onRetry={customer.reload} />
        )
      ) : customer.data ? (
        <CustomerView customer={customer.data} />
      ) : null}
    </div>
  );
}

function CustomerView({ customer: c }: { customer: Customer }) {
  const anonymous = !c.name && !c.email;
  const anonymousId = firstAnonymousId(c);
  return (
    <>
      <header className="profile-header">
        <Avatar id={c.id} text={customerTitle(c)} anonymous={anonymous} size="large" />
        <div className="profile-main">
          <h1>{customerTitle(c)}</h1>
          <div className="profile-contact">
            {c.name && c.email && <span>{c.email}</span>}
            {c.phone && <span>{c.phone}</span>}
            {anonymous && anonymousId && <span className="mono">{anonymousId}</span>}
          </div>
        </div>
        <dl className="profile-dates">
          <div>
            <dt>First seen</dt>
            <dd title={formatDateTime(c.firstSeenAt)}>{formatDateTime(c.firstSeenAt)}</dd>
          </div>
          <div>
            <dt>Last seen</dt>
            <dd title={formatDateTime(c.lastSeenAt)}>{formatRelative(c.lastSeenAt)}</dd>
          </div>
        </dl>
      </header>

      <div className="customer-layout">
        <JourneyTimeline customerId={c.id} />
        <aside className="customer-side">
          <ValueCard customerId={c.id} />
          <RecommendationsCard customerId={c.id} />
          {c.email && <CustomerTickets customer={{ ...c, email: c.email }} />}
          <CustomerSegments customerId={c.id} />
          <section className="card">
            <div className="card-header">
              <h2>Identities</h2>
            </div>
            {c.identities.length === 0 ? (
              <p className="muted small">No identities.</p>
            ) : (
              <ul className="identity-chips" aria-label="Identities">
                {c.identities.map((i) => (
                  <li key={`${i.kind}:${i.value}`} className="identity-chip" title={`${IDENTITY_LABELS[i.kind] ?? i.kind}: ${i.value}`}>
                    <span className="identity-kind">{IDENTITY_LABELS[i.kind] ?? i.kind}</span>
                    <span className="identity-value">{i.value}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="card">
            <div className="card-header">
              <h2>Traits</h2>
            </div>
            <KeyValueTable values={c.traits} label="Traits" empty="No traits yet. They come from identify calls." />
          </section>
          <section className="card">
            <div className="card-header">
              <h2>Profile</h2>
            </div>
            <KeyValueTable
              label="Profile"
              values={{ 'Customer ID': c.id, Created: formatDateTime(c.createdAt), 'First seen': formatDateTime(c.firstSeenAt), 'Last seen': formatDateTime(c.lastSeenAt) }}
            />
          </section>
        </aside>
      </div>
    </>
  );
}
