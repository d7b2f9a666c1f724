import { z } from 'zod';
import type { AgentState, Team, TeamMember } from './store.ts';

const ROUTINGS = ['manual', 'round-robin', 'load'] as const;
export const AVAILABILITIES = ['online', 'away', 'offline'] as const;

export const teamSchema = z.object({
  id: z.string(),
  name: z.string(),
  routing: z.enum(ROUTINGS).describe('manual: nobody is assigned automatically; round-robin: members take turns; load: the member with the most room'),
  members: z.array(z.object({ userId: z.string(), name: z.string(), lastAssignedAt: z.string().nullable() })),
  createdAt: z.string(),
});

export const agentSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(['admin', 'agent']),
  availability: z.enum(AVAILABILITIES),
  capacity: z.number().describe('Open tickets routing gives the agent at most'),
  load: z.number().describe('Open tickets (new or open) assigned to the agent now'),
  teamIds: z.array(z.string()),
});

export const agentStatusSchema = z.object({ userId: z.string(), availability: z.enum(AVAILABILITIES), capacity: z.number() });

export const routingSchema = z.enum(ROUTINGS);

export function presentTeam(t: Team, members: TeamMember[], names: Map<string, string>): z.infer<typeof teamSchema> {
  return {
    id: t.id,
    name: t.name,
    routing: t.routing,
    members: members
      .filter((m) => m.teamId === t.id)
      .map((m) => ({ userId: m.userId, name: names.get(m.userId) ?? '', lastAssignedAt: m.lastAssignedAt?.toISOString() ?? null })),
    createdAt: t.createdAt.toISOString(),
  };
}

export function presentAgentStatus(userId: string, s: AgentState): z.infer<typeof agentStatusSchema> {
  return { userId, availability: s.availability, capacity: s.capacity };
}
