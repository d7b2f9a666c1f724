import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DomainRoutes } from '../../platform/http/app.ts';
import { actorOf } from '../../platform/http/access.ts';
import { badRequest, notFound } from '../../platform/http/errors.ts';
import { recordJourneyEntry } from '../../journeys/store.ts';
import { getTicket, insertEvents } from '../store.ts';
import { conversationTouchpointId, ticketActorOf } from '../tickets.ts';
import { formatMoney, fromMinor, isCurrency, toMinor } from './money.ts';
import { deleteRecovery, insertRecovery, RECOVERY_KINDS, recoveriesOf, type Recovery } from './store.ts';
import { isUuid } from '../../platform/http/ids.ts';

// Service recovery: what was done to make it right for the customer (a replacement,
// a refund, a discount, an apology), with its cost. It goes on the ticket's history
// and on the customer's journey, where it can later be set against their loyalty.


const recoverySchema = z.object({
  id: z.string(),
  ticketId: z.string(),
  kind: z.enum(RECOVERY_KINDS),
  cost: z.number().describe('In the currency’s major unit (12.5 = €12.50)'),
  currency: z.string(),
  note: z.string().nullable(),
  createdBy: z.string().nullable(),
  at: z.string(),
});

const presentRecovery = (r: Recovery): z.infer<typeof recoverySchema> => ({
  id: r.id,
  ticketId: r.ticketId,
  kind: r.kind,
  cost: fromMinor(r.costMinor, r.currency),
  currency: r.currency,
  note: r.note,
  createdBy: r.createdBy,
  at: r.at.toISOString(),
});

const LABELS: Record<Recovery['kind'], string> = { replacement: 'Replacement', refund: 'Refund', discount: 'Discount', credit: 'Store credit', apology: 'Apology', other: 'Recovery' };

export const recoveryRoutes: DomainRoutes = async (app, { ctx }) => {
  const { db } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();

  async function loadTicket(workspaceId: string, id: string) {
    const ticket = isUuid(id) ? await getTicket(db, workspaceId, id) : undefined;
    if (!ticket) throw notFound('Ticket');
    return ticket;
  }

  r.get(
    '/tickets/:id/recoveries',
    { onRequest: ctx.guard('tickets:read'), schema: { tags: ['tickets'], summary: 'What was done to make it right on this ticket', params: z.object({ id: z.string() }), response: { 200: z.object({ data: z.array(recoverySchema) }) } } },
    async (req) => {
      const { workspaceId } = actorOf(req);
      const ticket = await loadTicket(workspaceId, req.params.id);
      return { data: (await recoveriesOf(db, workspaceId, ticket.id)).map(presentRecovery) };
    },
  );

  r.post(
    '/tickets/:id/recoveries',
    {
      onRequest: ctx.guard('tickets:write'),
      schema: {
        tags: ['tickets'],
        summary: 'Record a service recovery (replacement, refund, discount, credit, apology) and its cost',
        params: z.object({ id: z.string() }),
        body: z
          .object({
            kind: z.enum(RECOVERY_KINDS),
            cost: z.number().min(0).max(10_000_000).default(0),
            currency: z.string().trim().toUpperCase().default('EUR').describe('ISO 4217 code'),
            note: z.string().trim().max(2000).nullable().optional(),
          })
          .strict(),
        response: { 201: recoverySchema },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const ticket = await loadTicket(actor.workspaceId, req.params.id);
      const { kind, cost, currency } = req.body;
      if (!isCurrency(currency)) throw badRequest(`currency: "${currency}" is not an ISO 4217 currency code`);
      const costMinor = toMinor(cost, currency);
      if (costMinor === null) throw badRequest(`cost: ${cost} has more decimals than ${currency} allows`);
      const createdBy = actor.kind === 'user' ? actor.userId : null;
      const recovery = await db.transaction(async (tx) => {
        const saved = await insertRecovery(tx, { workspaceId: actor.workspaceId, ticketId: ticket.id, kind, costMinor, currency, note: req.body.note ?? null, createdBy });
        const actorRef = ticketActorOf(actor);
        await insertEvents(tx, [{ workspaceId: actor.workspaceId, ticketId: ticket.id, actorKind: actorRef.kind, actorId: actorRef.id, type: 'recovery', toValue: { id: saved.id, kind, cost, currency }, at: saved.at }]);
        await recordJourneyEntry(tx, {
          workspaceId: actor.workspaceId,
          customerId: ticket.customerId,
          kind: 'recovery',
          name: `${LABELS[kind]}${costMinor > 0 ? ` (${formatMoney(costMinor, currency)})` : ''} on #${ticket.number}`,
          at: saved.at,
          touchpointId: await conversationTouchpointId(tx, actor.workspaceId, ticket.channel),
          properties: { ticket: ticket.number, kind, cost, currency, ...(saved.note ? { note: saved.note } : {}) },
          source: 'service',
          ref: { type: 'ticket_recovery', id: saved.id },
        });
        return saved;
      });
      return reply.code(201).send(presentRecovery(recovery));
    },
  );

  r.delete(
    '/tickets/:id/recoveries/:recoveryId',
    { onRequest: ctx.guard('tickets:write'), schema: { tags: ['tickets'], summary: 'Remove a recovery recorded by mistake (the history keeps that it was removed)', params: z.object({ id: z.string(), recoveryId: z.string() }) } },
    async (req, reply) => {
      const actor = actorOf(req);
      const ticket = await loadTicket(actor.workspaceId, req.params.id);
      if (!isUuid(req.params.recoveryId)) throw notFound('Recovery');
      await db.transaction(async (tx) => {
        const removed = await deleteRecovery(tx, actor.workspaceId, ticket.id, req.params.recoveryId);
        if (!removed) throw notFound('Recovery');
        const actorRef = ticketActorOf(actor);
        await insertEvents(tx, [{ workspaceId: actor.workspaceId, ticketId: ticket.id, actorKind: actorRef.kind, actorId: actorRef.id, type: 'recovery.removed', fromValue: presentRecovery(removed) }]);
      });
      return reply.code(204).send();
    },
  );
};
