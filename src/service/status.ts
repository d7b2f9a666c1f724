// Ticket statuses and the moves between them: pure, so the rules read in one place.

export const STATUSES = ['new', 'open', 'pending', 'on-hold', 'solved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const CHANNELS = ['email', 'chat', 'phone', 'api', 'web'] as const;
export type TicketChannel = (typeof CHANNELS)[number];

const allowed: Record<Status, readonly Status[]> = {
  new: ['open', 'pending', 'on-hold', 'solved'],
  open: ['pending', 'on-hold', 'solved'],
  pending: ['open', 'on-hold', 'solved'],
  'on-hold': ['open', 'pending', 'solved'],
  // A solved ticket reopens when the customer writes again; closed is final.
  solved: ['open', 'pending', 'closed'],
  closed: [],
};

export function canMove(from: Status, to: Status): boolean {
  return from === to || allowed[from].includes(to);
}

/** What a new message does to the status: a customer writing reopens; an agent's public reply opens a new ticket. */
export function statusAfterMessage(current: Status, author: 'customer' | 'agent' | 'system', isPublic: boolean): Status {
  if (author === 'customer') return current === 'new' ? 'new' : current === 'closed' ? 'closed' : 'open';
  if (author === 'agent' && isPublic && current === 'new') return 'open';
  return current;
}
