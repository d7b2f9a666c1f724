import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.ts';
import { inSample } from '../platform/sampling.ts';
import { getCustomer } from '../customers/store.ts';
import { createTicket, type ServiceDeps } from '../service/tickets.ts';
import { addMembers, getSegment } from '../segments/store.ts';
import { publishEvent } from '../webhooks/publish.ts';
import { fillTemplate } from './rules.ts';
import { insertAction, lastActionSince, type OutreachActionRow, type OutreachRule } from './store.ts';

const DAY = 86_400_000;

/** Held out by customer, not by occasion: the control group of a rule stays the same people. */
export function isHeldOut(rule: Pick<OutreachRule, 'id' | 'holdoutPercent'>, customerId: string): boolean {
  return inSample(rule.holdoutPercent, `outreach-holdout:${rule.id}:${customerId}`);
}

/**
 * Acts on one customer for one rule, in the caller's transaction: at most once per
 * cooldown (the lock makes two workers take turns), a fixed share held out as a
 * control group, and every outcome recorded with its reason. Returns null when the
 * cooldown says not again yet.
 */
export async function fireRule(db: Db, deps: ServiceDeps, rule: OutreachRule, customerId: string, reason: string, at = new Date()): Promise<OutreachActionRow | null> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`outreach:${rule.id}:${customerId}`}))`);
  if (await lastActionSince(db, rule.id, customerId, new Date(at.getTime() - rule.cooldownDays * DAY))) return null;
  const customer = await getCustomer(db, rule.workspaceId, customerId);
  if (!customer) return null;
  const heldOut = isHeldOut(rule, customer.id);
  let result: string = 'held_out';
  let ticketId: string | null = null;
  const actor = { kind: 'system' as const, id: `outreach-rule:${rule.id}` };
  const a = rule.action;
  if (!heldOut && a.type === 'message') {
    if (!customer.email) result = 'skipped_no_email';
    else {
      const body = fillTemplate(a.body, { name: customer.name, reason });
      const { ticket } = await createTicket(
        db,
        deps,
        rule.workspaceId,
        {
          customer: { id: customer.id },
          subject: fillTemplate(a.subject, { name: customer.name, reason }),
          channel: 'email',
          tags: ['outreach'],
          customFields: { outreachRuleId: rule.id },
          message: { authorKind: 'agent', public: true, body },
        },
        actor,
      );
      [result, ticketId] = ['message', ticket.id];
    }
  } else if (!heldOut && a.type === 'ticket') {
    const { ticket } = await createTicket(
      db,
      deps,
      rule.workspaceId,
      {
        customer: { id: customer.id },
        subject: a.subject,
        channel: customer.email ? 'email' : 'api',
        priority: a.priority,
        teamId: a.teamId,
        tags: ['outreach'],
        customFields: { outreachRuleId: rule.id },
        message: { authorKind: 'system', public: false, body: `Outreach rule "${rule.name}": ${reason}. Reach out before they have to.` },
      },
      actor,
    );
    [result, ticketId] = ['ticket', ticket.id];
  } else if (!heldOut && a.type === 'segment') {
    const segment = await getSegment(db, rule.workspaceId, a.segmentId);
    if (!segment) result = 'skipped_segment_deleted';
    else {
      await addMembers(db, segment, [customer.id], `outreach-rule:${rule.id}`);
      result = 'segment';
    }
  }
  const action = await insertAction(db, { workspaceId: rule.workspaceId, ruleId: rule.id, customerId: customer.id, firedAt: at, reason, heldOut, result, ticketId });
  await publishEvent(db, deps.jobs, rule.workspaceId, 'outreach.fired', { ruleId: rule.id, ruleName: rule.name, customerId: customer.id, reason, heldOut, result, ticketId });
  return action;
}
