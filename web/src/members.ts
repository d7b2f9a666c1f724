import { api } from './api';
import { useAsync } from './useAsync';
import type { Member } from './types';

/** The people of the workspace (assignees, authors of replies and notes). */
export function useMembers() {
  return useAsync(() => api.get<{ data: Member[] }>('/users').then((r) => r.data), []);
}
