import type { FastifyInstance, FastifyRequest } from 'fastify';
import { repairJson } from '../text.ts';
import { repairedBodies } from './json-parser.ts';

/**
 * Repairs the text of every request before any route sees it: the query string and
 * path parameters (`?email=%00` would fail a query deep in a domain), and bodies of
 * content types other than JSON (forms); JSON bodies were repaired as they were parsed,
 * and raw bytes are no text.
 */
export function registerTextRepair(app: FastifyInstance): void {
  app.addHook('preValidation', async (req: FastifyRequest) => {
    req.query = repairJson(req.query);
    req.params = repairJson(req.params);
    const body = req.body;
    const done = typeof body === 'object' && body !== null && (repairedBodies.has(body) || ArrayBuffer.isView(body));
    if (body !== undefined && !done) req.body = repairJson(body);
  });
}
