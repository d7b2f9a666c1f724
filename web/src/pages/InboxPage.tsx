import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'wouter';
import { api, errorMessage, query } from '../api';
import { Avatar } from '../components/Avatar';
import { EmptyState, ErrorMessage, Loading } from '../components/Feedback';
import { Icon } from '../components/Icon';
import { LiveIndicator } from '../components/LiveIndicator';
import { PageHeader } from '../components/PageHeader';
import { ChannelLabel, PriorityLabel, StatusBadge } from '../components/TicketBadges';
import { formatDateTime, formatRelative } from '../format';
import { useLiveRefetch } from '../live';
import { useMembers } from '../members';
import { useMe } from '../session';
import { INBOX_VIEWS, isInboxView, memberName, OPEN_STATUSES, ticketCustomerName, type InboxView } from '../tickets';
import { useAsync } from '../useAsync';
import { useNow } from '../useNow';
import type { Member, Page, Ticket } from '../types';

const PAGE_SIZE = 50;
/** Counts are exact up to this many tickets, then shown as "100+". */
const COUNT_LIMIT = 100;
const VIEW_KEY = 'touchpoint.inbox.view';

type Counts = Partial<Record<InboxView, string>>;

function viewPath(view: InboxView, limit: number, cursor?: string): string {
  const v = INBOX_VIEWS.find((x) => x.id === view)!;
  return `/tickets${query({ status: v.status.join(','), assignee: v.assignee, sla: v.sla, limit, cursor })}`;
}

function countOf(page: Page<Ticket>): string {
  return page.nextCursor ? `${page.data.length}+` : String(page.data.length);
}

/** The open views' counts: one request while the open tickets fit in it, three beyond. */
async function loadCounts(meId: string): Promise<Counts> {
  const all = await api.get<Page<Ticket>>(`/tickets${query({ status: OPEN_STATUSES.join(','), limit: COUNT_LIMIT })}`);
  if (!all.nextCursor) {
    return {
      open: String(all.data.length),
      mine: String(all.data.filter((t) => t.assigneeId === meId).length),
      unassigned: String(all.data.filter((t) => !t.assigneeId).length),
    };
  }
  const [mine, unassigned] = await Promise.all([api.get<Page<Ticket>>(viewPath('mine', COUNT_LIMIT)), api.get<Page<Ticket>>(viewPath('unassigned', COUNT_LIMIT))]);
  return { open: countOf(all), mine: countOf(mine), unassigned: countOf(unassigned) };
}

function storedView(): InboxView {
  try {
    const v = window.localStorage.getItem(VIEW_KEY);
    return isInboxView(v) ? v : 'open';
  } catch {
    return 'open';
  }
}

export function InboxPage() {
  const me = useMe();
  const canWrite = me.workspace.role !== 'analyst';
  const [params, setParams] = useSearchParams();
  const asked = params.get('view');
  const view: InboxView = isInboxView(asked) ? asked : storedView();
  const members = useMembers();
  const [counts, setCounts] = useState<Counts>({});
  const [more, setMore] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const known = useRef<{ view: InboxView; ids: Set<string> } | null>(null);
  const currentView = useRef(view);
  currentView.current = view;

  const list = useAsync(() => api.get<Page<Ticket>>(viewPath(view, PAGE_SIZE)), [view]);

  useEffect(() => {
    try {
      window.localStorage.setItem(VIEW_KEY, view);
    } catch {
      // private mode: the view is not remembered
    }
  }, [view]);

  const refreshCounts = useCallback(() => {
    loadCounts(me.user.id).then(setCounts, () => undefined);
  }, [me.user.id]);
  useEffect(refreshCounts, [refreshCounts]);

  // Tickets that appear in a view after it was first shown are marked for a moment.
  useEffect(() => {
    if (!list.data) return;
    const ids = new Set(list.data.data.map((t) => t.id));
    const before = known.current;
    if (before && before.view === view) {
      const added = [...ids].filter((id) => !before.ids.has(id));
      if (added.length > 0) setFresh(new Set(added));
    } else {
      setFresh(new Set());
    }
    known.current = { view, ids };
  }, [list.data, view]);

  useEffect(() => {
    if (fresh.size === 0) return;
    const t = window.setTimeout(() => setFresh(new Set()), 4000);
    return () => window.clearTimeout(t);
  }, [fresh]);

  // Live: refetch quietly (no spinner, no dimming), keeping as many rows as were loaded.
  const { setData } = list;
  const loaded = list.data?.data.length ?? 0;
  useLiveRefetch(() => {
    const forView = currentView.current;
    api.get<Page<Ticket>>(viewPath(forView, Math.min(Math.max(PAGE_SIZE, loaded), 1000))).then(
      (page) => {
        if (currentView.current === forView) setData(() => page);
      },
      () => undefined,
    );
    refreshCounts();
  });

  function choose(next: InboxView) {
    setMore({ busy: false, error: null });
    setParams({ view: next });
  }

  async function loadMore() {
    const cursor = list.data?.nextCursor;
    if (!cursor) return;
    setMore({ busy: true, error: null });
    try {
      const next = await api.get<Page<Ticket>>(viewPath(view, PAGE_SIZE, cursor));
      list.setData((current) => ({ data: [...(current?.data ?? []), ...next.data], nextCursor: next.nextCursor }));
      setMore({ busy: false, error: null });
    } catch (err) {
      setMore({ busy: false, error: errorMessage(err) });
    }
  }

  const tickets = list.data?.data ?? [];
  const current = INBOX_VIEWS.find((v) => v.id === view)!;

  return (
    <div className="page wide">
      <PageHeader
        title="Inbox"
        subtitle="Requests from email, the web, calls and the API; most recently updated first."
        actions={
          <>
            <LiveIndicator />
            {canWrite && (
              <>
                <Link href="/tickets/new?channel=phone" className="btn">
                  <Icon name="phone" size={14} /> Log a call
                </Link>
                <Link href="/tickets/new" className="btn primary">
                  <Icon name="plus" size={14} /> New ticket
                </Link>
              </>
            )}
          </>
        }
      />

      <div className="view-tabs" role="tablist" aria-label="Inbox views">
        {INBOX_VIEWS.map((v) => (
          <button
            key={v.id}
            type="button"
            role="tab"
            id={`view-tab-${v.id}`}
            aria-selected={v.id === view}
            aria-controls="inbox-panel"
            className="view-tab"
            onClick={() => choose(v.id)}
          >
            {v.label}
            {counts[v.id] !== undefined && <span className="view-count">{counts[v.id]}</span>}
          </button>
        ))}
      </div>

      <div id="inbox-panel" role="tabpanel" aria-labelledby={`view-tab-${view}`}>
        <ErrorMessage message={list.error} onRetry={list.reload} />
        {list.loading && !list.data ? (
          <Loading label="Loading tickets…" />
        ) : list.data && tickets.length === 0 ? (
          <div className="card">
            <EmptyState
              title={view === 'mine' ? 'Nothing assigned to you' : view === 'unassigned' ? 'All caught up' : view === 'solved' ? 'Nothing solved yet' : view === 'sla' ? 'Nothing at risk' : 'No open tickets'}
            >
              {current.empty}
            </EmptyState>
          </div>
        ) : list.data ? (
          <TicketTable tickets={tickets} members={members.data} fresh={fresh} dimmed={list.loading} showDue={view === 'sla'} />
        ) : null}

        {list.data?.nextCursor && (
          <div className="load-more">
            <ErrorMessage message={more.error} />
            <button type="button" className="btn" onClick={loadMore} disabled={more.busy}>
              {more.busy ? 'Loading…' : 'Load more'}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}

function TicketTable({ tickets, members, fresh, dimmed, showDue }: { tickets: Ticket[]; members: Member[] | undefined; fresh: ReadonlySet<string>; dimmed: boolean; showDue: boolean }) {
  const [, navigate] = useLocation();
  useNow();
  return (
    <div className={`card table-card${dimmed ? ' dimmed' : ''}`}>
      <table className="table ticket-table" aria-label="Tickets">
        <colgroup>
          <col className="w-number" />
          <col />
          <col className="w-customer" />
          <col className="w-status" />
          <col className="w-priority" />
          <col className="w-assignee" />
          <col className="w-updated" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col" className="col-number">
              #
            </th>
            <th scope="col">Subject</th>
            <th scope="col">Customer</th>
            <th scope="col">Status</th>
            <th scope="col">Priority</th>
            <th scope="col">Assignee</th>
            <th scope="col" className="num">
              {showDue ? 'SLA due' : 'Updated'}
            </th>
          </tr>
        </thead>
        <tbody>
          {tickets.map((t) => {
            const assignee = memberName(members, t.assigneeId);
            return (
              <tr
                key={t.id}
                className={`row-link${t.status === 'new' ? ' is-new' : ''}${fresh.has(t.id) ? ' is-fresh' : ''}`}
                onClick={(e) => (e.target as HTMLElement).closest('a') || navigate(`/tickets/${t.id}`)}
              >
                <td className="col-number">
                  <ChannelLabel channel={t.channel} iconOnly />
                  <span className="mono">{t.number}</span>
                </td>
                <td className="col-subject">
                  <div className="subject-line">
                    {t.status === 'new' && <span className="new-dot" title="New: not answered yet" />}
                    <Link href={`/tickets/${t.id}`} className="ticket-subject">
                      {t.subject}
                    </Link>
                    {t.tags.slice(0, 3).map((tag) => (
                      <span key={tag} className="tag">
                        {tag}
                      </span>
                    ))}
                    {t.tags.length > 3 && <span className="muted small">+{t.tags.length - 3}</span>}
                  </div>
                </td>
                <td className="col-customer" title={t.customer.email ?? undefined}>
                  {ticketCustomerName(t)}
                </td>
                <td>
                  <StatusBadge status={t.status} />
                </td>
                <td>
                  <PriorityLabel priority={t.priority} />
                </td>
                <td className="col-assignee">
                  {assignee ? (
                    <span className="assignee">
                      <Avatar id={t.assigneeId!} text={assignee} size="small" />
                      <span>{assignee}</span>
                    </span>
                  ) : t.assigneeId ? (
                    <span className="muted">Someone</span>
                  ) : (
                    <span className="muted">Unassigned</span>
                  )}
                </td>
                {showDue && t.slaDueAt ? (
                  <td className={`num nowrap ${Date.parse(t.slaDueAt) < Date.now() ? 'sla-breached' : 'sla-at-risk'}`} title={formatDateTime(t.slaDueAt)}>
                    <time dateTime={t.slaDueAt}>{Date.parse(t.slaDueAt) < Date.now() ? `breached ${formatRelative(t.slaDueAt, 'short')}` : formatRelative(t.slaDueAt, 'short')}</time>
                  </td>
                ) : (
                  <td className="num nowrap muted" title={formatDateTime(t.updatedAt)}>
                    <time dateTime={t.updatedAt}>{formatRelative(t.updatedAt, 'short')}</time>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
