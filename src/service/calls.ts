import { z } from 'zod';

// A phone call logged on a ticket: as a new ticket ("customer called about…") or
// as a message on an existing one. The notes are the message's body.

export const CALL_DIRECTIONS = ['inbound', 'outbound'] as const;
export const CALL_OUTCOMES = ['resolved', 'follow-up', 'callback-requested', 'voicemail', 'no-answer', 'transferred'] as const;

export const callSchema = z.object({
  direction: z.enum(CALL_DIRECTIONS),
  durationSeconds: z.number().int().min(0).max(86_400),
  outcome: z.enum(CALL_OUTCOMES),
  /** The number called or calling, when it is not the customer's known one. */
  phone: z.string().trim().min(3).max(40).nullable().optional(),
});

export type CallDetails = z.infer<typeof callSchema>;
