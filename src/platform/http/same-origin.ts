import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ActorResolver } from './access.ts';
import { AppError } from './errors.ts';

// Where a browser says a request comes from, against where this server is. The
// session cookie is SameSite=Lax, so a page of the same site (another port of the
// same host, a sibling subdomain) still gets it sent: only the origin tells them apart.

/**
 * `same`: Origin (or, without it, Referer) is this server; `foreign`: it is another
 * origin, or `null` (sandboxed frames, privacy modes); `unknown`: neither header.
 */
export type OriginVerdict = 'same' | 'foreign' | 'unknown';

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * The origins this server answers as: TOUCHPOINT_PUBLIC_URL's, and the scheme and Host
 * the browser addressed (X-Forwarded-Proto and -Host count only from a trusted proxy:
 * Fastify's `protocol` and `host` follow TOUCHPOINT_TRUST_PROXY). A browser sets Host
 * from the address it was given, so a foreign page cannot make the two agree.
 */
function ownOrigins(req: FastifyRequest, publicUrl: string | undefined): string[] {
  return [publicUrl && originOf(publicUrl), originOf(`${req.protocol}://${req.host}`)].filter((o): o is string => !!o);
}

export function originVerdict(req: FastifyRequest, publicUrl: string | undefined): OriginVerdict {
  const claimed = req.headers.origin ?? (req.headers.referer ? (originOf(req.headers.referer) ?? 'null') : undefined);
  if (claimed === undefined) return 'unknown';
  return ownOrigins(req, publicUrl).includes(claimed) ? 'same' : 'foreign';
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const isJson = (contentType: string | undefined) => contentType?.split(';')[0]?.trim().toLowerCase() === 'application/json';
/** 403 `csrf`: what the CSRF check and the live socket's upgrade answer. */
export const crossSiteRefused = (why: string) => new AppError(403, 'csrf', `Refused as a possible cross-site request: ${why}`);

/**
 * The CSRF check of the management API, before anything is read or written. A write
 * authenticated by a key in Authorization passes (a browser never adds one on its own;
 * servers send no Origin). Any other write from a foreign origin is refused (a login
 * too: no one gets logged into someone else's account by a hostile page). One that
 * carries cookies must prove it comes from our own origin and send JSON, which a form
 * or a no-cors fetch cannot.
 */
export function refuseCrossSiteWrites(app: FastifyInstance, resolveActor: ActorResolver, publicUrl: string | undefined): void {
  app.addHook('onRequest', async (req) => {
    if (!STATE_CHANGING.has(req.method) || !req.url.startsWith('/api/')) return;
    if ((await resolveActor(req))?.kind === 'key') return;
    const verdict = originVerdict(req, publicUrl);
    if (verdict === 'foreign') throw crossSiteRefused('it comes from another origin than this server’s.');
    if (req.headers.cookie === undefined) return;
    if (verdict === 'unknown') throw crossSiteRefused('a request with the session cookie must send an Origin (or Referer) header.');
    if (!isJson(req.headers['content-type'])) throw crossSiteRefused('a request with the session cookie must send Content-Type: application/json.');
  });
}
