import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Link } from 'wouter';
import { api, errorMessage } from '../api';
import { Composer } from '../components/Composer';
import { Conversation } from '../components/Conversation';
import { CustomerContext } from '../components/CustomerContext';
import { RecoveryCard } from '../components/RecoveryCard';
import { EmptyState, ErrorMessage, Loading, Notice } from '../components/Feedback';
import { Icon } from '../components/Icon';
import { LiveIndicator } from '../components/LiveIndicator';
import { TagsEditor } from '../components/TagsEditor';
import { ChannelLabel, StatusBadge } from '../components/TicketBadges';
import { TicketHistory } from '../components/TicketHistory';
import { TriageNote } from '../components/TriageNote';
import { formatDateTime, formatRelative } from '../format';
import { useLiveRefetch } from '../live';
import { assignable, memberLabel, useMembers } from '../members';
import { useTeams } from '../routing';
import { useMe } from '../session';
import { PRIORITY_LABELS, STATUS_HINTS, STATUS_LABELS } from '../tickets';
import type { TriagePrediction } from '../triage';
import { useAsync } from '../useAsync';
import { useNow } from '../useNow';
import { TICKET_PRIORITIES, TICKET_STATUSES, type Member, type Team, type Ticket, type TicketDetail, type TicketPriority, type TicketStatus } from '../types';

type Patch = { status?: TicketStatus; priority?: TicketPriority; teamId?: string | null; assigneeId?: string | null; tags?: string[] };

/** While a reply waits to be emailed, its state is checked this often (the mail job does not announce it). */
const DELIVERY_POLL_MS = 1000;
const DELIVERY_POLL_MAX = 60;

export function TicketPage({ id }: { id: string }) {
  const ticket = useAsync(() => api.get<TicketDetail>(`/tickets/${encodeURIComponent(id)}`), [id]);
  const members = useMembers();
  const teams = useTeams();
  const [version, setVersion] = useState(0);
  const polls = useRef(0);
  useNow();

  const { setData } = ticket;
  /** Refetches without a spinner: live changes, our own changes, delivery states. */
  const refresh = useCallback(async () => {
    try {
      const fresh = await api.get<TicketDetail>(`/tickets/${encodeURIComponent(id)}`);
      setData(() => fresh);
      setVersion((v) => v + 1);
    } catch {
      // the next change or a reload tries again; the page keeps what it shows
    }
  }, [id, setData]);

  useLiveRefetch(() => void refresh(), (e) => e.data.ticketId === id);

  const queued = ticket.data?.messages.some((m) => m.delivery === 'queued') ?? false;
  useEffect(() => {
    if (!queued) {
      polls.current = 0;
      return;
    }
    if (polls.current >= DELIVERY_POLL_MAX) return;
    const t = window.setTimeout(() => {
      polls.current += 1;
      void refresh();
    }, DELIVERY_POLL_MS);
    return () => window.clearTimeout(t);
  }, [queued, ticket.data, refresh]);

  return (
    <div className="page wide">
      <Link href="/inbox" className="back-link">
        <Icon name="back" size={14} /> Inbox
      </Link>
      {ticket.loading && !ticket.data ? (
        <Loading label="Loading the ticket…" />
      ) : ticket.error && !ticket.data ? (
        ticket.errorStatus === 404 ? (
          <EmptyState
            title="Ticket not found"
            action={
              <Link href="/inbox" className="btn">
                Back to the inbox
              </Link>
            }
          >
            No ticket of this workspace has this ID.
          </EmptyState>
        ) : (
          <ErrorMessage message={ticket.error} onRetry={ticket.reload} />
        )
      ) : ticket.data ? (
        <TicketView
          ticket={ticket.data}
          members={members.data}
          teams={teams.data}
          version={version}
          onChanged={(updated) => {
            if (updated) setData((current) => (current ? { ...current, ...updated } : current));
            return refresh();
          }}
        />
      ) : null}
    </div>
  );
}

function TicketView({
  ticket: t,
  members,
  teams,
  version,
  onChanged,
}: {
  ticket: TicketDetail;
  members: Member[] | undefined;
  teams: Team[] | undefined;
  version: number;
  onChanged: (updated?: Ticket) => Promise<void>;
}) {
  const me = useMe();
  const id = useId();
  const canWrite = me.workspace.role !== 'analyst';
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const closed = t.status === 'closed';

  async function update(patch: Patch) {
    setBusy(true);
    setError(null);
    try {
      const updated = await api.patch<Ticket>(`/tickets/${encodeURIComponent(t.id)}`, patch);
      await onChanged(updated);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  // Triage predicts after the ticket arrives (a background job), so it is asked again with each change.
  const triage = useAsync(
    () => api.get<{ prediction: TriagePrediction | null }>(`/insights/triage/tickets/${encodeURIComponent(t.id)}`).then((r) => r.prediction),
    [t.id, version],
  );
  // The assignee may have left (deactivated, removed): shown by name, but not offered to others.
  const assignee = members?.find((m) => m.id === t.assigneeId);

  return (
    <>
      <header className="ticket-header">
        <div className="ticket-title">
          <h1>{t.subject}</h1>
          <div className="ticket-meta">
            <span className="mono">#{t.number}</span>
            <StatusBadge status={t.status} />
            <ChannelLabel channel={t.channel} />
            <span title={formatDateTime(t.createdAt)}>Opened {formatRelative(t.createdAt)}</span>
            {t.firstResponseAt && <span title={formatDateTime(t.firstResponseAt)}>First reply {formatRelative(t.firstResponseAt)}</span>}
            {t.solvedAt && (t.status === 'solved' || t.status === 'closed') && <span title={formatDateTime(t.solvedAt)}>Solved {formatRelative(t.solvedAt)}</span>}
          </div>
        </div>
        <div className="page-actions">
          <LiveIndicator />
          {canWrite && !closed && t.status !== 'solved' && (
            <button type="button" className="btn primary" disabled={busy} onClick={() => update({ status: 'solved' })}>
              <Icon name="check" size={14} /> Solve
            </button>
          )}
          {canWrite && t.status === 'solved' && (
            <button type="button" className="btn" disabled={busy} onClick={() => update({ status: 'open' })}>
              Reopen
            </button>
          )}
        </div>
      </header>

      <div className="ticket-layout">
        <div className="ticket-main">
          <section className="card ticket-props" aria-label="Ticket properties">
            <div className="field">
              <label htmlFor={`${id}-status`}>Status</label>
              <select id={`${id}-status`} value={t.status} disabled={!canWrite || busy || closed} onChange={(e) => update({ status: e.target.value as TicketStatus })}>
                {TICKET_STATUSES.map((s) => (
                  <option key={s} value={s} title={STATUS_HINTS[s]}>
                    {STATUS_LABELS[s]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-priority`}>Priority</label>
              <select id={`${id}-priority`} value={t.priority} disabled={!canWrite || busy} onChange={(e) => update({ priority: e.target.value as TicketPriority })}>
                {TICKET_PRIORITIES.map((p) => (
                  <option key={p} value={p}>
                    {PRIORITY_LABELS[p]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-team`}>Team</label>
              <select id={`${id}-team`} value={t.teamId ?? ''} disabled={!canWrite || busy || !teams} onChange={(e) => update({ teamId: e.target.value || null })}>
                <option value="">No team</option>
                {(teams ?? []).map((team) => (
                  <option key={team.id} value={team.id}>
                    {team.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <div className="field-label-row">
                <label htmlFor={`${id}-assignee`}>Assignee</label>
                {canWrite && t.assigneeId !== me.user.id && (
                  <button type="button" className="link-button" disabled={busy} onClick={() => update({ assigneeId: me.user.id })}>
                    Assign to me
                  </button>
                )}
              </div>
              <select
                id={`${id}-assignee`}
                value={t.assigneeId ?? ''}
                disabled={!canWrite || busy}
                onChange={(e) => update({ assigneeId: e.target.value || null })}
              >
                <option value="">Unassigned</option>
                {t.assigneeId && assignee?.status !== 'active' && <option value={t.assigneeId}>{assignee ? memberLabel(assignee) : 'Someone else'}</option>}
                {assignable(members).map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name || m.email}
                    {m.id === me.user.id ? ' (you)' : ''}
                  </option>
                ))}
              </select>
            </div>
            <div className="field grow">
              <span className="field-label">Tags</span>
              <TagsEditor tags={t.tags} disabled={!canWrite || busy} onChange={(tags) => update({ tags })} />
            </div>
          </section>
          <ErrorMessage message={error} />
          {triage.data && <TriageNote prediction={triage.data} />}

          <Conversation ticket={t} members={members} />

          {closed ? (
            <Notice>
              This ticket is closed, so it takes no more messages.{' '}
              {canWrite && t.customer.email && (
                <Link href={`/tickets/new?email=${encodeURIComponent(t.customer.email)}&name=${encodeURIComponent(t.customer.name ?? '')}&subject=${encodeURIComponent(`Follow-up: ${t.subject}`)}`}>
                  Open a follow-up ticket
                </Link>
              )}
            </Notice>
          ) : canWrite ? (
            <Composer
              key={t.id}
              ticket={t}
              names={{ members, teams }}
              onSent={async (solve) => {
                if (solve) await update({ status: 'solved' });
                else await onChanged();
              }}
            />
          ) : (
            <p className="muted small">Your role can read tickets; agents and admins answer them.</p>
          )}

          <TicketHistory ticket={t} members={members} teams={teams} triage={triage.data} />
        </div>
        <CustomerContext ticket={t} version={version}>
          <RecoveryCard ticket={t} members={members} canWrite={canWrite} onChanged={() => void onChanged()} />
        </CustomerContext>
      </div>
    </>
  );
}
