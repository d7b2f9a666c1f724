// Who gets a team's next ticket: a pure function of the members' state, so the
// fairness rules read in one place and are tested without a database.

export type Availability = 'online' | 'away' | 'offline';
export type Routing = 'round-robin' | 'load';

export interface Candidate {
  userId: string;
  availability: Availability;
  /** How many open tickets the agent takes at once. */
  capacity: number;
  /** Open tickets assigned to the agent now, in every team. */
  load: number;
  /** When this team last gave the agent a ticket; null: never. */
  lastAssignedAt: Date | null;
}

/** Never assigned first, then longest ago; the user id makes ties stable. */
function byLastAssigned(a: Candidate, b: Candidate): number {
  const at = (c: Candidate) => c.lastAssignedAt?.getTime() ?? -Infinity;
  return at(a) - at(b) || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);
}

/**
 * Round-robin: the online member with room who was assigned longest ago.
 * Load: the online member with the smallest share of their capacity in use,
 * ties to the one assigned longest ago. Null when nobody is online with room.
 */
export function pickAssignee(routing: Routing, candidates: readonly Candidate[]): string | null {
  const eligible = candidates.filter((c) => c.availability === 'online' && c.load < c.capacity);
  const order = routing === 'load' ? (a: Candidate, b: Candidate) => a.load / a.capacity - b.load / b.capacity || byLastAssigned(a, b) : byLastAssigned;
  return eligible.sort(order)[0]?.userId ?? null;
}
