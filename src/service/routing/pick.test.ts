import { describe, expect, it } from 'vitest';
import { pickAssignee, type Candidate, type Routing } from './pick.ts';

const agent = (userId: string, over: Partial<Candidate> = {}): Candidate => ({ userId, availability: 'online', capacity: 1000, load: 0, lastAssignedAt: null, ...over });

/** Assigns `tickets` one by one as the routing job does (nobody solves any); returns who got how many. */
function simulate(routing: Routing, agents: Candidate[], tickets: number): Record<string, number> {
  const got: Record<string, number> = Object.fromEntries(agents.map((a) => [a.userId, 0]));
  for (let i = 0; i < tickets; i++) {
    const who = pickAssignee(routing, agents);
    if (!who) break;
    const a = agents.find((c) => c.userId === who)!;
    a.load++;
    a.lastAssignedAt = new Date(Date.UTC(2025, 0, 1) + i);
    got[who]!++;
  }
  return got;
}

describe('round-robin', () => {
  it('takes turns: 300 tickets over 3 agents are 100 each, in a fixed order', () => {
    const agents = [agent('c'), agent('a'), agent('b')];
    expect(pickAssignee('round-robin', agents)).toBe('a');
    expect(simulate('round-robin', agents, 300)).toEqual({ a: 100, b: 100, c: 100 });
  });

  it('goes on from the member assigned longest ago, whatever their load', () => {
    const agents = [agent('a', { lastAssignedAt: new Date('2025-01-02'), load: 0 }), agent('b', { lastAssignedAt: new Date('2025-01-01'), load: 5 })];
    expect(pickAssignee('round-robin', agents)).toBe('b');
  });

  it('skips an agent at capacity and gives the turn back when they have room', () => {
    const agents = [agent('a', { capacity: 2 }), agent('b'), agent('c')];
    expect(simulate('round-robin', agents, 30)).toEqual({ a: 2, b: 14, c: 14 });
    agents[0]!.load = 0;
    expect(pickAssignee('round-robin', agents)).toBe('a');
  });

  it('never picks an agent away or offline, or with no capacity', () => {
    const agents = [agent('a', { availability: 'away' }), agent('b', { availability: 'offline' }), agent('c', { capacity: 0 }), agent('d')];
    expect(simulate('round-robin', agents, 10)).toEqual({ a: 0, b: 0, c: 0, d: 10 });
  });

  it('gives nobody a ticket when nobody is online with room', () => {
    expect(pickAssignee('round-robin', [agent('a', { availability: 'away' }), agent('b', { capacity: 1, load: 1 })])).toBeNull();
    expect(pickAssignee('round-robin', [])).toBeNull();
  });
});

describe('by load', () => {
  it('evens out a backlog: the least loaded share of capacity first', () => {
    const agents = [agent('a', { load: 4, capacity: 10 }), agent('b', { load: 0, capacity: 10 }), agent('c', { load: 2, capacity: 10 })];
    expect(simulate('load', agents, 6).b).toBe(4);
    expect(agents.map((a) => a.load)).toEqual([4, 4, 4]);
  });

  it('fills each agent in proportion to capacity and stops when all are full', () => {
    const agents = [agent('a', { capacity: 2 }), agent('b', { capacity: 4 }), agent('c', { capacity: 6 })];
    expect(simulate('load', agents, 100)).toEqual({ a: 2, b: 4, c: 6 });
    expect(pickAssignee('load', agents)).toBeNull();
  });

  it('is fair over many tickets when agents have equal capacity and solve as fast', () => {
    const agents = [agent('a', { capacity: 5 }), agent('b', { capacity: 5 }), agent('c', { capacity: 5 })];
    const got: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 300; i++) {
      const who = pickAssignee('load', agents)!;
      const a = agents.find((c) => c.userId === who)!;
      a.load++;
      a.lastAssignedAt = new Date(Date.UTC(2025, 0, 1) + i);
      got[who]!++;
      // Whoever is full solves one ticket, so the queue keeps moving.
      for (const c of agents) if (c.load === c.capacity) c.load--;
    }
    expect(got).toEqual({ a: 100, b: 100, c: 100 });
  });

  it('breaks a tie by who was assigned longest ago, and skips the unavailable', () => {
    const agents = [agent('a', { lastAssignedAt: new Date('2025-01-02') }), agent('b', { lastAssignedAt: new Date('2025-01-01') }), agent('c', { availability: 'away' })];
    expect(pickAssignee('load', agents)).toBe('b');
  });
});
