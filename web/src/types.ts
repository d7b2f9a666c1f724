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
