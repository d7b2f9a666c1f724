import crypto from 'node:crypto';
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { DomainRoutes } from '../platform/http/app.ts';
import { actorOf } from '../platform/http/access.ts';
import { AppError, conflict, forbidden, notFound, unauthorized } from '../platform/http/errors.ts';
import { verifyPassword } from '../platform/auth/secrets.ts';
import { can, type Actor } from '../platform/auth/policies.ts';
import { SESSION_COOKIE } from './credentials.ts';
import { apiKeySchema, memberSchema, meSchema, presentApiKey, roleSchema } from './presenters.ts';
import {
  addMember,
  createApiKey,
  createSession,
  createUser,
  deleteSession,
  findUserByEmail,
  listApiKeys,
  listMembers,
  membershipsOf,
  revokeApiKey,
  switchSessionWorkspace,
} from './store.ts';

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export const workspaceRoutes: DomainRoutes = async (app, { ctx }) => {
  const { db } = ctx;
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

  r.post(
    '/auth/login',
    {
      config: { rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        summary: 'Log in with email and password; sets an HTTP-only session cookie',
        body: z.object({ email: z.string().email(), password: z.string().min(1).max(500), workspace: z.string().optional() }),
        response: { 200: meSchema, 401: errorSchema },
      },
    },
    async (req, reply) => {
      const user = await findUserByEmail(db, req.body.email);
      // Same answer for an unknown email and a wrong password: no account probing.
      if (!user || !(await verifyPassword(req.body.password, user.passwordHash))) {
        throw new AppError(401, 'invalid_credentials', 'Email or password is wrong.');
      }
      const memberships = await membershipsOf(db, user.id);
      const chosen = req.body.workspace ? memberships.find((m) => m.slug === req.body.workspace) : memberships[0];
      if (!chosen) throw new AppError(401, 'no_workspace', 'This account is not a member of that workspace.');
      const session = await createSession(db, user.id, chosen.workspaceId);
      setSessionCookie(reply, session.token, session.expiresAt, req.protocol === 'https');
      return describe(user.id, user.email, user.name, chosen.workspaceId);
    },
  );

  r.post('/auth/logout', { schema: { tags: ['auth'], summary: 'End the session', response: { 204: z.null() } } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await deleteSession(db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

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
      await switchSessionWorkspace(db, token, req.body.workspaceId);
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
      return reply.code(204).send(null);
    },
  );

  // ---- people ----
  r.get(
    '/users',
    { onRequest: ctx.guard('workspace:read'), schema: { tags: ['users'], summary: 'Members of this workspace', response: { 200: z.object({ data: z.array(memberSchema) }) } } },
    async (req) => ({ data: (await listMembers(db, actorOf(req).workspaceId)).map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })) }),
  );

  r.post(
    '/users',
    {
      onRequest: ctx.guard('users:manage'),
      schema: {
        tags: ['users'],
        summary: 'Add a person to this workspace; without a password one is generated and returned once',
        body: z.object({ email: z.string().email(), name: z.string().trim().min(1).max(200), role: roleSchema, password: z.string().min(8).max(500).optional() }),
        response: { 201: memberSchema.extend({ password: z.string().optional() }) },
      },
    },
    async (req, reply) => {
      const workspaceId = actorOf(req).workspaceId;
      const result = await db.transaction(async (tx) => {
        const existing = await findUserByEmail(tx, req.body.email);
        if (existing && (await listMembers(tx, workspaceId)).some((m) => m.id === existing.id)) {
          throw conflict(`${req.body.email} is already a member of this workspace.`);
        }
        const password = existing ? undefined : (req.body.password ?? crypto.randomBytes(12).toString('base64url'));
        const user = existing ?? (await createUser(tx, { email: req.body.email, name: req.body.name, password: password! }));
        await addMember(tx, workspaceId, user.id, req.body.role);
        return { user, password: req.body.password ? undefined : password };
      });
      const { user, password } = result;
      return reply.code(201).send({ id: user.id, email: user.email, name: user.name, role: req.body.role, createdAt: user.createdAt.toISOString(), password });
    },
  );
};
