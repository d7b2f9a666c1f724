import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ActorResolver } from './access.ts';
import { sha256 } from '../auth/secrets.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route takes its key in the body too (Segment's browser library sends it so): it is resolved, and limited, once the body is read. */
    keyInBody?: boolean;
  }
}

/**
 * Route config for public endpoints (widgets, survey links): a limit per client
 * address, applied even though the global limiter only watches the APIs.
 */
export const perAddress = (max: number) => ({ rateLimit: { max, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => req.ip, allowList: () => false } });

/**
 * What a request counts against: the key it resolves to (however it is written:
 * Basic with any password, bearer or BEARER, in the body), else its session, else
 * its address. A credential that resolves to nothing counts against the address, so
 * made-up headers cannot open fresh allowances.
 */
export async function limitBucket(req: FastifyRequest, resolveActor: ActorResolver): Promise<string> {
  const actor = await resolveActor(req);
  if (actor?.kind === 'key') return `key:${actor.keyId}`;
  // The session's id is the hash of its cookie (sessions.token_hash).
  if (actor?.kind === 'user') return `session:${sha256(String(req.cookies.tp_session))}`;
  return `address:${req.ip}`;
}

/** The APIs (management and ingestion) are limited per credential; the web app's files and public pages are not. */
export const isApiRequest = (req: FastifyRequest) => req.url.startsWith('/api/') || req.url.startsWith('/v1/');

/**
 * The per-credential limit (TOUCHPOINT_RATE_LIMIT_API, _INGEST) on every API route
 * without a limit of its own, as an app-wide hook: those run before a route's own
 * hooks, so a caller is counted before the guard turns it away. Routes with
 * `keyInBody` are counted once their body is read, when their key is known.
 */
export function limitPerCredential(app: FastifyInstance): void {
  const limit = app.rateLimit();
  // Checked before the limiter runs: its key (the caller) would cost a lookup even for a request it lets through.
  const limitedHere = (req: FastifyRequest) => isApiRequest(req) && req.routeOptions.config?.rateLimit === undefined;
  app.addHook('onRequest', async (req, reply) => {
    if (limitedHere(req) && !req.routeOptions.config?.keyInBody) await limit.call(app, req, reply);
  });
  app.addHook('preValidation', async (req, reply) => {
    if (limitedHere(req) && req.routeOptions.config?.keyInBody) await limit.call(app, req, reply);
  });
}

/** TOUCHPOINT_TRUST_PROXY as a number: the nearest `hops` addresses are proxies, the one before them is the client. */
export const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;
