import { Link } from 'wouter';
import { formatDateTime, formatRelative } from '../format';
import type { Ticket } from '../types';
import { StatusBadge } from './TicketBadges';

/** A short list of tickets for a side card: number, subject, status, last update. */
export function TicketMiniList({ tickets, label }: { tickets: Ticket[]; label: string }) {
  return (
    <ul className="mini-tickets" aria-label={label}>
      {tickets.map((t) => (
        <li key={t.id} className={`mini-ticket${t.status === 'new' ? ' is-new' : ''}`}>
          <Link href={`/tickets/${t.id}`} className="mini-ticket-subject">
            <span className="mini-ticket-number">#{t.number}</span> {t.subject}
          </Link>
          <span className="mini-ticket-meta">
            <StatusBadge status={t.status} />
            <time dateTime={t.updatedAt} title={formatDateTime(t.updatedAt)}>
              {formatRelative(t.updatedAt)}
            </time>
          </span>
        </li>
      ))}
    </ul>
  );
}
