import crypto from 'node:crypto';
import { z } from 'zod';
import type { DomainRoutes } from '../platform/http/app.ts';
import { actorOf } from '../platform/http/access.ts';
import { conflict, notFound } from '../platform/http/errors.ts';
import { isUuid } from '../platform/http/ids.ts';
import type { Db } from '../platform/db/client.ts';
import type { Role } from '../platform/auth/policies.ts';
import { passwordWeakness } from '../platform/auth/password-policy.ts';
import { memberSchema, roleSchema, sessionPolicySchema } from './presenters.ts';
import {
  addMember,
  createUser,
  endSessions,
  findUserByEmail,
  getSessionPolicy,
  listPeople,
  lockActiveAdmins,
  membershipOf,
  setSessionPolicy,
  updateMembership,
  type MemberStatus,
} from './store.ts';

// The people of a workspace and how long their sessions last: admins add,
// change the role of, deactivate and remove members. Whatever takes access
// away ends the person's sessions here and closes their live sockets at once.

const present = (m: Awaited<ReturnType<typeof listPeople>>[number]) => ({ ...m, createdAt: m.createdAt.toISOString() });

/** A change that would leave the workspace without an active admin is refused (someone must be able to manage it). */
async function assertAnAdminRemains(tx: Db, workspaceId: string, userId: string, after: { role: Role; status: MemberStatus }) {
  const admins = await lockActiveAdmins(tx, workspaceId);
  const staysAdmin = after.role === 'admin' && after.status === 'active';
  if (!staysAdmin && admins.length === 1 && admins[0] === userId) {
    throw conflict('This person is the last admin of the workspace: make someone else an admin first.');
  }
}

export const peopleRoutes: DomainRoutes = async (app, { ctx }) => {
  const { db, hub } = ctx;
  const r = app.withTypeProvider<import('fastify-type-provider-zod').ZodTypeProvider>();

  /** The member with this id, of this workspace and not removed, with their row read in the transaction. */
  async function memberOrNotFound(tx: Db, workspaceId: string, userId: string) {
    const membership = isUuid(userId) ? await membershipOf(tx, workspaceId, userId) : undefined;
    if (!membership || membership.status === 'removed') throw notFound('Member');
    return membership;
  }

  async function presentOne(workspaceId: string, userId: string) {
    return present((await listPeople(db, workspaceId, { includeRemoved: true })).find((m) => m.id === userId)!);
  }

  r.get(
    '/users',
    {
      onRequest: ctx.guard('workspace:read'),
      schema: {
        tags: ['users'],
        summary: 'Members of this workspace, active and deactivated; with include=removed also those removed (their names stand on past work)',
        querystring: z.object({ include: z.enum(['removed']).optional() }),
        response: { 200: z.object({ data: z.array(memberSchema) }) },
      },
    },
    async (req) => ({ data: (await listPeople(db, actorOf(req).workspaceId, { includeRemoved: req.query.include === 'removed' })).map(present) }),
  );

  r.post(
    '/users',
    {
      onRequest: ctx.guard('users:manage'),
      schema: {
        tags: ['users'],
        summary: 'Add a person to this workspace (or bring back one removed); without a password one is generated and returned once',
        description: 'A password must be at least 12 characters, not repetitive, not a common password and not the email address.',
        body: z
          .object({ email: z.string().email(), name: z.string().trim().min(1).max(200), role: roleSchema, password: z.string().max(500).optional() })
          .superRefine((body, check) => {
            const weakness = body.password === undefined ? null : passwordWeakness(body.password, { email: body.email });
            if (weakness) check.addIssue({ code: 'custom', path: ['password'], message: weakness });
          }),
        response: { 201: memberSchema.extend({ password: z.string().optional() }) },
      },
    },
    async (req, reply) => {
      const workspaceId = actorOf(req).workspaceId;
      const result = await db.transaction(async (tx) => {
        const existing = await findUserByEmail(tx, req.body.email);
        const membership = existing && (await membershipOf(tx, workspaceId, existing.id));
        if (membership && membership.status !== 'removed') {
          throw conflict(
            membership.status === 'deactivated'
              ? `${req.body.email} is a deactivated member of this workspace: reactivate them instead.`
              : `${req.body.email} is already a member of this workspace.`,
          );
        }
        const password = existing ? undefined : (req.body.password ?? crypto.randomBytes(12).toString('base64url'));
        const user = existing ?? (await createUser(tx, { email: req.body.email, name: req.body.name, password: password! }));
        await addMember(tx, workspaceId, user.id, req.body.role);
        return { user, password: req.body.password ? undefined : password };
      });
      const { user, password } = result;
      return reply.code(201).send({ ...(await presentOne(workspaceId, user.id)), password });
    },
  );

  r.patch(
    '/users/:id',
    {
      onRequest: ctx.guard('users:manage'),
      schema: {
        tags: ['users'],
        summary: "Change a member's role, or deactivate (status: deactivated) and reactivate them",
        description:
          'Deactivating ends their sessions in this workspace and closes their live sockets at once; they keep their place in the list and on past tickets, and cannot log in here until reactivated. A role change applies to their open sessions at once. The last active admin cannot be demoted or deactivated (409).',
        params: z.object({ id: z.string() }),
        body: z
          .object({ role: roleSchema.optional(), status: z.enum(['active', 'deactivated']).optional() })
          .refine((b) => b.role !== undefined || b.status !== undefined, { message: 'give role or status' }),
        response: { 200: memberSchema },
      },
    },
    async (req) => {
      const workspaceId = actorOf(req).workspaceId;
      const userId = req.params.id;
      const ended = await db.transaction(async (tx) => {
        const before = await memberOrNotFound(tx, workspaceId, userId);
        const after = { role: req.body.role ?? before.role, status: req.body.status ?? before.status };
        await assertAnAdminRemains(tx, workspaceId, userId, after);
        await updateMembership(tx, workspaceId, userId, after);
        if (after.status === 'deactivated' && before.status === 'active') {
          await endSessions(tx, { userId, workspaceId });
          return 'member deactivated';
        }
        return after.role !== before.role ? 'role changed' : undefined;
      });
      // A role change keeps the sessions (the new role applies to their next request); the sockets reconnect to get it.
      if (ended) hub.disconnect({ reason: ended, userId, workspaceId });
      return presentOne(workspaceId, userId);
    },
  );

  r.delete(
    '/users/:id',
    {
      onRequest: ctx.guard('users:manage'),
      schema: {
        tags: ['users'],
        summary: 'Remove a person from this workspace',
        description:
          'Their sessions here end and their live sockets close at once. Their account, their other workspaces and their name on past tickets stay (GET /users?include=removed). Adding the same email again brings them back. The last active admin cannot be removed (409).',
        params: z.object({ id: z.string() }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const workspaceId = actorOf(req).workspaceId;
      const userId = req.params.id;
      await db.transaction(async (tx) => {
        const before = await memberOrNotFound(tx, workspaceId, userId);
        await assertAnAdminRemains(tx, workspaceId, userId, { role: before.role, status: 'removed' });
        await updateMembership(tx, workspaceId, userId, { role: before.role, status: 'removed' });
        await endSessions(tx, { userId, workspaceId });
      });
      hub.disconnect({ reason: 'member removed', userId, workspaceId });
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/session-policy',
    { onRequest: ctx.guard('workspace:read'), schema: { tags: ['users'], summary: "How long this workspace's sessions last", response: { 200: sessionPolicySchema } } },
    async (req) => getSessionPolicy(db, actorOf(req).workspaceId),
  );

  r.put(
    '/session-policy',
    {
      onRequest: ctx.guard('users:manage'),
      schema: {
        tags: ['users'],
        summary: "Set how long this workspace's sessions last; sessions already open that it rules out end at once",
        body: sessionPolicySchema.refine((p) => p.idleHours <= p.maxHours, { path: ['idleHours'], message: 'must not be more than maxHours' }),
        response: { 200: sessionPolicySchema },
      },
    },
    async (req) => {
      const workspaceId = actorOf(req).workspaceId;
      const ended = await db.transaction((tx) => setSessionPolicy(tx, workspaceId, req.body));
      for (const sessionId of ended) hub.disconnect({ reason: 'session expired', sessionId });
      return getSessionPolicy(db, workspaceId);
    },
  );
};
