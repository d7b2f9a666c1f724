import type { FastifyRequest } from 'fastify';
import type { Db } from '../platform/db/client.ts';
import type { Actor } from '../platform/auth/policies.ts';
import type { ActorResolver } from '../platform/http/access.ts';
import { findApiKey, findSession, touchApiKey, touchSession } from './store.ts';

export const SESSION_COOKIE = 'tp_session';

/**
 * Reads a key from `Authorization: Bearer <key>`, from `Authorization: Basic
 * base64(<key>:)` (how Segment libraries send a write key), or a key given in the
 * body by the ingestion routes.
 */
export function keyFromAuthorization(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value] = header.split(' ', 2);
  if (!value) return undefined;
  if (scheme?.toLowerCase() === 'bearer') return value.trim();
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const user = decoded.split(':', 1)[0];
    return user || undefined;
  }
  return undefined;
}

export async function actorFromKey(db: Db, key: string): Promise<Actor | null> {
  const record = await findApiKey(db, key);
  // "Last used" is for people deciding which key to revoke: minute precision is
  // enough, and it keeps a busy ingestion key from writing on every request.
  if (record && (!record.lastUsedAt || Date.now() - record.lastUsedAt.getTime() > 60_000)) {
    void touchApiKey(db, record.id).catch(() => {});
  }
  return record ? { kind: 'key', workspaceId: record.workspaceId, keyId: record.id, keyType: record.type } : null;
}

/** A write key given as `"writeKey"` in the body, on the routes that take one there (`config.keyInBody`). */
function keyFromBody(request: FastifyRequest): string | undefined {
  if (!request.routeOptions.config?.keyInBody) return undefined;
  const key = (request.body as { writeKey?: unknown } | undefined)?.writeKey;
  return typeof key === 'string' && key ? key : undefined;
}

/** Who calls: a key in Authorization (or, where taken, in the body), else the session of the cookie. */
export function actorResolver(db: Db): ActorResolver {
  return async (request: FastifyRequest, options = {}): Promise<Actor | null> => {
    const key = keyFromAuthorization(request.headers.authorization) ?? keyFromBody(request);
    if (key) return actorFromKey(db, key);
    const token = request.cookies?.[SESSION_COOKIE];
    if (!token) return null;
    const session = await findSession(db, token);
    if (!session) return null;
    // The idle lifetime is counted in hours: noting use once a minute is enough, and spares a write per request.
    if (options.touch !== false && Date.now() - session.lastSeenAt.getTime() > 60_000) void touchSession(db, session.sessionId).catch(() => {});
    return { kind: 'user', userId: session.userId, workspaceId: session.workspaceId, role: session.role, sessionId: session.sessionId };
  };
}
