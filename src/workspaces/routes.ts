import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { DomainRoutes } from '../platform/http/app.ts';
import { actorOf } from '../platform/http/access.ts';
import { AppError, badRequest, forbidden, notFound, unauthorized } from '../platform/http/errors.ts';
import { perAddress } from '../platform/http/rate-limit.ts';
import { can, type Actor } from '../platform/auth/policies.ts';
import { passwordWeakness } from '../platform/auth/password-policy.ts';
import { verifyNoPassword, verifyPassword } from '../platform/auth/secrets.ts';
import { SESSION_COOKIE } from './credentials.ts';
import { lockoutNotice } from './lockout-notice.ts';
import { apiKeySchema, meSchema, presentApiKey } from './presenters.ts';
import {
  admitLoginAttempt,
  clearLoginAttempts,
  createApiKey,
  createSession,
  deleteSession,
  endSessions,
  findUserByEmail,
  getUser,
  listApiKeys,
  listMembers,
  membershipsOf,
  revokeApiKey,
  setPassword,
  switchSessionWorkspace,
} from './store.ts';

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** The lock's answer, the same whether the password was right or wrong (and whether the email has an account). */
function lockedOut(reply: FastifyReply, lockedUntil: Date): AppError {
  const seconds = Math.max(1, Math.ceil((lockedUntil.getTime() - Date.now()) / 1000));
  const minutes = Math.ceil(seconds / 60);
  reply.header('retry-after', String(seconds));
  return new AppError(429, 'too_many_attempts', `Too many failed logins for this email address: try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
}

function sessionActor(actor: Actor, what: string): Extract<Actor, { kind: 'user' }> {
  if (actor.kind !== 'user') throw forbidden(`Only a logged-in person can ${what}; keys act for the workspace.`);
  return actor;
}

export const workspaceRoutes: DomainRoutes = async (app, { ctx }) => {
  const { db, hub, jobs } = ctx;
  const r = app.withTypeProvider<import('fastify-type-provider-zod').ZodTypeProvider>();

  async function describe(userId: string, email: string, name: string, workspaceId: string) {
    const all = (await membershipsOf(db, userId)).map((m) => ({ id: m.workspaceId, slug: m.slug, name: m.name, role: m.role }));
    const workspace = all.find((w) => w.id === workspaceId);
    if (!workspace) throw unauthorized('Your session is no longer valid for this workspace.');
    return { user: { id: userId, email, name }, workspace, workspaces: all };
  }

  function setSessionCookie(reply: FastifyReply, token: string, expires: Date, secure: boolean) {
    reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires });
  }

  /**
   * Checks a password of this email address against the per-account lock: counted
   * before the check, refused while locked; the owner is told when it locks.
   */
  async function checkPassword(reply: FastifyReply, email: string, password: string, fromAddress: string) {
    const verdict = await admitLoginAttempt(db, email);
    if (verdict.refused) throw lockedOut(reply, verdict.lockedUntil);
    const user = await findUserByEmail(db, email);
    // An unknown email costs a password check too: the timing must not tell which emails have accounts.
    const ok = user ? await verifyPassword(password, user.passwordHash) : await verifyNoPassword(password);
    if (!user || !ok) {
      if (user && verdict.locks) await jobs.enqueue(lockoutNotice(user.id, verdict.next.failures, verdict.next.lockedUntil!, fromAddress));
      return undefined;
    }
    await clearLoginAttempts(db, email);
    return user;
  }

  r.post(
    '/auth/login',
    {
      // Per address whatever headers come along; each account also locks after repeated failures (checkPassword).
      config: perAddress(ctx.config.rateLimit.login),
      schema: {
        tags: ['auth'],
        summary: 'Log in with email and password; sets an HTTP-only session cookie',
        description: 'After 5 failed attempts in a row an email address is locked for 5 minutes (then 10, 20, 40, 60): every attempt meanwhile, with the right password too, answers 429 too_many_attempts with Retry-After.',
        body: z.object({ email: z.string().email(), password: z.string().min(1).max(500), workspace: z.string().optional() }),
        response: { 200: meSchema, 401: errorSchema, 429: errorSchema },
      },
    },
    async (req, reply) => {
      const user = await checkPassword(reply, req.body.email, req.body.password, req.ip);
      // Same answer for an unknown email and a wrong password: no account probing.
      if (!user) throw new AppError(401, 'invalid_credentials', 'Email or password is wrong.');
      const memberships = await membershipsOf(db, user.id);
      const chosen = req.body.workspace ? memberships.find((m) => m.slug === req.body.workspace) : memberships[0];
      if (!chosen) throw new AppError(401, 'no_workspace', req.body.workspace ? 'This account is not an active member of that workspace.' : 'This account is not an active member of any workspace.');
      const session = await createSession(db, user.id, chosen.workspaceId);
      setSessionCookie(reply, session.token, session.expiresAt, req.protocol === 'https');
      return describe(user.id, user.email, user.name, chosen.workspaceId);
    },
  );

  r.post('/auth/logout', { schema: { tags: ['auth'], summary: 'End the session', response: { 204: z.null() } } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    const sessionId = token ? await deleteSession(db, token) : undefined;
    if (sessionId) hub.disconnect({ reason: 'logged out', sessionId });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  r.post(
    '/auth/logout-everywhere',
    {
      onRequest: ctx.guard('workspace:read'),
      schema: { tags: ['auth'], summary: 'Sign out everywhere: end every session of yours, in every workspace, this one included', response: { 204: z.null() } },
    },
    async (req, reply) => {
      const actor = sessionActor(actorOf(req), 'sign out');
      await endSessions(db, { userId: actor.userId });
      hub.disconnect({ reason: 'signed out everywhere', userId: actor.userId });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/me',
    { onRequest: ctx.guard('workspace:read'), schema: { tags: ['auth'], summary: 'The logged-in user and workspaces', response: { 200: meSchema } } },
    async (req) => {
      const actor = actorOf(req);
      if (actor.kind !== 'user') throw forbidden('Only a logged-in user has a profile; keys act for the workspace.');
      const [user] = (await listMembers(db, actor.workspaceId)).filter((m) => m.id === actor.userId);
      if (!user) throw unauthorized();
      return describe(user.id, user.email, user.name, actor.workspaceId);
    },
  );

  r.post(
    '/me/password',
    {
      onRequest: ctx.guard('workspace:read'),
      config: perAddress(ctx.config.rateLimit.login),
      schema: {
        tags: ['auth'],
        summary: 'Change your password; your other sessions end',
        description: 'The current password counts as a login attempt (the same lock applies). The new one must be at least 12 characters, not repetitive, not a common password, not your email.',
        body: z.object({ currentPassword: z.string().min(1).max(500), newPassword: z.string().min(1).max(500) }),
        response: { 204: z.null(), 400: errorSchema, 429: errorSchema },
      },
    },
    async (req, reply) => {
      const actor = sessionActor(actorOf(req), 'change a password');
      const { currentPassword, newPassword } = req.body;
      const email = (await getUser(db, actor.userId))!.email;
      const weakness = passwordWeakness(newPassword, { email });
      if (weakness) throw badRequest(`newPassword: ${weakness}`);
      if (newPassword === currentPassword) throw badRequest('newPassword: is the same as the current one');
      if (!(await checkPassword(reply, email, currentPassword, req.ip))) throw new AppError(400, 'wrong_password', 'currentPassword: is not your current password.');
      await db.transaction(async (tx) => {
        await setPassword(tx, actor.userId, newPassword);
        await endSessions(tx, { userId: actor.userId, exceptSessionId: actor.sessionId });
      });
      hub.disconnect({ reason: 'password changed', userId: actor.userId, exceptSessionId: actor.sessionId });
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/auth/workspace',
    {
      onRequest: ctx.guard('workspace:read'),
      schema: { tags: ['auth'], summary: 'Switch the session to another workspace you belong to', body: z.object({ workspaceId: z.string().uuid() }), response: { 200: meSchema } },
    },
    async (req) => {
      const actor = actorOf(req);
      const token = req.cookies[SESSION_COOKIE];
      if (actor.kind !== 'user' || !token) throw forbidden('Only a session can switch workspace.');
      const memberships = await membershipsOf(db, actor.userId);
      if (!memberships.some((m) => m.workspaceId === req.body.workspaceId)) throw notFound('Workspace');
      const sessionId = await switchSessionWorkspace(db, token, req.body.workspaceId);
      // The live socket of the workspace left behind stops; the web app opens one for the new one.
      hub.disconnect({ reason: 'workspace switched', sessionId, workspaceId: actor.workspaceId });
      const [user] = (await listMembers(db, req.body.workspaceId)).filter((m) => m.id === actor.userId);
      return describe(actor.userId, user!.email, user!.name, req.body.workspaceId);
    },
  );

  // ---- API keys ----
  function mayManage(actor: Actor, type: 'write' | 'secret'): void {
    if (type === 'secret' && !can(actor, 'secret-keys:manage')) {
      throw forbidden('A secret key cannot create or revoke secret keys (a leaked key must not outlive its revocation); an admin manages them in Settings → API keys. Write keys it may create and revoke.');
    }
  }

  r.get(
    '/keys',
    { onRequest: ctx.guard('keys:manage'), schema: { tags: ['keys'], summary: 'List active API keys (never the keys themselves)', response: { 200: z.object({ data: z.array(apiKeySchema) }) } } },
    async (req) => ({ data: (await listApiKeys(db, actorOf(req).workspaceId)).map(presentApiKey) }),
  );

  r.post(
    '/keys',
    {
      onRequest: ctx.guard('keys:manage'),
      schema: {
        tags: ['keys'],
        summary: 'Create a key. Write keys only send events (safe in web pages); secret keys use the whole API and are created by admins only, never by a secret key',
        body: z.object({ type: z.enum(['write', 'secret']), name: z.string().trim().min(1).max(100).default('API key') }),
        response: { 201: apiKeySchema.extend({ key: z.string().describe('Shown once; only its hash is stored') }) },
      },
    },
    async (req, reply) => {
      mayManage(actorOf(req), req.body.type);
      const { key, record } = await createApiKey(db, actorOf(req).workspaceId, req.body.type, req.body.name);
      return reply.code(201).send({ ...presentApiKey(record), key });
    },
  );

  r.delete(
    '/keys/:id',
    { onRequest: ctx.guard('keys:manage'), schema: { tags: ['keys'], summary: 'Revoke a key (a secret key may revoke write keys only)', params: z.object({ id: z.string() }), response: { 204: z.null() } } },
    async (req, reply) => {
      const actor = actorOf(req);
      const key = z.string().uuid().safeParse(req.params.id).success ? (await listApiKeys(db, actor.workspaceId)).find((k) => k.id === req.params.id) : undefined;
      if (!key) throw notFound('Key');
      mayManage(actor, key.type);
      if (!(await revokeApiKey(db, actor.workspaceId, key.id))) throw notFound('Key');
      hub.disconnect({ reason: 'key revoked', keyId: key.id });
      return reply.code(204).send(null);
    },
  );
};
