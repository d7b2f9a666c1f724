import { z } from 'zod';
import { CHANNELS, PRIORITIES, STATUSES } from '../status.ts';

// Conditions and actions shared by macros (an agent applies them) and automations
// (a ticket event applies them). Stored as JSON; validated by these schemas at the edge.

const stringOps = z.enum(['is', 'is-not', 'contains', 'not-contains']);

export const conditionSchema = z.discriminatedUnion('field', [
  z.object({ field: z.literal('status'), op: z.enum(['is', 'is-not']), value: z.enum(STATUSES) }),
  z.object({ field: z.literal('priority'), op: z.enum(['is', 'is-not']), value: z.enum(PRIORITIES) }),
  z.object({ field: z.literal('channel'), op: z.enum(['is', 'is-not']), value: z.enum(CHANNELS) }),
  z.object({ field: z.literal('tag'), op: z.enum(['is', 'is-not']), value: z.string().trim().min(1).max(100) }),
  z.object({ field: z.literal('team'), op: z.enum(['is', 'is-not']), value: z.string().uuid().nullable() }),
  z.object({ field: z.literal('assignee'), op: z.enum(['is', 'is-not']), value: z.string().uuid().nullable() }),
  z.object({ field: z.literal('subject'), op: stringOps, value: z.string().min(1).max(500) }),
  z.object({ field: z.literal('message'), op: stringOps, value: z.string().min(1).max(500) }),
  z.object({ field: z.literal('customerEmail'), op: stringOps, value: z.string().min(1).max(320) }),
  z.object({ field: z.literal('author'), op: z.enum(['is', 'is-not']), value: z.enum(['customer', 'agent', 'system']) }),
]);

export const actionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('set-status'), value: z.enum(STATUSES) }),
  z.object({ type: z.literal('set-priority'), value: z.enum(PRIORITIES) }),
  z.object({ type: z.literal('add-tags'), value: z.array(z.string().trim().min(1).max(100)).min(1).max(20) }),
  z.object({ type: z.literal('remove-tags'), value: z.array(z.string().trim().min(1).max(100)).min(1).max(20) }),
  z.object({ type: z.literal('assign'), value: z.string().uuid().nullable() }),
  z.object({ type: z.literal('set-team'), value: z.string().uuid().nullable() }),
  z.object({ type: z.literal('reply'), value: z.string().min(1).max(20_000), public: z.boolean().default(true) }),
]);

export type Condition = z.infer<typeof conditionSchema>;
export type Action = z.infer<typeof actionSchema>;
