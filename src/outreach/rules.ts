import { z } from 'zod';
import { PRIORITIES } from '../service/status.ts';
import { loopConditionSchema } from '../feedback/loop.ts';

// Outreach rules as data: what starts them and what they do, validated at the
// edge and stored as JSON; pure helpers for the words they write.

export const outreachTriggerSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('slipping_away'),
      pAliveBelow: z.number().gt(0).lt(1).describe('P(alive) under this (BG/NBD, refreshed daily)'),
      minClv: z.number().min(0).default(0).describe('Only customers whose 12-month CLV is at least this: the high-value ones'),
    })
    .strict(),
  z.object({ kind: z.literal('need_help'), minProbability: z.number().gt(0).lt(1).describe('Need-for-help chance (7 days) at least this') }).strict(),
  z.object({ kind: z.literal('event'), event: z.string().trim().min(1).max(200).describe('A journey event, e.g. "Delivery Delayed"; acted on as it arrives') }).strict(),
  z
    .object({ kind: z.literal('answer'), condition: loopConditionSchema.describe('As a closed-loop rule’s: e.g. {kind: "nps", min: 9} for promoters') })
    .strict()
    .describe('A survey answer that matches, once it is final (complete, or 30 minutes after the score was clicked): how a promoter is invited to refer a friend'),
]);
export type OutreachTrigger = z.infer<typeof outreachTriggerSchema>;

const subject = z.string().trim().min(1).max(300);
export const outreachActionSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('message'),
      subject,
      body: z.string().trim().min(1).max(20_000).describe('Plain text; {name} is the customer’s first name, {reason} why the rule matched'),
      reviewInvitation: z.boolean().default(false).describe('An invitation to review you online: refused on an answer trigger, since review sites forbid asking only happy customers'),
    })
    .strict()
    .describe('Email the customer first: a ticket with the message as an agent’s reply, so their answer threads back to it'),
  z
    .object({ type: z.literal('ticket'), teamId: z.string().uuid().nullable().default(null), priority: z.enum(PRIORITIES).default('normal'), subject })
    .strict()
    .describe('A task for a team: a ticket whose first message is an internal note with the reason, routed and timed like any'),
  z.object({ type: z.literal('segment'), segmentId: z.string().uuid() }).strict().describe('Add the customer to a segment'),
]);
export type OutreachAction = z.infer<typeof outreachActionSchema>;

/** The words of a message: placeholders filled, nothing else interpreted (the mail is plain text). */
export function fillTemplate(text: string, vars: { name: string | null; reason: string }): string {
  const first = vars.name?.trim().split(/\s+/)[0];
  return text.replaceAll('{name}', first || 'there').replaceAll('{reason}', vars.reason);
}

const percent = (p: number) => `${Math.round(p * 100)}%`;

/** Review sites forbid "gating" (asking only customers who scored well), so a review invitation may not hang on an answer. */
export function gatingProblem(trigger: OutreachTrigger | undefined, action: OutreachAction | undefined): string | null {
  return trigger?.kind === 'answer' && action?.type === 'message' && action.reviewInvitation
    ? 'A review invitation cannot depend on a survey answer: review sites forbid asking only the happy customers. Send it on an event (e.g. "Order Delivered") to everyone.'
    : null;
}

export function reasonFor(trigger: OutreachTrigger, facts: { pAlive?: number; clv?: number; probability?: number; answer?: string }): string {
  switch (trigger.kind) {
    case 'slipping_away':
      return `P(alive) ${percent(facts.pAlive ?? 0)} (under ${percent(trigger.pAliveBelow)}), CLV ${(facts.clv ?? 0).toFixed(2)}`;
    case 'need_help':
      return `Need-for-help chance ${percent(facts.probability ?? 0)} in 7 days (at least ${percent(trigger.minProbability)})`;
    case 'event':
      return `${trigger.event}`;
    case 'answer':
      return facts.answer ?? 'A matching survey answer';
  }
}
