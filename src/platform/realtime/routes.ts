import type { FastifyRequest } from 'fastify';
import type { DomainRoutes } from '../http/app.ts';
import { can } from '../auth/policies.ts';
import { crossSiteRefused, originVerdict } from '../http/same-origin.ts';

/**
 * `GET /api/v1/live`: a WebSocket that streams the workspace's changes as JSON
 * (`{"type":"ticket.created","data":{…}}`), authenticated like any API call
 * (session cookie or secret key); a caller without access is closed with 4401/4403.
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
    const unsubscribe = ctx.hub.subscribe(actor.workspaceId, (event) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(event));
    });
    socket.send(JSON.stringify({ type: 'hello', data: { workspaceId: actor.workspaceId } }));
    // Keeps proxies from closing an idle connection.
    const ping = setInterval(() => socket.readyState === socket.OPEN && socket.ping(), 25_000);
    socket.on('close', () => {
      clearInterval(ping);
      unsubscribe();
    });
  });
};
