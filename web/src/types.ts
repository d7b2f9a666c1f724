// The shapes the management API answers (see src/*/presenters.ts on the server).

export type Role = 'admin' | 'agent' | 'analyst';

export interface WorkspaceRef {
  id: string;
  slug: string;
  name: string;
  role: Role;
}

export interface Me {
  user: { id: string; email: string; name: string };
  workspace: WorkspaceRef;
  workspaces: WorkspaceRef[];
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export type IdentityKind = 'user_id' | 'email' | 'phone' | 'anonymous_id';

export interface Customer {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  traits: Record<string, unknown>;
  identities: { kind: IdentityKind; value: string }[];
  firstSeenAt: string | null;
  lastSeenAt: string | null;
  createdAt: string;
}

export const STAGES = ['pre-purchase', 'purchase', 'post-purchase', 'support', 'loyalty'] as const;
export type Stage = (typeof STAGES)[number];

export const CHANNELS = ['web', 'email', 'phone', 'chat', 'store', 'social', 'review', 'product'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface JourneyEntry {
  id: string;
  at: string;
  kind: string;
  name: string | null;
  touchpoint: string | null;
  touchpointId: string | null;
  stage: Stage | null;
  channel: Channel | null;
  source: string;
  details: Record<string, unknown>;
  ref: { type: string; id: string } | null;
}

export interface TouchpointRule {
  id: string;
  eventKind: string | null;
  eventName: string | null;
  pathPattern: string | null;
  priority: number;
}

export interface Touchpoint {
  id: string;
  name: string;
  stage: Stage;
  channel: Channel;
  description: string | null;
  rules: TouchpointRule[];
}

export interface UnmappedEvent {
  kind: string;
  name: string | null;
  pagePath: string | null;
  count: number;
  lastAt: string;
}

export type KeyType = 'write' | 'secret';

export interface ApiKey {
  id: string;
  type: KeyType;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface Member {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}

// ---- service desk (see src/service/presenters.ts) ----

export const TICKET_STATUSES = ['new', 'open', 'pending', 'on-hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

export const TICKET_CHANNELS = ['email', 'chat', 'phone', 'api', 'web'] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];

export interface Ticket {
  id: string;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  channel: TicketChannel;
  tags: string[];
  customFields: Record<string, unknown>;
  assigneeId: string | null;
  customer: { id: string; name: string | null; email: string | null };
  createdAt: string;
  updatedAt: string;
  firstResponseAt: string | null;
  solvedAt: string | null;
  closedAt: string | null;
}

export type Delivery = 'queued' | 'sent' | 'outbox' | 'failed';

export interface TicketAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface TicketMessage {
  id: string;
  author: 'customer' | 'agent' | 'system';
  authorUserId: string | null;
  public: boolean;
  channel: string;
  body: string;
  /** Sanitised by the server; shown only in a sandboxed frame all the same. */
  html: string | null;
  from: string | null;
  delivery: Delivery | null;
  createdAt: string;
  attachments: TicketAttachment[];
}

export interface TicketEvent {
  type: string;
  actor: { kind: string; id: string | null };
  from: unknown;
  to: unknown;
  at: string;
}

export interface TicketDetail extends Ticket {
  messages: TicketMessage[];
  events: TicketEvent[];
  customerIdentities: { kind: string; value: string }[];
}

/** What the live socket (/api/v1/live) sends. */
export interface LiveEvent {
  type: 'hello' | 'ticket.created' | 'ticket.updated' | 'ticket.message' | (string & {});
  data: { ticketId?: string; number?: number; status?: TicketStatus; subject?: string; assigneeId?: string | null; updatedAt?: string; [key: string]: unknown };
}
