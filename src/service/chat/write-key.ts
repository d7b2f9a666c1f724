import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/policies.ts';
import { forbidden, unauthorized } from '../../platform/http/errors.ts';
import { actorFromKey, keyFromAuthorization } from '../../workspaces/credentials.ts';

/** The key as HTTP Basic user or Bearer, `writeKey` in the body, or `?writeKey=` (a browser's WebSocket cannot send headers). */
export function writeKeyOf(req: FastifyRequest): string | undefined {
  const fromBody = (req.body as { writeKey?: unknown } | undefined)?.writeKey;
  const fromQuery = (req.query as { writeKey?: unknown } | undefined)?.writeKey;
  const key = keyFromAuthorization(req.headers.authorization) ?? fromBody ?? fromQuery;
  return typeof key === 'string' ? key : undefined;
}

/**
 * The actor of a widget's write key, through the same resolver as /v1
 * ingestion. A secret key is refused outright: the widget's key sits in a web
 * page for anyone to read, and a secret key there would open the whole API.
 */
export async function widgetActor(db: Db, key: string | undefined): Promise<Actor> {
  if (!key) throw unauthorized('Configure the widget with a write key (data-write-key="tp_write_…").');
  const actor = await actorFromKey(db, key);
  if (!actor) throw unauthorized('Unknown or revoked write key.');
  if (actor.kind !== 'key' || actor.keyType !== 'write') {
    throw forbidden('This is a secret key: never put it in a web page. Revoke it and use a write key.');
  }
  return actor;
}
