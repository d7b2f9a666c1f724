import { z } from 'zod';
import type { ApiKey } from './store.ts';

// Explicit field lists: a new column never leaks into the API by accident.

export const roleSchema = z.enum(['admin', 'agent', 'analyst']);

export const workspaceRefSchema = z.object({ id: z.string(), slug: z.string(), name: z.string(), role: roleSchema });

export const meSchema = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  workspace: workspaceRefSchema,
  workspaces: z.array(workspaceRefSchema),
});

export const apiKeySchema = z.object({
  id: z.string(),
  type: z.enum(['write', 'secret']),
  name: z.string(),
  prefix: z.string().describe('The first characters of the key, to tell keys apart'),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});

export function presentApiKey(k: ApiKey): z.infer<typeof apiKeySchema> {
  return {
    id: k.id,
    type: k.type,
    name: k.name,
    prefix: k.prefix,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  };
}

export const memberSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  status: z.enum(['active', 'deactivated', 'removed']).describe('Deactivated: may not log in here until reactivated. Removed: no longer a member'),
  createdAt: z.string(),
});

export const sessionPolicySchema = z.object({
  idleHours: z.number().int().min(1).max(720).describe('A session unused this long ends (1 to 720 hours)'),
  maxHours: z.number().int().min(1).max(2160).describe('A session ends this long after login, used or not (1 to 2160 hours, 90 days)'),
});
