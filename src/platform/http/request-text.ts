import type { FastifyInstance, FastifyRequest } from 'fastify';
import { repairJson } from '../text.ts';
import { repairedBodies } from './json-parser.ts';

/**
 * Repairs the text of every request before any route sees it: the query string and
 * path parameters (`?email=%00` would fail a query deep in a domain), and bodies of
 * content types other than JSON (forms); JSON bodies were repaired as they were parsed.
 */
export function registerTextRepair(app: FastifyInstance): void {
  app.addHook('preValidation', async (req: FastifyRequest) => {
    req.query = repairJson(req.query);
    req.params = repairJson(req.params);
    if (req.body !== undefined && !(typeof req.body === 'object' && req.body !== null && repairedBodies.has(req.body))) req.body = repairJson(req.body);
  });
}
