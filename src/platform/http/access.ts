import type { FastifyReply, FastifyRequest } from 'fastify';
import { can, type Actor, type Permission } from '../auth/policies.ts';
import { forbidden, unauthorized } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/**
 * Turns a request's credentials into an Actor (or null); provided by the workspaces domain.
 * `touch: false` checks without counting as use (a live socket re-checking its session).
 */
export type ActorResolver = (request: FastifyRequest, options?: { touch?: boolean }) => Promise<Actor | null>;

/**
 * The resolver, run at most once per request: the rate limiter, the CSRF check and the
 * guard all ask who is calling, and only the first question reaches the database.
 */
export function oncePerRequest(resolve: ActorResolver): ActorResolver {
  const resolved = new WeakMap<FastifyRequest, Promise<Actor | null>>();
  return (request, options) => {
    // A live socket re-checking its session later must reach the database again.
    if (options?.touch === false) return resolve(request, options);
    let actor = resolved.get(request);
    if (!actor) resolved.set(request, (actor = resolve(request)));
    return actor;
  };
}

/**
 * The route guard: 401 without valid credentials, 403 without the permission.
 * It runs before body validation, so an anonymous caller learns nothing from 400s.
 */
export function requireAccess(resolve: ActorResolver, permission: Permission) {
  return async function guard(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const actor = request.actor ?? (await resolve(request));
    if (!actor) throw unauthorized();
    if (!can(actor, permission)) {
      throw forbidden(
        actor.kind === 'key' && actor.keyType === 'write'
          ? 'A write key can only send events; use a secret key or a session to read or manage data.'
          : `Your role may not do this (needs ${permission}).`,
      );
    }
    request.actor = actor;
  };
}

/** The actor of a guarded route; the guard has already ensured it exists. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthorized();
  return request.actor;
}
