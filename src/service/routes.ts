import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DomainRoutes, AppContext } from '../platform/http/app.ts';
import { actorOf } from '../platform/http/access.ts';
import { badRequest, notFound } from '../platform/http/errors.ts';
import { decodeCursor, encodeCursor, limitSchema, pageOf } from '../platform/http/pagination.ts';
import { findByIdentity, getCustomer, identitiesOf } from '../customers/store.ts';
import { sentimentsOf } from '../insights/store.ts';
import { listMembers } from '../workspaces/store.ts';
import { messageSchema, presentEvent, presentMessage, presentTickets, ticketEventSchema, ticketSchema } from './presenters.ts';
import { callSchema } from './calls.ts';
import { CHANNELS, PRIORITIES, STATUSES } from './status.ts';
import { attachmentsOf, eventsOf, getAttachment, getTicket, listSlaAtRisk, listTickets, loadSlaPolicy, messagesOf, type Ticket } from './store.ts';
import { toHistory } from './metrics.ts';
import { getTeam } from './routing/store.ts';
import { defaultPolicy } from './sla/policy.ts';
import { slaState } from './sla/state.ts';
import { addMessage, announce, createTicket, ticketActorOf, updateTicket, type ServiceDeps } from './tickets.ts';
import { isUuid } from '../platform/http/ids.ts';

const idParams = z.object({ id: z.string() });
const clockSchema = z
  .object({ targetMinutes: z.number(), startedAt: z.string(), deadline: z.string(), status: z.enum(['active', 'at-risk', 'paused', 'met', 'breached']), remainingMs: z.number().nullable() })
  .nullable();
const slaSchema = z.object({ firstResponse: clockSchema, nextResponse: clockSchema, resolution: clockSchema });

export function mailDomainOf(from: string): string {
  return from.match(/@([^>\s]+)/)?.[1] ?? 'touchpoint.local';
}

const customerRef = z
  .object({
    id: z.string().uuid().optional(),
    email: z.string().email().optional(),
    userId: z.string().min(1).max(500).optional(),
    phone: z.string().min(3).max(40).optional(),
    name: z.string().max(200).optional(),
  })
  .refine((c) => c.id || c.email || c.userId || c.phone, { message: 'Name the customer by id, email, userId or phone' });

export function serviceRoutes(depsOf: (ctx: AppContext) => ServiceDeps): DomainRoutes {
  return async (app, { ctx }) => {
    const { db } = ctx;
    const deps = depsOf(ctx);
    const r = app.withTypeProvider<ZodTypeProvider>();

    const present = (tickets: Ticket[]) => presentTickets(db, tickets);

    async function load(workspaceId: string, id: string): Promise<Ticket> {
      const ticket = isUuid(id) ? await getTicket(db, workspaceId, id) : undefined;
      if (!ticket) throw notFound('Ticket');
      return ticket;
    }

    async function assertMember(workspaceId: string, userId: string | null | undefined) {
      if (!userId) return;
      if (!(await listMembers(db, workspaceId)).some((m) => m.id === userId)) throw badRequest(`assigneeId: ${userId} is not a member of this workspace`);
    }

    async function assertTeam(workspaceId: string, teamId: string | null | undefined) {
      if (teamId && !(await getTeam(db, workspaceId, teamId))) throw badRequest(`teamId: ${teamId} is not a team of this workspace`);
    }

    r.post(
      '/tickets',
      {
        onRequest: ctx.guard('tickets:write'),
        schema: {
          tags: ['tickets'],
          summary: 'Open a ticket with its first message (a web form, an integration, a logged call)',
          body: z.object({
            customer: customerRef,
            subject: z.string().trim().min(1).max(300),
            message: z.object({
              body: z.string().min(1).max(100_000),
              html: z.string().max(1_000_000).optional(),
              author: z.enum(['customer', 'agent']).default('customer'),
              public: z.boolean().default(true),
              call: callSchema.optional().describe('Log a phone call: the ticket is opened from it (use channel "phone")'),
            }),
            channel: z.enum(CHANNELS).default('api'),
            priority: z.enum(PRIORITIES).optional(),
            tags: z.array(z.string().max(100)).max(50).optional(),
            customFields: z.record(z.string(), z.unknown()).optional(),
            assigneeId: z.string().uuid().nullable().optional(),
            teamId: z.string().uuid().nullable().optional().describe('A routed team assigns the ticket to one of its online members'),
          }),
          response: { 201: ticketSchema },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        await assertMember(actor.workspaceId, req.body.assigneeId);
        await assertTeam(actor.workspaceId, req.body.teamId);
        if (req.body.customer.id && !(await getCustomer(db, actor.workspaceId, req.body.customer.id))) throw notFound('Customer');
        const { ticket } = await db.transaction((tx) =>
          createTicket(
            tx,
            deps,
            actor.workspaceId,
            {
              ...req.body,
              message: {
                body: req.body.message.body,
                html: req.body.message.html,
                public: req.body.message.public,
                authorKind: req.body.message.author,
                authorUserId: req.body.message.author === 'agent' && actor.kind === 'user' ? actor.userId : null,
                call: req.body.message.call,
              },
            },
            ticketActorOf(actor),
          ),
        );
        announce(deps, ticket, 'ticket.created');
        return reply.code(201).send((await present([ticket]))[0]!);
      },
    );

    r.get(
      '/tickets',
      {
        onRequest: ctx.guard('tickets:read'),
        schema: {
          tags: ['tickets'],
          summary: 'List tickets, most recently updated first',
          querystring: z.object({
            status: z.string().optional().describe(`Comma-separated: ${STATUSES.join(', ')}`),
            assignee: z.string().optional().describe('A user id, "me" or "none"'),
            customerEmail: z.string().optional(),
            tag: z.string().optional(),
            team: z.string().uuid().optional().describe('A team id'),
            sla: z.enum(['at-risk']).optional().describe('at-risk: unsolved tickets whose next SLA deadline is within the warning time or already passed, most urgent first (no cursor)'),
            cursor: z.string().optional(),
            limit: limitSchema.default(50),
          }),
          response: { 200: pageOf(ticketSchema) },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        const q = req.query;
        if (q.sla === 'at-risk') {
          const policy = (await loadSlaPolicy(db, actor.workspaceId)) ?? defaultPolicy(ctx.config.timeZone);
          const before = new Date(Date.now() + policy.warnBeforeMinutes * 60_000);
          return { data: await present(await listSlaAtRisk(db, actor.workspaceId, before, q.limit)), nextCursor: null };
        }
        const status = q.status?.split(',').map((s) => s.trim()).filter(Boolean);
        const unknown = status?.filter((s) => !(STATUSES as readonly string[]).includes(s));
        if (unknown?.length) throw badRequest(`status: unknown ${unknown.join(', ')} (one of ${STATUSES.join(', ')})`);
        let assigneeId: string | null | undefined;
        if (q.assignee === 'none') assigneeId = null;
        else if (q.assignee === 'me') {
          if (actor.kind !== 'user') throw badRequest('assignee=me needs a logged-in user; a key has no tickets of its own');
          assigneeId = actor.userId;
        }
        else if (q.assignee) {
          if (!isUuid(q.assignee)) throw badRequest('assignee: a user id, "me" or "none"');
          assigneeId = q.assignee;
        }
        let customerIds: string[] | undefined;
        if (q.customerEmail) {
          const c = await findByIdentity(db, actor.workspaceId, { kind: 'email', value: q.customerEmail });
          customerIds = c ? [(await getCustomer(db, actor.workspaceId, c.id))!.id] : [];
        }
        const after = q.cursor ? decodeCursor(q.cursor, z.tuple([z.string().datetime(), z.string().uuid()])) : undefined;
        const rows = await listTickets(db, actor.workspaceId, { status, assigneeId, teamId: q.team, customerIds, tag: q.tag?.toLowerCase(), after: after && { updatedAt: after[0], id: after[1] }, limit: q.limit + 1 });
        const page = rows.slice(0, q.limit);
        const last = page[page.length - 1];
        return { data: await present(page), nextCursor: rows.length > q.limit && last ? encodeCursor([last.updatedAt.toISOString(), last.id]) : null };
      },
    );

    r.get(
      '/tickets/:id',
      {
        onRequest: ctx.guard('tickets:read'),
        schema: {
          tags: ['tickets'],
          summary: 'A ticket with its messages, notes and full history',
          params: idParams,
          response: { 200: ticketSchema.extend({ messages: z.array(messageSchema), events: z.array(ticketEventSchema), customerIdentities: z.array(z.object({ kind: z.string(), value: z.string() })), sla: slaSchema }) },
        },
      },
      async (req) => {
        const ticket = await load(actorOf(req).workspaceId, req.params.id);
        const messages = await messagesOf(db, ticket.id);
        const attachments = await attachmentsOf(db, messages.map((m) => m.id));
        const identities = await identitiesOf(db, [ticket.customerId]);
        const sentiments = await sentimentsOf(db, ticket.workspaceId, 'ticket_message', messages.filter((m) => m.authorKind === 'customer').map((m) => m.id));
        const events = await eventsOf(db, ticket.id);
        const policy = (await loadSlaPolicy(db, ticket.workspaceId)) ?? defaultPolicy(ctx.config.timeZone);
        return {
          ...(await present([ticket]))[0]!,
          messages: messages.map((m) => presentMessage(m, attachments.filter((a) => a.messageId === m.id).map(({ messageId: _, ...a }) => a), sentiments.get(m.id))),
          events: events.map(presentEvent),
          customerIdentities: identities.get(ticket.customerId) ?? [],
          sla: slaState(policy, ticket.priority, toHistory({ ticket, events }), Date.now()),
        };
      },
    );

    r.patch(
      '/tickets/:id',
      {
        onRequest: ctx.guard('tickets:write'),
        schema: {
          tags: ['tickets'],
          summary: 'Change status, priority, assignee, tags, custom fields or subject (409 for a status move the rules refuse)',
          params: idParams,
          body: z
            .object({
              status: z.enum(STATUSES).optional(),
              priority: z.enum(PRIORITIES).optional(),
              assigneeId: z.string().uuid().nullable().optional(),
              teamId: z.string().uuid().nullable().optional(),
              tags: z.array(z.string().max(100)).max(50).optional(),
              customFields: z.record(z.string(), z.unknown()).optional(),
              subject: z.string().trim().min(1).max(300).optional(),
            })
            .strict(),
          response: { 200: ticketSchema },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        await load(actor.workspaceId, req.params.id);
        await assertMember(actor.workspaceId, req.body.assigneeId);
        await assertTeam(actor.workspaceId, req.body.teamId);
        const updated = await db.transaction((tx) => updateTicket(tx, deps, actor.workspaceId, req.params.id, req.body, ticketActorOf(actor)));
        announce(deps, updated!, 'ticket.updated');
        return (await present([updated!]))[0]!;
      },
    );

    r.post(
      '/tickets/:id/messages',
      {
        onRequest: ctx.guard('tickets:write'),
        schema: {
          tags: ['tickets'],
          summary: 'Add a public reply (emailed to the customer on email tickets), an internal note (public: false), or a customer message',
          params: idParams,
          body: z.object({
            body: z.string().min(1).max(100_000),
            html: z.string().max(1_000_000).optional(),
            public: z.boolean().default(true),
            author: z.enum(['agent', 'customer']).default('agent'),
            call: callSchema.optional().describe('Log a phone call on this ticket; the body holds the call notes'),
          }),
          response: { 201: messageSchema },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const { message, ticket } = await db.transaction(async (tx) => {
          const ticket = await getTicket(tx, actor.workspaceId, req.params.id, true).catch(() => undefined);
          if (!ticket || !isUuid(req.params.id)) throw notFound('Ticket');
          return addMessage(
            tx,
            deps,
            actor.workspaceId,
            ticket,
            {
              authorKind: req.body.author,
              authorUserId: req.body.author === 'agent' && actor.kind === 'user' ? actor.userId : null,
              public: req.body.public,
              body: req.body.body,
              html: req.body.html,
              // A logged call is a phone message whatever channel the ticket came in on.
              channel: req.body.call ? 'phone' : ticket.channel,
              call: req.body.call,
            },
            ticketActorOf(actor),
          );
        });
        announce(deps, ticket, 'ticket.message', { messageId: message.id, public: message.public, author: message.authorKind });
        return reply.code(201).send(presentMessage(message, []));
      },
    );

    r.get(
      '/tickets/:id/attachments/:attachmentId',
      { onRequest: ctx.guard('tickets:read'), schema: { tags: ['tickets'], summary: 'Download an attachment', params: z.object({ id: z.string(), attachmentId: z.string() }) } },
      async (req, reply) => {
        const { workspaceId } = actorOf(req);
        const { id, attachmentId } = req.params;
        const attachment = isUuid(id) && isUuid(attachmentId) ? await getAttachment(db, workspaceId, id, attachmentId) : undefined;
        if (!attachment) throw notFound('Attachment');
        // Always a download, never rendered inline: an attached HTML file must not run in our origin.
        return reply
          .header('content-type', 'application/octet-stream')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`)
          .header('x-content-type-options', 'nosniff')
          .send(attachment.content);
      },
    );
  };
}
