import { api } from './api';
import { useLiveEvents, useLiveRefetch } from './live';
import { useAsync } from './useAsync';
import type { Agent, Availability, Team, TeamRouting } from './types';

// How routing reads to people: labels and hints for availability and routing
// modes, and the live lists of teams and agents.

export const AVAILABILITY_LABELS: Record<Availability, string> = { online: 'Online', away: 'Away', offline: 'Offline' };

export const AVAILABILITY_HINTS: Record<Availability, string> = {
  online: 'Routing gives you new tickets',
  away: 'No new tickets for now; you keep yours',
  offline: 'Not working: no new tickets',
};

export const ROUTING_LABELS: Record<TeamRouting, string> = { 'round-robin': 'Round-robin', load: 'By load', manual: 'Manual' };

export const ROUTING_HINTS: Record<TeamRouting, string> = {
  'round-robin': 'Online members with room take turns; the oldest waiting ticket goes first.',
  load: 'The online member with the most room (open tickets over capacity) gets the oldest waiting ticket.',
  manual: 'Nobody is assigned automatically: agents pick tickets themselves.',
};

export function useTeams() {
  return useAsync(() => api.get<{ data: Team[] }>('/teams').then((r) => r.data), []);
}

/** Agents with availability and load, refreshed as tickets and statuses change. */
export function useAgents() {
  const agents = useAsync(() => api.get<{ data: Agent[] }>('/agents').then((r) => r.data), []);
  useLiveRefetch(agents.reload);
  useLiveEvents((e) => {
    if (e.type === 'agent.status') agents.reload();
  });
  return agents;
}
