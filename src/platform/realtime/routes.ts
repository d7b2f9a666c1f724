import type { DomainRoutes } from '../http/app.ts';
import { can } from '../auth/policies.ts';

/**
 * `GET /api/v1/live`: a WebSocket that streams the workspace's changes as JSON
 * (`{"type":"ticket.created","data":{…}}`), authenticated like any API call
 * (session cookie or secret key); a caller without access is closed with 4401/4403.
 */
export const liveRoutes: DomainRoutes = async (app, { ctx }) => {
  app.get('/live', { websocket: true, schema: { hide: true } }, async (socket, req) => {
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
