import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db/client.ts';
import { importTickets, type ImportedTicket } from '../service/import.ts';
import { offlineServiceDeps } from '../service/offline-deps.ts';
import type { DemoContact } from './cafe.ts';

/**
 * The demo's support tickets: each contact of the generator (the ground truth of
 * who wrote and why) becomes a ticket with the customer's message, an agent's
 * reply and, when it is over, its solving, at their original times. Imported by
 * id, so re-running the demo adds nothing.
 */
export async function seedDemoSupport(db: Db, config: Config, workspaceId: string, contacts: DemoContact[], seed: number): Promise<number> {
  const now = Date.now();
  const tickets: ImportedTicket[] = contacts.map((c, i) => {
    const at = Date.parse(c.at);
    // The reply comes within hours, before the ticket is solved (and not in the future).
    const replyAt = Math.min(at + 2 * 3_600_000, c.solvedAt ? Date.parse(c.solvedAt) - 60_000 : Infinity);
    const reply = replyAt > at && replyAt < now ? [{ author: 'agent' as const, public: true, body: c.reply, at: new Date(replyAt).toISOString() }] : [];
    return {
      externalId: `demo-s${seed}-contact-${i}`,
      customer: { email: c.email, userId: c.userId, name: c.name },
      subject: c.subject,
      channel: i % 4 === 0 ? 'chat' : 'email',
      priority: c.cause === 'payment_failed' ? 'high' : 'normal',
      tags: [c.cause.replace('_', '-')],
      createdAt: c.at,
      messages: [{ author: 'customer', public: true, body: c.body, at: c.at }, ...reply],
      statusChanges: c.solvedAt && reply.length ? [{ status: 'solved', at: c.solvedAt }] : [],
    };
  });
  const deps = offlineServiceDeps(db, config);
  let imported = 0;
  for (let i = 0; i < tickets.length; i += 200) imported += (await importTickets(db, deps, workspaceId, tickets.slice(i, i + 200))).imported;
  return imported;
}
