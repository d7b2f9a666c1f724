import type { FastifyInstance } from 'fastify';
import { errorBody } from './errors.ts';

/**
 * The request headers Segment's libraries send: analytics.js (analytics-next)
 * sends Content-Type (text/plain), Authorization (Basic, the write key) and, on
 * every retry, X-Retry-Count; analytics-node adds User-Agent. A preflight asking
 * for a header not listed fails, and the browser drops the request unsent.
 */
export const ALLOWED_REQUEST_HEADERS = ['authorization', 'content-type', 'x-retry-count', 'user-agent'];

/** A cross-origin page reads only the headers exposed: analytics.js waits the Retry-After of a 429 instead of retrying at once. */
const EXPOSED_RESPONSE_HEADERS = ['retry-after'];

const UNKNOWN_PATH_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * CORS for the public, key-in-the-page APIs (ingestion, the chat widget): any origin
 * may call them, but never with cookies, so a page can send events or chat and
 * cannot ride on an agent's session. Preflights are answered for every path under
 * the pattern, and an unknown path answers its 404 with these headers too, so the
 * page reads the error rather than a CORS failure.
 */
export function allowAnyOrigin(app: FastifyInstance, pathPattern: string, methods: string): void {
  app.addHook('onRequest', async (req, reply) => {
    reply.header('access-control-allow-origin', req.headers.origin ?? '*');
    reply.header('access-control-allow-credentials', 'false');
    reply.header('access-control-expose-headers', EXPOSED_RESPONSE_HEADERS.join(', '));
    reply.header('vary', 'origin');
  });
  // Preflights do no work, so they are not rate limited: a 429 here would hide the real request's 429, and its Retry-After, from the page.
  app.options(pathPattern, { schema: { hide: true }, config: { rateLimit: false } }, async (_req, reply) =>
    reply
      .header('access-control-allow-methods', `${methods}, OPTIONS`)
      .header('access-control-allow-headers', ALLOWED_REQUEST_HEADERS.join(', '))
      .header('access-control-max-age', '86400')
      .code(204)
      .send(),
  );
  app.route({
    method: UNKNOWN_PATH_METHODS,
    url: pathPattern,
    schema: { hide: true },
    handler: async (req, reply) => reply.code(404).send(errorBody('not_found', `No route for ${req.method} ${req.url.split('?')[0]}`)),
  });
}
