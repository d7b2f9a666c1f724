import { z } from 'zod';
import type { Customer, Identity } from './store.ts';

export const identitySchema = z.object({ kind: z.enum(['user_id', 'email', 'phone', 'anonymous_id']), value: z.string() });

export const customerSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  traits: z.record(z.string(), z.unknown()),
  identities: z.array(identitySchema),
  firstSeenAt: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
  createdAt: z.string(),
});

export type CustomerView = z.infer<typeof customerSchema>;

export function presentCustomer(c: Customer, identities: Identity[]): CustomerView {
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    traits: c.traits,
    identities,
    firstSeenAt: c.firstSeenAt?.toISOString() ?? null,
    lastSeenAt: c.lastSeenAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
  };
}
