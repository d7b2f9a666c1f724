import { useEffect, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'wouter';
import { api, errorMessage, query } from '../api';
import { Avatar } from '../components/Avatar';
import { EmptyState, ErrorMessage, Loading } from '../components/Feedback';
import { Icon } from '../components/Icon';
import { PageHeader } from '../components/PageHeader';
import { useMe } from '../session';
import { customerSubtitle, customerTitle, userIdOf } from '../customer';
import { formatDateTime, formatRelative } from '../format';
import { useAsync } from '../useAsync';
import type { Customer, Page } from '../types';

const PAGE_SIZE = 50;

/** The search as typed, and the same text once the user pauses (what is sent). */
function useDebounced(value: string, ms: number): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = window.setTimeout(() => setDebounced(value), ms);
    return () => window.clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

export function CustomersPage() {
  const isAdmin = useMe().workspace.role === 'admin';
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const q = useDebounced(text.trim(), 250);
  const [more, setMore] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });

  useEffect(() => {
    if ((params.get('q') ?? '') !== q) setParams(q ? { q } : {}, { replace: true });
  }, [q, params, setParams]);

  const list = useAsync(() => api.get<Page<Customer>>(`/customers${query({ q, limit: PAGE_SIZE })}`), [q]);

  async function loadMore() {
    const cursor = list.data?.nextCursor;
    if (!cursor) return;
    setMore({ busy: true, error: null });
    try {
      const next = await api.get<Page<Customer>>(`/customers${query({ q, limit: PAGE_SIZE, cursor })}`);
      list.setData((current) => ({ data: [...(current?.data ?? []), ...next.data], nextCursor: next.nextCursor }));
      setMore({ busy: false, error: null });
    } catch (err) {
      setMore({ busy: false, error: errorMessage(err) });
    }
  }

  const customers = list.data?.data ?? [];
  const stale = text.trim() !== q || list.loading;

  return (
    <div className="page">
      <PageHeader title="Customers" subtitle="Most recently active first. Search by name, email, or an exact user ID, phone or anonymous ID." />
      <div className="toolbar">
        <div className="search">
          <Icon name="search" />
          <label htmlFor="customer-search" className="sr-only">
            Search customers
          </label>
          <input
            id="customer-search"
            type="search"
            placeholder="Search customers by name, email or ID…"
            autoComplete="off"
            spellCheck={false}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <span className="toolbar-meta" aria-live="polite">
          {list.loading ? 'Searching…' : list.data ? `${customers.length.toLocaleString()}${list.data.nextCursor ? '+' : ''} ${customers.length === 1 ? 'customer' : 'customers'}` : ''}
        </span>
      </div>

      <ErrorMessage message={list.error} onRetry={list.reload} />

      {list.loading && !list.data ? (
        <Loading label="Loading customers…" />
      ) : list.data && customers.length === 0 ? (
        q ? (
          <EmptyState title={`No customer matches “${q}”`}>
            Search looks at the start of a name or email, or at an exact user ID, phone number or anonymous ID.
          </EmptyState>
        ) : (
          <EmptyState
            title="No customers yet"
            action={
              isAdmin ? (
                <Link href="/settings/keys" className="btn primary">
                  Create a write key
                </Link>
              ) : undefined
            }
          >
            Customers appear here as soon as your site or app sends events{isAdmin ? ': create a write key and point Segment’s libraries at this server.' : '. An admin can create the write key to send them.'}
          </EmptyState>
        )
      ) : (
        <CustomerTable customers={customers} dimmed={stale} />
      )}

      {list.data?.nextCursor && (
        <div className="load-more">
          <ErrorMessage message={more.error} />
          <button type="button" className="btn" onClick={loadMore} disabled={more.busy}>
            {more.busy ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </div>
  );
}

function CustomerTable({ customers, dimmed }: { customers: Customer[]; dimmed: boolean }) {
  const [, navigate] = useLocation();
  return (
    <div className={`card table-card${dimmed ? ' dimmed' : ''}`}>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Customer</th>
            <th scope="col">Phone</th>
            <th scope="col">User ID</th>
            <th scope="col">First seen</th>
            <th scope="col">Last seen</th>
          </tr>
        </thead>
        <tbody>
          {customers.map((c) => {
            const anonymous = !c.name && !c.email;
            const subtitle = customerSubtitle(c);
            return (
              <tr key={c.id} className="row-link" onClick={(e) => (e.target as HTMLElement).closest('a') || navigate(`/customers/${c.id}`)}>
                <td>
                  <div className="person">
                    <Avatar id={c.id} text={customerTitle(c)} anonymous={anonymous} />
                    <div className="person-text">
                      <Link href={`/customers/${c.id}`} className={`person-name${anonymous ? ' anonymous-name' : ''}`}>
                        {customerTitle(c)}
                      </Link>
                      {subtitle && <span className={`person-sub${anonymous ? ' mono' : ''}`}>{subtitle}</span>}
                    </div>
                  </div>
                </td>
                <td className="nowrap">{c.phone ?? <span className="muted">—</span>}</td>
                <td className="cell-id">
                  {userIdOf(c) ? <span className="mono">{userIdOf(c)}</span> : <span className="muted">—</span>}
                </td>
                <td className="nowrap" title={formatDateTime(c.firstSeenAt)}>
                  {formatDateTime(c.firstSeenAt)}
                </td>
                <td className="nowrap" title={formatDateTime(c.lastSeenAt)}>
                  {formatRelative(c.lastSeenAt)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
