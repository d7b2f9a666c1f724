import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext, DomainRoutes } from '../../platform/http/app.ts';
import { actorOf } from '../../platform/http/access.ts';
import { badRequest, conflict, notFound } from '../../platform/http/errors.ts';
import { isUniqueViolation } from '../../platform/db/query.ts';
import { listMembers } from '../../workspaces/store.ts';
import { getTeam } from '../routing/store.ts';
import { presentTickets, ticketSchema } from '../presenters.ts';
import { getTicket } from '../store.ts';
import { announce, ticketActorOf, type ServiceDeps } from '../tickets.ts';
import { applyMacro, templateValues } from './apply.ts';
import { planActions, renderTemplate } from './evaluate.ts';
import { actionSchema, conditionSchema, type Action } from './rules.ts';
import {
  deleteAutomation,
  deleteMacro,
  getAutomation,
  getMacro,
  insertAutomation,
  insertMacro,
  listAutomations,
  listMacros,
  updateAutomation,
  updateMacro,
  type Automation,
  type Macro,
} from './store.ts';
import { isUuid } from '../../platform/http/ids.ts';

// Macros (agents apply them; admins write them) and automations (admins write them;
// ticket events apply them). Ids of another workspace answer 404, like unknown ones.

const idParams = z.object({ id: z.string() });
const name = z.string().trim().min(1).max(120);

// The fields without defaults: a PATCH must change only what it names (zod fills defaults even in .partial()).
const macroFields = {
  name,
  reply: z.string().max(20_000).nullable().describe('Placeholders: {{customer.name}}, {{customer.first_name}}, {{customer.email}}, {{ticket.number}}, {{ticket.subject}}, {{agent.name}}'),
  replyPublic: z.boolean().describe('false: the reply is an internal note'),
  actions: z.array(actionSchema).max(20),
};
const macroBody = z
  .object({ ...macroFields, reply: macroFields.reply.default(null), replyPublic: macroFields.replyPublic.default(true), actions: macroFields.actions.default([]) })
  .strict();
const macroPatch = z.object(macroFields).partial().strict();
const macroSchema = z.object({ id: z.string(), name: z.string(), reply: z.string().nullable(), replyPublic: z.boolean(), actions: z.array(actionSchema), updatedAt: z.string() });

const automationFields = {
  name,
  trigger: z.enum(['ticket.created', 'ticket.updated', 'message.created']),
  conditions: z.array(conditionSchema).max(20),
  actions: z.array(actionSchema).min(1).max(20),
  enabled: z.boolean(),
  position: z.number().int().min(0).max(10_000).describe('Automations of a trigger run in ascending position'),
};
const automationBody = z
  .object({ ...automationFields, conditions: automationFields.conditions.default([]), enabled: automationFields.enabled.default(true), position: automationFields.position.default(0) })
  .strict();
const automationPatch = z.object(automationFields).partial().strict();
const automationSchema = z.object({ ...automationFields, id: z.string(), updatedAt: z.string() });

const presentMacro = (m: Macro): z.infer<typeof macroSchema> => ({ id: m.id, name: m.name, reply: m.reply, replyPublic: m.replyPublic, actions: m.actions, updatedAt: m.updatedAt.toISOString() });
const presentAutomation = (a: Automation): z.infer<typeof automationSchema> => ({
  id: a.id,
  name: a.name,
  trigger: a.trigger,
  conditions: a.conditions,
  actions: a.actions,
  enabled: a.enabled,
  position: a.position,
  updatedAt: a.updatedAt.toISOString(),
});

export function automationRoutes(depsOf: (ctx: AppContext) => ServiceDeps): DomainRoutes {
  return async (app, { ctx }) => {
    const { db } = ctx;
    const deps = depsOf(ctx);
    const r = app.withTypeProvider<ZodTypeProvider>();

    /** An action may only name this workspace's people and teams. */
    async function checkActions(workspaceId: string, actions: Action[] | undefined): Promise<void> {
      for (const a of actions ?? []) {
        if (a.type === 'assign' && a.value && !(await listMembers(db, workspaceId)).some((m) => m.id === a.value)) throw badRequest(`actions: ${a.value} is not a member of this workspace`);
        if (a.type === 'set-team' && a.value && !(await getTeam(db, workspaceId, a.value))) throw badRequest(`actions: team ${a.value} does not exist`);
      }
    }
    const taken = (kind: string, n: string | undefined) => conflict(`A ${kind} named "${n}" already exists.`);

    async function loadMacro(workspaceId: string, id: string): Promise<Macro> {
      const macro = isUuid(id) ? await getMacro(db, workspaceId, id) : undefined;
      if (!macro) throw notFound('Macro');
      return macro;
    }

    r.get('/macros', { onRequest: ctx.guard('tickets:read'), schema: { tags: ['macros'], summary: 'Macros, by name', response: { 200: z.object({ data: z.array(macroSchema) }) } } }, async (req) => ({
      data: (await listMacros(db, actorOf(req).workspaceId)).map(presentMacro),
    }));

    r.post(
      '/macros',
      { onRequest: ctx.guard('service:configure'), schema: { tags: ['macros'], summary: 'Create a macro: a canned reply and/or ticket changes', body: macroBody, response: { 201: macroSchema } } },
      async (req, reply) => {
        const { workspaceId } = actorOf(req);
        if (!req.body.reply && req.body.actions.length === 0) throw badRequest('A macro needs a reply, actions or both');
        await checkActions(workspaceId, req.body.actions);
        const macro = await insertMacro(db, workspaceId, req.body).catch((err: unknown) => {
          throw isUniqueViolation(err) ? taken('macro', req.body.name) : err;
        });
        return reply.code(201).send(presentMacro(macro));
      },
    );

    r.patch(
      '/macros/:id',
      { onRequest: ctx.guard('service:configure'), schema: { tags: ['macros'], summary: 'Change a macro', params: idParams, body: macroPatch, response: { 200: macroSchema } } },
      async (req) => {
        const { workspaceId } = actorOf(req);
        await loadMacro(workspaceId, req.params.id);
        await checkActions(workspaceId, req.body.actions);
        const updated = await updateMacro(db, workspaceId, req.params.id, req.body).catch((err: unknown) => {
          throw isUniqueViolation(err) ? taken('macro', req.body.name) : err;
        });
        return presentMacro(updated!);
      },
    );

    r.delete('/macros/:id', { onRequest: ctx.guard('service:configure'), schema: { tags: ['macros'], summary: 'Delete a macro', params: idParams } }, async (req, reply) => {
      const { workspaceId } = actorOf(req);
      if (!isUuid(req.params.id) || !(await deleteMacro(db, workspaceId, req.params.id))) throw notFound('Macro');
      return reply.code(204).send();
    });

    const ticketMacroParams = z.object({ id: z.string(), macroId: z.string() });

    async function loadTicketAndMacro(workspaceId: string, ticketId: string, macroId: string) {
      const ticket = isUuid(ticketId) ? await getTicket(db, workspaceId, ticketId) : undefined;
      if (!ticket) throw notFound('Ticket');
      return { ticket, macro: await loadMacro(workspaceId, macroId) };
    }

    r.get(
      '/tickets/:id/macros/:macroId',
      {
        onRequest: ctx.guard('tickets:read'),
        schema: {
          tags: ['macros'],
          summary: 'Preview a macro on a ticket: its reply with the placeholders filled, and the changes it would make',
          params: ticketMacroParams,
          response: { 200: z.object({ reply: z.string().nullable(), replyPublic: z.boolean(), changes: z.record(z.string(), z.unknown()) }) },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        const { ticket, macro } = await loadTicketAndMacro(actor.workspaceId, req.params.id, req.params.macroId);
        const values = await templateValues(db, ticket, actor.kind === 'user' ? actor.userId : null);
        return { reply: macro.reply && renderTemplate(macro.reply, values), replyPublic: macro.replyPublic, changes: planActions(macro.actions, ticket.tags).patch };
      },
    );

    r.post(
      '/tickets/:id/macros/:macroId',
      {
        onRequest: ctx.guard('tickets:write'),
        schema: {
          tags: ['macros'],
          summary: "Apply a macro: its changes, then its reply (or the agent's edited version) as the agent",
          params: ticketMacroParams,
          body: z.object({ reply: z.string().min(1).max(100_000).optional().describe("The agent's edited reply, in place of the macro's") }).strict().default({}),
          response: { 200: ticketSchema },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        await loadTicketAndMacro(actor.workspaceId, req.params.id, req.params.macroId);
        const ticket = await db.transaction(async (tx) => {
          const locked = (await getTicket(tx, actor.workspaceId, req.params.id, true))!;
          const macro = (await getMacro(tx, actor.workspaceId, req.params.macroId))!;
          return applyMacro(tx, deps, locked, macro, ticketActorOf(actor), req.body.reply);
        });
        announce(deps, ticket, 'ticket.updated');
        return (await presentTickets(db, [ticket]))[0]!;
      },
    );

    async function loadAutomation(workspaceId: string, id: string): Promise<Automation> {
      const automation = isUuid(id) ? await getAutomation(db, workspaceId, id) : undefined;
      if (!automation) throw notFound('Automation');
      return automation;
    }

    r.get(
      '/automations',
      { onRequest: ctx.guard('tickets:read'), schema: { tags: ['automations'], summary: 'Automations, in the order they run', response: { 200: z.object({ data: z.array(automationSchema) }) } } },
      async (req) => ({ data: (await listAutomations(db, actorOf(req).workspaceId)).map(presentAutomation) }),
    );

    r.post(
      '/automations',
      {
        onRequest: ctx.guard('service:configure'),
        schema: {
          tags: ['automations'],
          summary: 'Create an automation: when a ticket event matches every condition, do the actions',
          description: 'Automations react to changes by customers, agents and API keys, not to the system\'s own (automations, routing, SLA timers, imports), so they cannot loop.',
          body: automationBody,
          response: { 201: automationSchema },
        },
      },
      async (req, reply) => {
        const { workspaceId } = actorOf(req);
        await checkActions(workspaceId, req.body.actions);
        return reply.code(201).send(presentAutomation(await insertAutomation(db, workspaceId, req.body)));
      },
    );

    r.patch(
      '/automations/:id',
      { onRequest: ctx.guard('service:configure'), schema: { tags: ['automations'], summary: 'Change, enable or disable an automation', params: idParams, body: automationPatch, response: { 200: automationSchema } } },
      async (req) => {
        const { workspaceId } = actorOf(req);
        await loadAutomation(workspaceId, req.params.id);
        await checkActions(workspaceId, req.body.actions);
        return presentAutomation((await updateAutomation(db, workspaceId, req.params.id, req.body))!);
      },
    );

    r.delete('/automations/:id', { onRequest: ctx.guard('service:configure'), schema: { tags: ['automations'], summary: 'Delete an automation', params: idParams } }, async (req, reply) => {
      const { workspaceId } = actorOf(req);
      if (!isUuid(req.params.id) || !(await deleteAutomation(db, workspaceId, req.params.id))) throw notFound('Automation');
      return reply.code(204).send();
    });
  };
}
