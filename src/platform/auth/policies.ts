// Who may do what: pure data and one pure function, so every rule is testable
// without a server and readable in one screen. Default deny.

export type Role = 'admin' | 'agent' | 'analyst';

export type Actor =
  /** `sessionId`: the session's stored id (the hash of its cookie), so what it opened can be closed with it. */
  | { kind: 'user'; workspaceId: string; userId: string; role: Role; sessionId: string }
  | { kind: 'key'; workspaceId: string; keyId: string; keyType: 'write' | 'secret' };

export type Permission =
  | 'events:write'
  | 'customers:read'
  | 'customers:write'
  | 'touchpoints:read'
  | 'touchpoints:write'
  /** Listing keys, creating and revoking write keys. */
  | 'keys:manage'
  /**
   * Creating and revoking secret keys: people only. A secret key that could mint
   * another would let whoever leaked it keep access after it is revoked.
   */
  | 'secret-keys:manage'
  | 'users:manage'
  | 'workspace:read'
  | 'reports:read'
  | 'tickets:read'
  | 'tickets:write'
  /** Macros, automations: what shapes every agent's work. */
  | 'service:configure'
  /** Asking for a refit of the workspace's models now (they refresh daily anyway). */
  | 'models:refresh'
  /** Training the workspace's own models (triage) and setting how they act: the analysts' work too. */
  | 'models:train'
  /** Surveys, their sends and imports, and the closed-loop rules: the CX team's tools. */
  | 'surveys:write'
  /** Where events are sent (webhook endpoints and their deliveries). */
  | 'webhooks:manage';

const readAll: Permission[] = ['customers:read', 'touchpoints:read', 'workspace:read', 'reports:read', 'tickets:read'];

const grants: Record<Role | 'write-key' | 'secret-key', readonly Permission[]> = {
  admin: [...readAll, 'events:write', 'customers:write', 'touchpoints:write', 'tickets:write', 'keys:manage', 'secret-keys:manage', 'users:manage', 'service:configure', 'models:refresh', 'models:train', 'surveys:write', 'webhooks:manage'],
  agent: [...readAll, 'customers:write', 'tickets:write'],
  analyst: [...readAll, 'touchpoints:write', 'surveys:write', 'models:train'],
  // A write key sits in public web pages: it may only send events, never read.
  'write-key': ['events:write'],
  // A secret key acts for the workspace's systems: everything but managing people and secret keys
  // (it provisions write keys for new sites).
  'secret-key': [...readAll, 'events:write', 'customers:write', 'touchpoints:write', 'tickets:write', 'keys:manage', 'service:configure', 'models:refresh', 'models:train', 'surveys:write', 'webhooks:manage'],
};

export function can(actor: Actor, permission: Permission): boolean {
  const grantee = actor.kind === 'user' ? actor.role : actor.keyType === 'write' ? 'write-key' : 'secret-key';
  return grants[grantee].includes(permission);
}
