import type { FastifyRequest } from 'fastify';
import type { DomainRoutes } from '../http/app.ts';
import { can, type Actor } from '../auth/policies.ts';
import { crossSiteRefused, originVerdict } from '../http/same-origin.ts';
import { disconnects, type ConnectionOwner } from './hub.ts';

/** Closes a socket whose access ended; the client logs in again, or reconnects to get its new role. */
const ACCESS_ENDED = 4401;

function ownerOf(actor: Actor): ConnectionOwner {
  return actor.kind === 'user' ? { workspaceId: actor.workspaceId, userId: actor.userId, sessionId: actor.sessionId } : { workspaceId: actor.workspaceId, keyId: actor.keyId };
}

/** Why a socket opened as `was` must close now that its credentials resolve to `now`, if it must. */
function endedBecause(was: Actor, now: Actor | null): string | undefined {
  if (!now) return was.kind === 'key' ? 'key revoked' : 'session ended';
  if (now.workspaceId !== was.workspaceId) return 'workspace switched';
  if (now.kind === 'user' && was.kind === 'user' && now.role !== was.role) return 'role changed';
  return undefined;
}

/**
 * `GET /api/v1/live`: a WebSocket that streams the workspace's changes as JSON
 * (`{"type":"ticket.created","data":{…}}`), authenticated like any API call
 * (session cookie or secret key); a caller without access is closed with 4401/4403.
 * When that access ends (logout, sign out everywhere, session expiry, the member
 * deactivated, removed or given another role, the key revoked) the socket is closed
 * with 4401 and the reason at once. Ends made by another server process reach this
 * one by the periodic re-check only, until the hub relays them (LISTEN/NOTIFY).
 * A session socket opened by a page of another origin is refused before the upgrade
 * (403): the cookie is sent along to any page of the same site.
 */
export const liveRoutes: DomainRoutes = async (app, { ctx }) => {
  /** A browser always sends Origin on a WebSocket handshake; a client without one is no browser, and no page rides on it. */
  async function sameOriginUnlessKey(req: FastifyRequest): Promise<void> {
    if ((await ctx.resolveActor(req))?.kind === 'key') return;
    if (originVerdict(req, ctx.config.publicUrl) === 'foreign') throw crossSiteRefused('this socket was opened by a page of another origin.');
  }

  app.get('/live', { websocket: true, onRequest: sameOriginUnlessKey, schema: { hide: true } }, async (socket, req) => {
    const actor = await ctx.resolveActor(req);
    if (!actor) return socket.close(4401, 'unauthorized');
    if (!can(actor, 'tickets:read')) return socket.close(4403, 'forbidden');
    const owner = ownerOf(actor);
    const end = (reason: string) => {
      if (socket.readyState === socket.OPEN) socket.close(ACCESS_ENDED, reason);
    };
    const unsubscribe = ctx.hub.subscribe(actor.workspaceId, (event) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(event));
    });
    const stopWatching = ctx.hub.onDisconnect((d) => {
      if (disconnects(d, owner)) end(d.reason);
    });
    socket.send(JSON.stringify({ type: 'hello', data: { workspaceId: actor.workspaceId } }));
    // Keeps proxies from closing an idle connection.
    const ping = setInterval(() => socket.readyState === socket.OPEN && socket.ping(), 25_000);
    // Not counted as use: an open tab alone must not keep a session from its idle end. A failed check keeps the socket.
    const recheck = setInterval(() => {
      ctx.resolveActor(req, { touch: false }).then(
        (now) => {
          const reason = endedBecause(actor, now);
          if (reason) end(reason);
        },
        () => undefined,
      );
    }, ctx.config.liveRecheckSeconds * 1000);
    socket.on('close', () => {
      clearInterval(ping);
      clearInterval(recheck);
      unsubscribe();
      stopWatching();
    });
  });
};
