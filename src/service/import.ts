import { z } from 'zod';
import type { Db } from '../platform/db/client.ts';
import { badRequest } from '../platform/http/errors.ts';
import { queryRows } from '../platform/db/query.ts';
import { instant, WINDOWS } from '../platform/http/dates.ts';
import { sql } from 'drizzle-orm';
import { CHANNELS, PRIORITIES, STATUSES, canMove, type Status } from './status.ts';
import { addMessage, createTicket, IMPORT_ACTOR, updateTicket, type ServiceDeps } from './tickets.ts';

// History import: tickets with their messages and status changes at their
// original times, so that service metrics over imported history are exact.

const time = instant(WINDOWS.happened);

export const importedTicketSchema = z.object({
  externalId: z.string().min(1).max(200).describe('Your id: a ticket already imported with it is skipped'),
  customer: z
    .object({ email: z.string().email().optional(), userId: z.string().max(500).optional(), name: z.string().max(200).optional() })
    .refine((c) => c.email || c.userId, { message: 'Name the customer by email or userId' }),
  subject: z.string().trim().min(1).max(300),
  channel: z.enum(CHANNELS),
  priority: z.enum(PRIORITIES).default('normal'),
  tags: z.array(z.string().max(100)).max(50).default([]),
  createdAt: time,
  messages: z
    .array(z.object({ author: z.enum(['customer', 'agent']), public: z.boolean().default(true), body: z.string().min(1).max(100_000), at: time }))
    .min(1)
    .max(1000),
  statusChanges: z.array(z.object({ status: z.enum(STATUSES), at: time })).max(1000).default([]),
});

export const ticketImportSchema = z.object({ tickets: z.array(importedTicketSchema).min(1).max(500) });
export type ImportedTicket = z.infer<typeof importedTicketSchema>;

type Step = { at: number; kind: 'message'; message: ImportedTicket['messages'][number] } | { at: number; kind: 'status'; status: Status };

/** Checks one ticket's timeline before anything is written; throws a 400 naming the problem. */
export function planTicket(t: ImportedTicket, index: number): Step[] {
  const where = `tickets[${index}]`;
  const created = Date.parse(t.createdAt);
  if (created > Date.now() + 60_000) throw badRequest(`${where}.createdAt: in the future`);
  const steps: Step[] = [
    ...t.messages.map((m) => ({ at: Date.parse(m.at), kind: 'message' as const, message: m })),
    ...t.statusChanges.map((c) => ({ at: Date.parse(c.at), kind: 'status' as const, status: c.status })),
  ].sort((a, b) => a.at - b.at || (a.kind === 'message' ? -1 : 1));
  for (const s of steps) if (s.at < created) throw badRequest(`${where}: an event at ${new Date(s.at).toISOString()} is before createdAt`);
  for (let m = 1; m < t.messages.length; m++) {
    if (Date.parse(t.messages[m]!.at) < Date.parse(t.messages[m - 1]!.at)) throw badRequest(`${where}.messages[${m}]: list messages in time order`);
  }
  let status: Status = 'new';
  for (const s of steps) {
    if (s.kind !== 'status') continue;
    if (status === 'closed' || !canMove(status, s.status)) throw badRequest(`${where}.statusChanges: a ${status} ticket cannot become ${s.status}`);
    status = s.status;
  }
  return steps;
}

export async function importTickets(db: Db, deps: ServiceDeps, workspaceId: string, tickets: ImportedTicket[]): Promise<{ imported: number; skipped: number }> {
  const plans = tickets.map((t, i) => planTicket(t, i));
  return db.transaction(async (tx) => {
    let imported = 0;
    let skipped = 0;
    for (const [i, t] of tickets.entries()) {
      const existing = await queryRows<{ id: string }>(tx, sql`select id from tickets where workspace_id = ${workspaceId} and custom_fields->>'importId' = ${t.externalId} limit 1`);
      if (existing.length > 0) {
        skipped++;
        continue;
      }
      const [opening, ...later] = t.messages;
      let { ticket } = await createTicket(
        tx,
        deps,
        workspaceId,
        {
          customer: t.customer,
          subject: t.subject,
          channel: t.channel,
          priority: t.priority,
          tags: t.tags,
          customFields: { importId: t.externalId },
          createdAt: new Date(t.createdAt),
          message: { authorKind: opening!.author, public: opening!.public, body: opening!.body, at: new Date(opening!.at), historical: true },
        },
        IMPORT_ACTOR,
      );
      for (const step of plans[i]!) {
        if (step.kind === 'message') {
          if (!later.includes(step.message)) continue;
          const m = step.message;
          ({ ticket } = await addMessage(tx, deps, workspaceId, ticket, { authorKind: m.author, public: m.public, body: m.body, channel: t.channel, at: new Date(step.at), historical: true }, IMPORT_ACTOR));
        } else {
          ticket = (await updateTicket(tx, deps, workspaceId, ticket.id, { status: step.status }, IMPORT_ACTOR, new Date(step.at)))!;
        }
      }
      imported++;
    }
    return { imported, skipped };
  });
}
