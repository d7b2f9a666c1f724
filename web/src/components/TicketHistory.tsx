import { useId, useState } from 'react';
import { formatDateTime, formatMoney, formatPercent, formatRelative, formatValue } from '../format';
import { RECOVERY_KIND_LABELS } from '../recovery';
import { CHANNEL_LABELS, memberName, PRIORITY_LABELS, STATUS_LABELS, ticketCustomerName } from '../tickets';
import type { TriagePrediction } from '../triage';
import type { Member, Team, TicketDetail, TicketEvent } from '../types';
import { Icon } from './Icon';

function label(map: Record<string, string>, value: unknown): string {
  return typeof value === 'string' ? (map[value] ?? value) : formatValue(value);
}

function asTags(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/** "refund (€12.50)" from a recovery event's value. */
function recoveryText(value: unknown): string {
  const r = (value ?? {}) as { kind?: string; cost?: number; currency?: string };
  const kind = label(RECOVERY_KIND_LABELS, r.kind).toLowerCase();
  return r.cost && r.currency ? `${kind} (${formatMoney(r.cost, r.currency)})` : kind;
}

/** Who else is named in events: people, teams, and what triage predicted (for its confidence). */
interface Names {
  members: Member[] | undefined;
  teams: Team[] | undefined;
  triage: TriagePrediction | null | undefined;
}

const byTriage = (e: TicketEvent) => e.actor.kind === 'system' && e.actor.id === 'triage';

function describe(e: TicketEvent, { members, teams, triage }: Names): string {
  const to = e.to as Record<string, unknown> | string | null;
  // Triage's own change reads as what it predicted, with how sure it was.
  const sure = byTriage(e) && triage ? ` (${formatPercent(triage.confidence)})` : '';
  switch (e.type) {
    case 'created': {
      const channel = typeof to === 'object' && to ? to.channel : null;
      return channel ? `Opened via ${label(CHANNEL_LABELS, channel)}` : 'Opened';
    }
    case 'message': {
      const author = typeof to === 'object' && to ? to.author : null;
      return author === 'customer' ? 'Customer wrote' : 'Replied';
    }
    case 'note':
      return 'Added an internal note';
    case 'status':
      return `Status ${label(STATUS_LABELS, e.from)} → ${label(STATUS_LABELS, e.to)}`;
    case 'priority':
      return `Priority ${label(PRIORITY_LABELS, e.from)} → ${label(PRIORITY_LABELS, e.to)}`;
    case 'assigneeId': {
      if (!e.to) return 'Unassigned';
      return `Assigned to ${memberName(members, String(e.to)) ?? 'someone'}`;
    }
    case 'subject':
      return `Subject changed to “${formatValue(e.to)}”`;
    case 'tags': {
      const before = asTags(e.from);
      const after = asTags(e.to);
      const added = after.filter((t) => !before.includes(t));
      const removed = before.filter((t) => !after.includes(t));
      const parts = [added.length ? `added ${added.join(', ')}` : '', removed.length ? `removed ${removed.join(', ')}` : ''].filter(Boolean);
      return parts.length ? `Tags: ${parts.join('; ')}` : 'Tags changed';
    }
    case 'customFields':
      return byTriage(e) && triage?.field ? `Set ${triage.field} to ${triage.label}${sure}` : 'Custom fields changed';
    case 'teamId':
      if (!e.to) return 'Team removed';
      return `Team set to ${teams?.find((t) => t.id === e.to)?.name ?? 'another team'}${sure}`;
    case 'recovery':
      return `Recorded ${recoveryText(e.to)}`;
    case 'recovery.removed':
      return `Removed ${recoveryText(e.from)}`;
    default:
      return e.type;
  }
}

function actorName(e: TicketEvent, ticket: TicketDetail, members: Member[] | undefined): string {
  switch (e.actor.kind) {
    case 'agent':
      return memberName(members, e.actor.id) ?? 'An agent';
    case 'customer':
      return ticketCustomerName(ticket);
    case 'key':
      return 'API key';
    default:
      return e.actor.id === 'routing' ? 'Routing' : e.actor.id === 'triage' ? 'Triage' : 'Touchpoint';
  }
}

/** Every change of the ticket, newest first; collapsed until asked for. */
export function TicketHistory({ ticket, members, teams, triage }: { ticket: TicketDetail } & Names) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  const events = [...ticket.events].reverse();
  return (
    <section className="card history-card">
      <div className="card-header">
        <h2>
          <button type="button" className="history-toggle" aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)}>
            <span className={`chevron${open ? ' open' : ''}`}>
              <Icon name="chevron" size={14} />
            </span>
            History
            <span className="chip-count">{events.length}</span>
          </button>
        </h2>
        <span className="muted small">Every change, by whom and when</span>
      </div>
      {open && (
        <ol id={listId} className="history" aria-label="History">
          {events.map((e, i) => (
            <li key={`${e.at}-${i}`} className={`history-item history-${e.type}`}>
              <span className="history-what">{describe(e, { members, teams, triage })}</span>
              <span className="history-who">{actorName(e, ticket, members)}</span>
              <time className="history-when" dateTime={e.at} title={formatRelative(e.at)}>
                {formatDateTime(e.at)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
