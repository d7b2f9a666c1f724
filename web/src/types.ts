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

/** Events acknowledged by the ingestion API and not yet placed on a journey (GET /journeys/backlog). */
export interface EnrichmentBacklog {
  pending: number;
  /** The count stops at 10,000. */
  capped: boolean;
  oldestReceivedAt: string | null;
  lagSeconds: number;
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

/** Deactivated: may not log in until reactivated. Removed: no longer a member (kept for names on past work). */
export type MemberStatus = 'active' | 'deactivated' | 'removed';

export interface Member {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: MemberStatus;
  createdAt: string;
}

/** How long a workspace's sessions last (see src/workspaces/presenters.ts). */
export interface SessionPolicy {
  idleHours: number;
  maxHours: number;
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
  teamId: string | null;
  customer: { id: string; name: string | null; email: string | null };
  createdAt: string;
  updatedAt: string;
  firstResponseAt: string | null;
  solvedAt: string | null;
  closedAt: string | null;
  /** The next SLA deadline to meet; past once breached. */
  slaDueAt: string | null;
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
  /** Inbound email: the quoted thread and signature the server cut from the body. */
  trimmed: string | null;
  /** Sanitised by the server; shown only in a sandboxed frame all the same. */
  html: string | null;
  from: string | null;
  delivery: Delivery | null;
  call: CallDetails | null;
  /** A customer message's sentiment, once the server has read it. */
  sentiment: Sentiment | null;
  createdAt: string;
  attachments: TicketAttachment[];
}

export type CallDirection = 'inbound' | 'outbound';
export type CallOutcome = 'resolved' | 'follow-up' | 'callback-requested' | 'voicemail' | 'no-answer' | 'transferred';

export interface CallDetails {
  direction: CallDirection;
  durationSeconds: number;
  outcome: CallOutcome;
  phone?: string | null;
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

// ---- routing (see src/service/routing/presenters.ts) ----

export const TEAM_ROUTINGS = ['round-robin', 'load', 'manual'] as const;
export type TeamRouting = (typeof TEAM_ROUTINGS)[number];

export interface Team {
  id: string;
  name: string;
  routing: TeamRouting;
  members: { userId: string; name: string; lastAssignedAt: string | null }[];
  createdAt: string;
}

export const AVAILABILITIES = ['online', 'away', 'offline'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

export interface Agent {
  userId: string;
  name: string;
  email: string;
  role: 'admin' | 'agent';
  availability: Availability;
  capacity: number;
  /** Open tickets (new or open) assigned now. */
  load: number;
  teamIds: string[];
}

// ---- macros and automations (see src/service/automation/rules.ts) ----

export type EqualityOp = 'is' | 'is-not';
export type TextOp = EqualityOp | 'contains' | 'not-contains';
export type MessageAuthor = 'customer' | 'agent' | 'system';

export type Condition =
  | { field: 'status'; op: EqualityOp; value: TicketStatus }
  | { field: 'priority'; op: EqualityOp; value: TicketPriority }
  | { field: 'channel'; op: EqualityOp; value: TicketChannel }
  | { field: 'tag'; op: EqualityOp; value: string }
  | { field: 'team' | 'assignee'; op: EqualityOp; value: string | null }
  | { field: 'subject' | 'message' | 'customerEmail'; op: TextOp; value: string }
  | { field: 'author'; op: EqualityOp; value: MessageAuthor };
export type ConditionField = Condition['field'];

export type Action =
  | { type: 'set-status'; value: TicketStatus }
  | { type: 'set-priority'; value: TicketPriority }
  | { type: 'add-tags' | 'remove-tags'; value: string[] }
  | { type: 'assign' | 'set-team'; value: string | null }
  | { type: 'reply'; value: string; public: boolean };
export type ActionType = Action['type'];

export interface Macro {
  id: string;
  name: string;
  /** May hold placeholders such as {{customer.first_name}}. */
  reply: string | null;
  replyPublic: boolean;
  actions: Action[];
  updatedAt: string;
}

/** A macro on one ticket: its reply with the placeholders filled, and the fields it would change. */
export interface MacroPreview {
  reply: string | null;
  replyPublic: boolean;
  changes: { status?: TicketStatus; priority?: TicketPriority; assigneeId?: string | null; teamId?: string | null; tags?: string[] };
}

export const TRIGGERS = ['ticket.created', 'ticket.updated', 'message.created'] as const;
export type Trigger = (typeof TRIGGERS)[number];

export interface Automation {
  id: string;
  name: string;
  trigger: Trigger;
  conditions: Condition[];
  actions: Action[];
  enabled: boolean;
  /** Automations of a trigger run in ascending position. */
  position: number;
  updatedAt: string;
}

// ---- service recovery (see src/service/recovery/routes.ts) ----

export const RECOVERY_KINDS = ['replacement', 'refund', 'discount', 'credit', 'apology', 'other'] as const;
export type RecoveryKind = (typeof RECOVERY_KINDS)[number];

export interface Recovery {
  id: string;
  ticketId: string;
  kind: RecoveryKind;
  /** In the currency's major unit (12.5 = €12.50). */
  cost: number;
  currency: string;
  note: string | null;
  createdBy: string | null;
  at: string;
}

// ---- reports (see src/service/report-routes.ts) ----

export const SERVICE_GROUP_BY = ['none', 'channel', 'priority', 'team', 'assignee', 'tag', 'day', 'week', 'month'] as const;
export type ServiceGroupBy = (typeof SERVICE_GROUP_BY)[number];

export const RECOVERY_GROUP_BY = ['none', 'kind', 'agent', 'team', 'week', 'month'] as const;
export type RecoveryGroupBy = (typeof RECOVERY_GROUP_BY)[number];

/** Hours. */
export interface DurationSummary {
  n: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
}

export interface DurationFigures {
  firstResponse: DurationSummary;
  nextResponse: DurationSummary;
  firstResolution: DurationSummary;
  fullResolution: DurationSummary;
}

export type SlaTarget = 'firstResponse' | 'nextResponse' | 'resolution';

/** Tickets whose clock for an SLA target met it, breached it or still runs; rate = met / (met + breached). */
export interface SlaAchievement {
  met: number;
  breached: number;
  running: number;
  rate: number | null;
}

export interface ServiceFigures {
  key: string;
  tickets: number;
  solved: number;
  backlog: number;
  reopenRate: number | null;
  oneTouchRate: number | null;
  slaAchievement: Record<SlaTarget, SlaAchievement>;
  calendarHours: DurationFigures;
  businessHours: DurationFigures;
}

export interface ServiceReport {
  from: string;
  to: string;
  groupBy: ServiceGroupBy;
  timeZone: string;
  /** When the clocks still running were judged: past their due time then, they count as breached. */
  asOf: string;
  groups: ServiceFigures[];
}

export interface RecoveryFigures {
  key: string;
  currency: string;
  recoveries: number;
  tickets: number;
  totalCost: number;
  averageCost: number;
}

export interface RecoveryReport {
  from: string;
  to: string;
  groupBy: RecoveryGroupBy;
  groups: RecoveryFigures[];
}

export type SentimentGroupBy = 'none' | 'day' | 'week' | 'month' | 'channel';

export interface SentimentGroup {
  key: string;
  texts: number;
  negative: number;
  neutral: number;
  positive: number;
  meanScore: number;
}

/** How a customer text reads: score is P(positive) − P(negative), from −1 to 1. */
export interface Sentiment {
  label: 'negative' | 'neutral' | 'positive';
  score: number;
}
