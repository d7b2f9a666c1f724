import type { Customer } from './types';

/** How a customer is called in lists and headers: the name, else the email, else an anonymous visitor. */
export function customerTitle(c: Pick<Customer, 'name' | 'email'>): string {
  return c.name || c.email || 'Anonymous visitor';
}

export function firstAnonymousId(c: Customer): string | null {
  return c.identities.find((i) => i.kind === 'anonymous_id')?.value ?? null;
}

/** The line under the title: the email (when the name is the title), or the first anonymous id. */
export function customerSubtitle(c: Customer): string | null {
  if (c.name && c.email) return c.email;
  if (!c.name && !c.email) return firstAnonymousId(c);
  return null;
}

export function userIdOf(c: Customer): string | null {
  return c.identities.find((i) => i.kind === 'user_id')?.value ?? null;
}

export const IDENTITY_LABELS: Record<string, string> = {
  user_id: 'User ID',
  email: 'Email',
  phone: 'Phone',
  anonymous_id: 'Anonymous ID',
};
