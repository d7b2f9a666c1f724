import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailDomainOf } from '../routes.ts';
import { assignWaiting } from './assign.ts';
import { eventually, startTestServer, type TestServer } from '../../../test/harness.ts';

// Teams, agents' availability and automatic assignment, through HTTP; the
// routing job runs on its own, so assignments are awaited with `eventually`.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

type Workspace = Awaited<ReturnType<TestServer['workspace']>>;
interface Person {
  id: string;
  cookie: string;
}

async function person(ws: Workspace, role: 'admin' | 'agent' | 'analyst'): Promise<Person> {
  const cookie = await ws.userCookie(role);
  return { id: (await server.call('GET', '/api/v1/me', { cookie })).body.user.id, cookie };
}

/** A workspace with an admin and `n` agents, sorted by id (round-robin's tie-break), and a team of them. */
async function desk(slug: string, n: number, routing: 'round-robin' | 'load' | 'manual') {
  const ws = await server.workspace(slug);
  const admin = await person(ws, 'admin');
  const agents: Person[] = [];
  for (let i = 0; i < n; i++) agents.push(await person(ws, 'agent'));
  agents.sort((a, b) => (a.id < b.id ? -1 : 1));
  const team = (await server.call('POST', '/api/v1/teams', { cookie: admin.cookie, body: { name: 'Support', routing } })).body;
  const members = await server.call('PUT', `/api/v1/teams/${team.id}/members`, { cookie: admin.cookie, body: { userIds: agents.map((a) => a.id) } });
  expect(members.status).toBe(200);
  return { ws, admin, agents, team };
}

const setStatus = (who: Person, body: { availability?: string; capacity?: number }) => server.call('PUT', '/api/v1/agents/me/status', { cookie: who.cookie, body });

async function openTicket(ws: Workspace, subject: string, teamId: string | null) {
  const res = await server.call('POST', '/api/v1/tickets', { key: ws.secretKey, body: { customer: { email: `${subject.replace(/\W/g, '')}@routing.test` }, subject, message: { body: 'Help' }, teamId } });
  expect(res.status).toBe(201);
  return res.body as { id: string; assigneeId: string | null };
}

type Created = Awaited<ReturnType<typeof openTicket>>;

async function assigneeOf(ws: Workspace, ticketId: string): Promise<string | null> {
  return (await server.call('GET', `/api/v1/tickets/${ticketId}`, { key: ws.secretKey })).body.assigneeId;
}

/** Runs due jobs now rather than at the worker's next poll, then waits for `check`. */
async function afterRouting(check: () => Promise<void>) {
  await server.tp.jobs.runDue();
  await eventually(check);
}

describe('teams and availability API: access and validation first', () => {
  let ws: Workspace;
  let admin: Person;
  let agent: Person;
  let analyst: Person;
  let team: { id: string };

  beforeAll(async () => {
    ws = await server.workspace('routing-api');
    [admin, agent, analyst] = [await person(ws, 'admin'), await person(ws, 'agent'), await person(ws, 'analyst')];
  });

  it('401 without credentials, 403 for roles that may not, 400 naming the field', async () => {
    expect((await server.call('GET', '/api/v1/teams')).status).toBe(401);
    expect((await server.call('POST', '/api/v1/teams', { body: { name: 'A' } })).status).toBe(401);
    expect((await server.call('PUT', '/api/v1/agents/me/status', { body: { availability: 'online' } })).status).toBe(401);
    for (const caller of [{ cookie: agent.cookie }, { cookie: analyst.cookie }, { key: ws.writeKey }, { key: ws.secretKey }]) {
      expect((await server.call('POST', '/api/v1/teams', { ...caller, body: { name: 'A' } })).status).toBe(403);
    }
    expect((await server.call('PUT', '/api/v1/agents/me/status', { cookie: analyst.cookie, body: { availability: 'online' } })).status).toBe(403);
    expect((await server.call('PUT', '/api/v1/agents/me/status', { key: ws.secretKey, body: { availability: 'online' } })).status).toBe(403);
    expect((await server.call('PUT', `/api/v1/agents/${agent.id}/status`, { cookie: agent.cookie, body: { availability: 'online' } })).status).toBe(403);

    const bad = await server.call('POST', '/api/v1/teams', { cookie: admin.cookie, body: { name: ' ', routing: 'random' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/name/);
    expect(bad.body.error.message).toMatch(/routing/);
    expect((await setStatus(agent, { availability: 'busy' })).status).toBe(400);
    expect((await setStatus(agent, { capacity: -1 })).status).toBe(400);
    expect((await setStatus(agent, {})).status).toBe(400);
    expect((await server.call('GET', '/api/v1/teams', { cookie: admin.cookie })).body.data).toEqual([]);
  });

  it('admins create teams (409 for a taken name); everyone reads them', async () => {
    const created = await server.call('POST', '/api/v1/teams', { cookie: admin.cookie, body: { name: 'Billing' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Billing', routing: 'round-robin', members: [] });
    team = created.body;
    expect((await server.call('POST', '/api/v1/teams', { cookie: admin.cookie, body: { name: 'Billing', routing: 'load' } })).status).toBe(409);
    const other = await server.call('POST', '/api/v1/teams', { cookie: admin.cookie, body: { name: 'Returns', routing: 'manual' } });
    const rename = await server.call('PATCH', `/api/v1/teams/${other.body.id}`, { cookie: admin.cookie, body: { name: 'Billing', routing: 'load' } });
    expect(rename.status).toBe(409);
    expect((await server.call('GET', `/api/v1/teams/${other.body.id}`, { cookie: analyst.cookie })).body).toMatchObject({ name: 'Returns', routing: 'manual' });
    const list = await server.call('GET', '/api/v1/teams', { cookie: analyst.cookie });
    expect(list.body.data.map((t: { name: string }) => t.name)).toEqual(['Billing', 'Returns']);
  });

  it('members are agents or admins of the workspace; a refused change changes nothing', async () => {
    const ok = await server.call('PUT', `/api/v1/teams/${team.id}/members`, { cookie: admin.cookie, body: { userIds: [agent.id, admin.id] } });
    expect(ok.status).toBe(200);
    expect(ok.body.members.map((m: { userId: string }) => m.userId).sort()).toEqual([agent.id, admin.id].sort());
    const outsider = await person(await server.workspace('routing-api-other'), 'agent');
    for (const userIds of [[agent.id, analyst.id], [outsider.id], ['not-a-uuid']]) {
      expect((await server.call('PUT', `/api/v1/teams/${team.id}/members`, { cookie: admin.cookie, body: { userIds } })).status).toBe(400);
    }
    expect((await server.call('GET', `/api/v1/teams/${team.id}`, { cookie: admin.cookie })).body).toEqual(ok.body);
  });

  it('404 for unknown ids and for another workspace', async () => {
    const other = await server.workspace('routing-api-other');
    const otherAdmin = await person(other, 'admin');
    expect((await server.call('GET', `/api/v1/teams/${team.id}`, { key: other.secretKey })).status).toBe(404);
    expect((await server.call('PATCH', `/api/v1/teams/${team.id}`, { cookie: otherAdmin.cookie, body: { name: 'Mine' } })).status).toBe(404);
    expect((await server.call('DELETE', `/api/v1/teams/${team.id}`, { cookie: otherAdmin.cookie })).status).toBe(404);
    expect((await server.call('PUT', `/api/v1/teams/${team.id}/members`, { cookie: otherAdmin.cookie, body: { userIds: [] } })).status).toBe(404);
    expect((await server.call('GET', '/api/v1/teams/nope', { cookie: admin.cookie })).status).toBe(404);
    expect((await server.call('PUT', `/api/v1/agents/${agent.id}/status`, { cookie: otherAdmin.cookie, body: { availability: 'online' } })).status).toBe(404);
    expect((await server.call('PUT', `/api/v1/agents/${analyst.id}/status`, { cookie: admin.cookie, body: { availability: 'online' } })).status).toBe(404);
    // A ticket names a team of its own workspace only; the answer does not tell whether the team exists elsewhere.
    const foreign = await server.call('POST', '/api/v1/tickets', { key: other.secretKey, body: { customer: { email: 'x@routing.test' }, subject: 'x', message: { body: 'x' }, teamId: team.id } });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.message).toMatch(/teamId/);
    expect((await server.call('GET', '/api/v1/tickets', { key: other.secretKey })).body.data).toEqual([]);
  });

  it('agents set their own availability and capacity, admins anyone’s; the agents list shows them with their load', async () => {
    expect((await server.call('GET', '/api/v1/agents', { cookie: analyst.cookie })).body.data.find((a: { userId: string }) => a.userId === agent.id)).toEqual({
      userId: agent.id,
      name: expect.any(String),
      email: expect.any(String),
      role: 'agent',
      availability: 'offline',
      capacity: 10,
      load: 0,
      teamIds: [team.id],
    });
    expect((await setStatus(agent, { availability: 'away' })).body).toEqual({ userId: agent.id, availability: 'away', capacity: 10 });
    expect((await server.call('PUT', `/api/v1/agents/${agent.id}/status`, { cookie: admin.cookie, body: { capacity: 3 } })).body).toEqual({ userId: agent.id, availability: 'away', capacity: 3 });
    const agents = (await server.call('GET', '/api/v1/agents', { cookie: agent.cookie })).body.data;
    expect(agents.map((a: { userId: string }) => a.userId)).not.toContain(analyst.id);
    expect(agents.find((a: { userId: string }) => a.userId === agent.id)).toMatchObject({ availability: 'away', capacity: 3 });
  });

  it('deleting a team keeps its tickets, without a team, and says so in their history', async () => {
    const ticket = await openTicket(ws, 'Invoice', team.id);
    expect(ticket).toMatchObject({ teamId: team.id });
    expect((await server.call('DELETE', `/api/v1/teams/${team.id}`, { cookie: admin.cookie })).status).toBe(204);
    expect((await server.call('GET', `/api/v1/teams/${team.id}`, { cookie: admin.cookie })).status).toBe(404);
    const after = (await server.call('GET', `/api/v1/tickets/${ticket.id}`, { key: ws.secretKey })).body;
    expect(after.teamId).toBeNull();
    expect(after.events.at(-1)).toMatchObject({ type: 'teamId', from: team.id, to: null, actor: { kind: 'agent', id: admin.id } });
  });
});

describe('round-robin', () => {
  it('gives 6 tickets to 3 online agents 2 each, taking turns; the history says routing did it', async () => {
    const { ws, agents, team } = await desk('rr', 3, 'round-robin');
    for (const a of agents) expect((await setStatus(a, { availability: 'online' })).status).toBe(200);
    const seen: unknown[] = [];
    const unsubscribe = server.tp.hub.subscribe(ws.id, (e) => seen.push(e));
    const tickets: Created[] = [];
    for (let i = 0; i < 6; i++) tickets.push(await openTicket(ws, `Order ${i}`, team.id));
    await afterRouting(async () => {
      const assignees = await Promise.all(tickets.map((t) => assigneeOf(ws, t.id)));
      expect(assignees).toEqual([0, 1, 2, 0, 1, 2].map((i) => agents[i]!.id));
    });
    unsubscribe();
    expect(seen).toContainEqual({ type: 'ticket.updated', data: expect.objectContaining({ ticketId: tickets[0]!.id, assigneeId: agents[0]!.id }) });
    const detail = (await server.call('GET', `/api/v1/tickets/${tickets[0]!.id}`, { key: ws.secretKey })).body;
    expect(detail.events.filter((e: { type: string }) => e.type === 'assigneeId')).toEqual([expect.objectContaining({ from: null, to: agents[0]!.id, actor: { kind: 'system', id: 'routing' } })]);
    const listed = (await server.call('GET', `/api/v1/tickets?team=${team.id}&assignee=${agents[1]!.id}`, { key: ws.secretKey })).body.data;
    expect(listed.map((t: { id: string }) => t.id).sort()).toEqual([tickets[1]!.id, tickets[4]!.id].sort());
  });

  it('an agent away or offline gets none; a ticket without a team or of a manual team is not routed', async () => {
    const { ws, admin, agents, team } = await desk('rr-away', 3, 'round-robin');
    await setStatus(agents[0]!, { availability: 'online' });
    await setStatus(agents[1]!, { availability: 'away' });
    const manual = (await server.call('POST', '/api/v1/teams', { cookie: admin.cookie, body: { name: 'Escalations', routing: 'manual' } })).body;
    await server.call('PUT', `/api/v1/teams/${manual.id}/members`, { cookie: admin.cookie, body: { userIds: [agents[0]!.id] } });
    const tickets: Created[] = [];
    for (let i = 0; i < 4; i++) tickets.push(await openTicket(ws, `Away ${i}`, team.id));
    const teamless = await openTicket(ws, 'No team', null);
    const escalated = await openTicket(ws, 'Manual', manual.id);
    await afterRouting(async () => {
      expect(await Promise.all(tickets.map((t) => assigneeOf(ws, t.id)))).toEqual(tickets.map(() => agents[0]!.id));
    });
    await server.tp.jobs.runDue();
    expect(await assigneeOf(ws, teamless.id)).toBeNull();
    expect(await assigneeOf(ws, escalated.id)).toBeNull();
  });

  it('oldest unassigned first: an agent coming online takes the oldest waiting tickets, up to capacity', async () => {
    const { ws, agents, team } = await desk('rr-oldest', 1, 'round-robin');
    const [agent] = agents;
    await setStatus(agent!, { availability: 'away', capacity: 2 });
    const tickets: Created[] = [];
    for (let i = 0; i < 3; i++) tickets.push(await openTicket(ws, `Waiting ${i}`, team.id));
    await server.tp.jobs.runDue();
    expect(await Promise.all(tickets.map((t) => assigneeOf(ws, t.id)))).toEqual([null, null, null]);
    await setStatus(agent!, { availability: 'online' });
    await afterRouting(async () => {
      expect(await Promise.all(tickets.map((t) => assigneeOf(ws, t.id)))).toEqual([agent!.id, agent!.id, null]);
    });
  });
});

describe('by load', () => {
  it('respects each agent’s capacity and fills as tickets are solved', async () => {
    const { ws, agents, team } = await desk('load', 2, 'load');
    const [a, b] = agents as [Person, Person];
    await setStatus(a, { availability: 'online', capacity: 1 });
    await setStatus(b, { availability: 'online', capacity: 2 });
    const tickets: Created[] = [];
    for (let i = 0; i < 4; i++) tickets.push(await openTicket(ws, `Load ${i}`, team.id));
    const countsOf = async () => {
      const all = await Promise.all(tickets.map((t) => assigneeOf(ws, t.id)));
      return { a: all.filter((x) => x === a.id).length, b: all.filter((x) => x === b.id).length, waiting: all.filter((x) => x === null).length };
    };
    await afterRouting(async () => expect(await countsOf()).toEqual({ a: 1, b: 2, waiting: 1 }));
    const agentsView = (await server.call('GET', '/api/v1/agents', { key: ws.secretKey })).body.data;
    expect(agentsView.find((x: { userId: string }) => x.userId === b.id)).toMatchObject({ load: 2, capacity: 2 });

    const ofA = tickets[(await Promise.all(tickets.map((t) => assigneeOf(ws, t.id)))).indexOf(a.id)]!;
    expect((await server.call('PATCH', `/api/v1/tickets/${ofA.id}`, { cookie: a.cookie, body: { status: 'solved' } })).status).toBe(200);
    await afterRouting(async () => expect(await countsOf()).toEqual({ a: 2, b: 2, waiting: 0 }));
  });

  it('two routing runs at once never give an agent more than their capacity', async () => {
    const { ws, admin, agents, team } = await desk('load-race', 1, 'load');
    const [agent] = agents;
    await setStatus(agent!, { availability: 'online', capacity: 3 });
    // The team is manual while its tickets come in, so the runs below find them all waiting.
    await server.call('PATCH', `/api/v1/teams/${team.id}`, { cookie: admin.cookie, body: { routing: 'manual' } });
    await server.tp.jobs.runDue();
    for (let i = 0; i < 8; i++) await openTicket(ws, `Race ${i}`, team.id);
    const db = server.tp.database.db;
    await db.execute(sql`update teams set routing = 'load' where id = ${team.id}`);
    const deps = { jobs: server.tp.jobs, hub: server.tp.hub, mailDomain: mailDomainOf(server.config.mail.from), timeZone: server.config.timeZone };
    // Small rounds, so without the run lock each run would lock and hand out tickets the others do not see.
    const runs = await Promise.all([0, 1, 2, 3].map(() => db.transaction((tx) => assignWaiting(tx, deps, ws.id, 2))));
    expect(runs.map((r) => r.length).sort()).toEqual([0, 0, 0, 3]);
    const agentsView = (await server.call('GET', '/api/v1/agents', { key: ws.secretKey })).body.data;
    expect(agentsView.find((x: { userId: string }) => x.userId === agent!.id).load).toBe(3);
  });
});
