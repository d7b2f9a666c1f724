import type { Delivery, Member, Ticket, TicketChannel, TicketPriority, TicketStatus } from './types';

// How tickets read to an agent: labels for statuses, priorities, channels and
// delivery states, and the inbox views.

export const STATUS_LABELS: Record<TicketStatus, string> = {
  new: 'New',
  open: 'Open',
  pending: 'Pending',
  'on-hold': 'On hold',
  solved: 'Solved',
  closed: 'Closed',
};

/** What each status means, as a hint in the status select. */
export const STATUS_HINTS: Record<TicketStatus, string> = {
  new: 'Nobody has answered yet',
  open: 'Waiting on us',
  pending: 'Waiting on the customer',
  'on-hold': 'Waiting on a third party',
  solved: 'Reopens if the customer writes',
  closed: 'Final: no more messages',
};

export const PRIORITY_LABELS: Record<TicketPriority, string> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  urgent: 'Urgent',
};

export const CHANNEL_LABELS: Record<TicketChannel, string> = {
  email: 'Email',
  chat: 'Chat',
  phone: 'Phone',
  api: 'API',
  web: 'Web form',
};

export const DELIVERY_LABELS: Record<Delivery, string> = {
  queued: 'Queued',
  sent: 'Sent',
  outbox: 'In outbox',
  failed: 'Not delivered',
};

export const DELIVERY_HINTS: Record<Delivery, string> = {
  queued: 'Waiting to be emailed',
  sent: 'Emailed to the customer',
  outbox: 'Kept in the outbox: this server has no SMTP_URL to send mail through',
  failed: 'Could not be emailed: the customer has no email address',
};

export const OPEN_STATUSES: TicketStatus[] = ['new', 'open', 'pending', 'on-hold'];

export function isOpen(status: TicketStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

export type InboxView = 'mine' | 'unassigned' | 'open' | 'sla' | 'solved';

export const INBOX_VIEWS: { id: InboxView; label: string; status: TicketStatus[]; assignee?: 'me' | 'none'; sla?: 'at-risk'; empty: string }[] = [
  { id: 'mine', label: 'Mine', status: OPEN_STATUSES, assignee: 'me', empty: 'No open tickets are assigned to you.' },
  { id: 'unassigned', label: 'Unassigned', status: OPEN_STATUSES, assignee: 'none', empty: 'Every open ticket has an owner.' },
  { id: 'open', label: 'All open', status: OPEN_STATUSES, empty: 'No open tickets: new email and web requests land here.' },
  { id: 'sla', label: 'SLA at risk', status: OPEN_STATUSES, sla: 'at-risk', empty: 'No deadline is close: every open ticket is within its SLA.' },
  { id: 'solved', label: 'Solved', status: ['solved', 'closed'], empty: 'No solved tickets yet.' },
];

export function isInboxView(value: string | null): value is InboxView {
  return INBOX_VIEWS.some((v) => v.id === value);
}

/** The customer as a ticket names them: the name, else the email. */
export function ticketCustomerName(t: Pick<Ticket, 'customer'>): string {
  return t.customer.name || t.customer.email || 'Unknown customer';
}

/** A person of the workspace by id, for assignees and message authors. */
export function memberName(members: Member[] | undefined, id: string | null): string | null {
  if (!id) return null;
  const m = members?.find((p) => p.id === id);
  return m ? m.name || m.email : null;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
