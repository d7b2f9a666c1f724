import { api } from './api';
import { useAsync } from './useAsync';
import type { Member } from './types';

/**
 * Everyone who is or was a member of the workspace: the names on tickets, replies
 * and notes stay after a person leaves. Offer only `assignable` ones in pickers.
 */
export function useMembers() {
  return useAsync(() => api.get<{ data: Member[] }>('/users?include=removed').then((r) => r.data), []);
}

/** Those who can be given work now. */
export function assignable(members: Member[] | undefined): Member[] {
  return (members ?? []).filter((m) => m.status === 'active');
}

/** A person's name as a picker shows it: who is no longer active says so. */
export function memberLabel(m: Member): string {
  const name = m.name || m.email;
  return m.status === 'active' ? name : `${name} (${m.status})`;
}
