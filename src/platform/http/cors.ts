import type { FastifyInstance } from 'fastify';

/**
 * CORS for the public, key-in-the-page APIs (ingestion, the chat widget): any origin
 * may call them, but never with cookies, so a page can send events or chat and
 * cannot ride on an agent's session.
 */
export function allowAnyOrigin(app: FastifyInstance, pathPattern: string, methods: string): void {
  app.addHook('onRequest', async (req, reply) => {
    reply.header('access-control-allow-origin', req.headers.origin ?? '*');
    reply.header('access-control-allow-credentials', 'false');
    reply.header('vary', 'origin');
  });
  app.options(pathPattern, { schema: { hide: true } }, async (_req, reply) =>
    reply
      .header('access-control-allow-methods', `${methods}, OPTIONS`)
      .header('access-control-allow-headers', 'authorization, content-type')
      .header('access-control-max-age', '86400')
      .code(204)
      .send(),
  );
}
