import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext, DomainRoutes } from '../../platform/http/app.ts';
import { actorOf } from '../../platform/http/access.ts';
import { badRequest, conflict, forbidden, notFound } from '../../platform/http/errors.ts';
import { listMembers } from '../../workspaces/store.ts';
import { announce, ticketActorOf, type ServiceDeps } from '../tickets.ts';
import { agentSchema, agentStatusSchema, AVAILABILITIES, presentAgentStatus, presentTeam, routingSchema, teamSchema } from './presenters.ts';
import { requestRouting } from './request.ts';
import { agentStates, createTeam, DEFAULT_CAPACITY, deleteTeam, getTeam, listTeams, membersOf, openLoads, setAgentState, setMembers, updateTeam, type Team } from './store.ts';
import { isUuid } from '../../platform/http/ids.ts';
import { isUniqueViolation } from '../../platform/db/query.ts';

// Teams, their members and routing mode (admins), and agents' availability and
// capacity (each agent their own; admins anyone's). Everyone may read them.

const idParams = z.object({ id: z.string() });
const teamName = z.string().trim().min(1).max(100);
const statusBody = z
  .object({ availability: z.enum(AVAILABILITIES).optional(), capacity: z.number().int().min(0).max(1000).optional() })
  .strict()
  .refine((b) => b.availability !== undefined || b.capacity !== undefined, { message: 'Send availability, capacity or both' });

const nameTaken = (name: string) => conflict(`A team named "${name}" already exists.`);

/** People who can take tickets: analysts only read. */
async function takersOf(ctx: AppContext, workspaceId: string) {
  return (await listMembers(ctx.db, workspaceId)).filter((m): m is typeof m & { role: 'admin' | 'agent' } => m.role !== 'analyst');
}

export function routingRoutes(depsOf: (ctx: AppContext) => ServiceDeps): DomainRoutes {
  return async (app, { ctx }) => {
    const { db } = ctx;
    const deps = depsOf(ctx);
    const r = app.withTypeProvider<ZodTypeProvider>();

    async function load(workspaceId: string, id: string): Promise<Team> {
      const team = isUuid(id) ? await getTeam(db, workspaceId, id) : undefined;
      if (!team) throw notFound('Team');
      return team;
    }

    async function present(workspaceId: string, teams: Team[]) {
      const members = await membersOf(db, workspaceId);
      const names = new Map((await listMembers(db, workspaceId)).map((m) => [m.id, m.name]));
      return teams.map((t) => presentTeam(t, members, names));
    }

    r.get(
      '/teams',
      { onRequest: ctx.guard('tickets:read'), schema: { tags: ['routing'], summary: 'Teams with their members and routing mode', response: { 200: z.object({ data: z.array(teamSchema) }) } } },
      async (req) => {
        const { workspaceId } = actorOf(req);
        return { data: await present(workspaceId, await listTeams(db, workspaceId)) };
      },
    );

    r.post(
      '/teams',
      {
        onRequest: ctx.guard('users:manage'),
        schema: { tags: ['routing'], summary: 'Create a team (admins)', body: z.object({ name: teamName, routing: routingSchema.default('round-robin') }).strict(), response: { 201: teamSchema } },
      },
      async (req, reply) => {
        const { workspaceId } = actorOf(req);
        const team = await createTeam(db, workspaceId, req.body);
        if (!team) throw nameTaken(req.body.name);
        return reply.code(201).send((await present(workspaceId, [team]))[0]!);
      },
    );

    r.get(
      '/teams/:id',
      { onRequest: ctx.guard('tickets:read'), schema: { tags: ['routing'], summary: 'A team', params: idParams, response: { 200: teamSchema } } },
      async (req) => {
        const { workspaceId } = actorOf(req);
        return (await present(workspaceId, [await load(workspaceId, req.params.id)]))[0]!;
      },
    );

    r.patch(
      '/teams/:id',
      {
        onRequest: ctx.guard('users:manage'),
        schema: {
          tags: ['routing'],
          summary: 'Rename a team or change its routing (admins)',
          params: idParams,
          body: z.object({ name: teamName.optional(), routing: routingSchema.optional() }).strict(),
          response: { 200: teamSchema },
        },
      },
      async (req) => {
        const { workspaceId } = actorOf(req);
        await load(workspaceId, req.params.id);
        const team = await db
          .transaction(async (tx) => {
            const updated = await updateTeam(tx, workspaceId, req.params.id, req.body);
            // From manual to routed, the team's waiting tickets find agents.
            if (req.body.routing) await requestRouting(tx, deps.jobs, workspaceId);
            return updated;
          })
          .catch((err: unknown) => {
            throw isUniqueViolation(err) ? nameTaken(req.body.name!) : err;
          });
        if (!team) throw notFound('Team');
        return (await present(workspaceId, [team]))[0]!;
      },
    );

    r.delete(
      '/teams/:id',
      { onRequest: ctx.guard('users:manage'), schema: { tags: ['routing'], summary: 'Delete a team (admins); its tickets stay, without a team', params: idParams, response: { 204: z.null() } } },
      async (req, reply) => {
        const actor = actorOf(req);
        await load(actor.workspaceId, req.params.id);
        const released = await db.transaction((tx) => deleteTeam(tx, actor.workspaceId, req.params.id, ticketActorOf(actor)));
        for (const ticket of released) announce(deps, ticket, 'ticket.updated');
        return reply.code(204).send(null);
      },
    );

    r.put(
      '/teams/:id/members',
      {
        onRequest: ctx.guard('users:manage'),
        schema: {
          tags: ['routing'],
          summary: "Set a team's members (admins): agents and admins of this workspace",
          params: idParams,
          body: z.object({ userIds: z.array(z.string().uuid()).max(500) }).strict(),
          response: { 200: teamSchema },
        },
      },
      async (req) => {
        const { workspaceId } = actorOf(req);
        const team = await load(workspaceId, req.params.id);
        const takers = new Set((await takersOf(ctx, workspaceId)).map((m) => m.id));
        const userIds = [...new Set(req.body.userIds)];
        const outsiders = userIds.filter((id) => !takers.has(id));
        if (outsiders.length) throw badRequest(`userIds: ${outsiders.join(', ')} ${outsiders.length === 1 ? 'is not an agent or admin' : 'are not agents or admins'} of this workspace`);
        await db.transaction(async (tx) => {
          await setMembers(tx, workspaceId, team.id, userIds);
          await requestRouting(tx, deps.jobs, workspaceId);
        });
        return (await present(workspaceId, [team]))[0]!;
      },
    );

    r.get(
      '/agents',
      {
        onRequest: ctx.guard('tickets:read'),
        schema: { tags: ['routing'], summary: 'Agents and admins with their availability, capacity, open tickets and teams', response: { 200: z.object({ data: z.array(agentSchema) }) } },
      },
      async (req) => {
        const { workspaceId } = actorOf(req);
        const [people, states, loads, members] = [await takersOf(ctx, workspaceId), await agentStates(db, workspaceId), await openLoads(db, workspaceId), await membersOf(db, workspaceId)];
        return {
          data: people.map((p) => ({
            userId: p.id,
            name: p.name,
            email: p.email,
            role: p.role,
            availability: states.get(p.id)?.availability ?? 'offline',
            capacity: states.get(p.id)?.capacity ?? DEFAULT_CAPACITY,
            load: loads.get(p.id) ?? 0,
            teamIds: members.filter((m) => m.userId === p.id).map((m) => m.teamId),
          })),
        };
      },
    );

    async function setStatus(workspaceId: string, userId: string, body: z.infer<typeof statusBody>) {
      const state = await db.transaction(async (tx) => {
        const saved = await setAgentState(tx, workspaceId, userId, body);
        // Online, or more room: waiting tickets may go to this agent now.
        await requestRouting(tx, deps.jobs, workspaceId);
        return saved;
      });
      deps.hub.publish(workspaceId, { type: 'agent.status', data: presentAgentStatus(userId, state) });
      return presentAgentStatus(userId, state);
    }

    r.put(
      '/agents/me/status',
      {
        onRequest: ctx.guard('tickets:write'),
        schema: { tags: ['routing'], summary: 'Set your own availability (online, away, offline) and capacity', body: statusBody, response: { 200: agentStatusSchema } },
      },
      async (req) => {
        const actor = actorOf(req);
        if (actor.kind !== 'user') throw forbidden('Only a logged-in agent has an availability; an admin sets anyone\'s with PUT /agents/{userId}/status.');
        return setStatus(actor.workspaceId, actor.userId, req.body);
      },
    );

    r.put(
      '/agents/:userId/status',
      {
        onRequest: ctx.guard('users:manage'),
        schema: { tags: ['routing'], summary: "Set an agent's availability and capacity (admins)", params: z.object({ userId: z.string() }), body: statusBody, response: { 200: agentStatusSchema } },
      },
      async (req) => {
        const { workspaceId } = actorOf(req);
        if (!(await takersOf(ctx, workspaceId)).some((m) => m.id === req.params.userId)) throw notFound('Agent');
        return setStatus(workspaceId, req.params.userId, req.body);
      },
    );
  };
}
