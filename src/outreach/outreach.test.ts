import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestServer, type TestServer } from '../../test/harness.ts';
import { refreshFigures } from '../predict/test-api.ts';
import { isHeldOut } from './fire.ts';
import { differenceInterval, outreachOutcomes } from './outcomes.ts';
import { fillTemplate } from './rules.ts';

const DAY = 86_400_000;

describe('what followed outreach (pure)', () => {
  it('gives the interval of a difference of proportions as Newcombe’s worked example', () => {
    // Newcombe (1998), method 10: 56/70 - 48/80 = 0.2000, 95% CI 0.0524 to 0.3339
    const i = differenceInterval(56, 70, 48, 80)!;
    expect(i.difference).toBeCloseTo(0.2, 10);
    expect(i.low).toBeCloseTo(0.0524, 3);
    expect(i.high).toBeCloseTo(0.3339, 3);
    expect(differenceInterval(1, 5, 0, 0)).toBeNull();
  });

  it('counts contacts and purchases inside each action’s window, for acted-on and held-out customers, once the window has passed', () => {
    const now = new Date('2026-06-30T00:00:00Z');
    const ago = (d: number) => new Date(now.getTime() - d * DAY);
    const fired = (customerId: string, days: number, heldOut: boolean, result = heldOut ? 'held_out' : 'ticket') => ({ ruleId: 'r', customerId, firedAt: ago(days), heldOut, result });
    const [o] = outreachOutcomes(
      [fired('a', 40, false), fired('b', 40, false), fired('c', 40, true), fired('d', 20, true), fired('e', 3, false), fired('f', 40, false, 'skipped_no_email')],
      [
        { customerId: 'a', at: ago(35) }, // within 14 days of the action: a contact
        { customerId: 'b', at: ago(10) }, // 30 days after: not this action's
        { customerId: 'c', at: ago(39) },
        { customerId: 'd', at: ago(19) },
        { customerId: 'f', at: ago(39) },
      ],
      [{ customerId: 'b', at: ago(20) }],
      now,
    );
    expect(o).toMatchObject({ fired: 6, acted: { contactN: 2, contacted: 1, purchaseN: 2, purchased: 1 }, heldOut: { contactN: 2, contacted: 2, purchaseN: 1, purchased: 0 } });
    expect(o!.contactRateChange!.difference).toBeCloseTo(-0.5, 10);
  });

  it('fills a message’s placeholders with the first name and the reason', () => {
    expect(fillTemplate('Hi {name}, {reason}.', { name: 'Maya Ortiz', reason: 'your parcel is late' })).toBe('Hi Maya, your parcel is late.');
    expect(fillTemplate('Hi {name}', { name: null, reason: '' })).toBe('Hi there');
  });
});

type Ws = Awaited<ReturnType<TestServer['workspace']>>;
let server: TestServer;
let shop: Ws;
let other: Ws;

const people = Array.from({ length: 24 }, (_, i) => ({ userId: `u${i}`, email: `u${i}@example.com`, name: `Person${i} Test` }));

async function send(ws: Ws, batch: unknown[]) {
  expect((await server.call('POST', '/v1/batch', { basicKey: ws.writeKey, body: { batch } })).status).toBe(200);
  await server.settle();
  await server.tp.jobs.runDue();
}

const late = (userId: string, n: number) => ({ type: 'track', userId, event: 'Delivery Delayed', messageId: `late-${userId}-${n}`, properties: { order_id: `${userId}-${n}` }, timestamp: new Date(Date.now() - 60_000).toISOString() });
interface Fired {
  customer: { id: string; email: string | null };
  heldOut: boolean;
  result: string;
  ticketId: string | null;
  reason: string;
}
interface Needy {
  customer: { id: string; email: string | null };
  needHelp: { probability: number };
}

const rules = async (ws: Ws) => (await server.call<{ data: { id: string; enabled: boolean }[] }>('GET', '/api/v1/outreach/rules', { key: ws.secretKey })).body.data;
const actions = async (ws: Ws, ruleId?: string) => (await server.call<{ data: Fired[] }>('GET', `/api/v1/outreach/actions${ruleId ? `?ruleId=${ruleId}` : ''}`, { key: ws.secretKey })).body.data;
const createRule = (ws: Ws, body: unknown) => server.call('POST', '/api/v1/outreach/rules', { key: ws.secretKey, body });

beforeAll(async () => {
  server = await startTestServer();
  [shop, other] = [await server.workspace('shop'), await server.workspace('other')];
  await send(shop, people.map((p) => ({ type: 'identify', userId: p.userId, messageId: `id-${p.userId}`, traits: { email: p.email, name: p.name } })));
}, 60_000);
afterAll(() => server?.close());

describe('outreach rules', () => {
  it('refuses without a key (401), to an agent (403), and a rule pointing at another workspace’s team or a missing segment (400), storing nothing', async () => {
    const body = { name: 'Late parcels', trigger: { kind: 'event', event: 'Delivery Delayed' }, action: { type: 'ticket', subject: 'Parcel late' } };
    expect((await server.call('POST', '/api/v1/outreach/rules', { body })).status).toBe(401);
    expect((await server.call('POST', '/api/v1/outreach/rules', { cookie: await shop.userCookie('agent'), body })).status).toBe(403);
    const team = (await server.call('POST', '/api/v1/teams', { cookie: await other.userCookie('admin'), body: { name: 'Theirs' } })).body;
    const wrongTeam = await createRule(shop, { ...body, action: { type: 'ticket', subject: 'x', teamId: team.id } });
    expect(wrongTeam.status).toBe(400);
    expect(wrongTeam.body.error.message).toMatch(/teamId/);
    expect((await createRule(shop, { ...body, action: { type: 'segment', segmentId: '00000000-0000-4000-8000-000000000000' } })).status).toBe(400);
    expect((await createRule(shop, { ...body, trigger: { kind: 'need_help', minProbability: 2 } })).status).toBe(400);
    expect((await createRule(shop, { ...body, holdoutPercent: 80 })).status).toBe(400);
    expect(await rules(shop)).toEqual([]);
  });

  it('opens a task for a team when a delivery is late, once per cooldown, and holds out a stable share as a control group', async () => {
    const team = (await server.call('POST', '/api/v1/teams', { cookie: await shop.userCookie('admin'), body: { name: 'Care' } })).body;
    const rule = (await createRule(shop, { name: 'Late parcels', trigger: { kind: 'event', event: 'Delivery Delayed' }, action: { type: 'ticket', teamId: team.id, priority: 'high', subject: 'Parcel late: reach out first' }, holdoutPercent: 25 })).body;
    await send(shop, people.map((p) => late(p.userId, 1)));
    let fired: Fired[] = [];
    await eventually(async () => {
      await server.tp.jobs.runDue();
      fired = await actions(shop, rule.id);
      expect(fired).toHaveLength(people.length);
    });
    // Who is held out follows from the rule and the customer alone (the share itself is
    // sampling.test.ts's to check: 24 random ids may hold out 0 or 12 of them).
    expect(fired.map((a) => a.heldOut)).toEqual(fired.map((a) => isHeldOut(rule, a.customer.id)));
    const acted = fired.filter((a) => !a.heldOut);
    const held = fired.filter((a) => a.heldOut);
    expect(held.every((a) => a.result === 'held_out' && a.ticketId === null)).toBe(true);
    const ticket = (await server.call('GET', `/api/v1/tickets/${acted[0].ticketId}`, { key: shop.secretKey })).body;
    expect(ticket).toMatchObject({ priority: 'high', teamId: team.id, tags: ['outreach'] });
    expect(ticket.messages[0]).toMatchObject({ public: false, author: 'system' });
    expect(ticket.messages[0].body).toMatch(/Delivery Delayed/);

    // A second late delivery within the cooldown: nobody is acted on twice.
    await send(shop, people.map((p) => late(p.userId, 2)));
    await server.tp.jobs.runDue();
    expect(await actions(shop, rule.id)).toHaveLength(people.length);
    expect((await server.call('PATCH', `/api/v1/outreach/rules/${rule.id}`, { key: shop.secretKey, body: { enabled: false } })).body.enabled).toBe(false);
  });

  it('adds the customers a rule matches to a segment', async () => {
    const segment = (await server.call('POST', '/api/v1/segments', { key: shop.secretKey, body: { name: 'Payment trouble' } })).body;
    expect((await server.call('POST', '/api/v1/segments', { key: shop.secretKey, body: { name: 'Payment trouble' } })).status).toBe(409);
    await createRule(shop, { name: 'Failed payments', trigger: { kind: 'event', event: 'Payment Failed' }, action: { type: 'segment', segmentId: segment.id }, holdoutPercent: 0 });
    await send(shop, [{ type: 'track', userId: 'u3', event: 'Payment Failed', messageId: 'pf-u3', timestamp: new Date(Date.now() - 60_000).toISOString() }]);
    await eventually(async () => {
      await server.tp.jobs.runDue();
      const members = (await server.call<{ data: { customer: { email: string | null }; addedBy: string }[] }>('GET', `/api/v1/segments/${segment.id}/members`, { key: shop.secretKey })).body.data;
      expect(members.map((m) => m.customer.email)).toEqual(['u3@example.com']);
      expect(members[0].addedBy).toMatch(/^outreach-rule:/);
    });
    const listed = (await server.call<{ data: { id: string; members: number }[] }>('GET', '/api/v1/segments', { key: shop.secretKey })).body.data;
    expect(listed.find((s) => s.id === segment.id)!.members).toBe(1);
    // Another workspace sees neither the segment nor its members.
    expect((await server.call('GET', `/api/v1/segments/${segment.id}/members`, { key: other.secretKey })).status).toBe(404);
    expect((await server.call('GET', '/api/v1/segments', { key: other.secretKey })).body.data).toEqual([]);
  });

  it('emails customers likely to need help, in their name, after the daily figures (run on request)', async () => {
    await send(shop, ['u5', 'u6'].flatMap((u) => [1, 2, 3].map((n) => ({ type: 'page', userId: u, messageId: `help-${u}-${n}`, properties: { path: '/help/delivery' }, timestamp: new Date(Date.now() - n * 3_600_000).toISOString() }))));
    await refreshFigures(server, shop);
    const top = (await server.call<{ data: Needy[] }>('GET', '/api/v1/predictions/need-help?limit=2', { key: shop.secretKey })).body.data;
    const threshold = Math.min(...top.map((t) => t.needHelp.probability)) - 1e-6;
    const rule = (await createRule(shop, { name: 'Reach out first', trigger: { kind: 'need_help', minProbability: threshold }, action: { type: 'message', subject: 'Can we help, {name}?', body: 'Hi {name}, we saw you looking for help with your delivery. Just reply to this email.' }, holdoutPercent: 0 })).body;
    expect((await server.call('POST', '/api/v1/outreach/run', { key: other.secretKey })).status).toBe(202);
    expect((await server.call('POST', '/api/v1/outreach/run', { key: shop.secretKey })).status).toBe(202);
    let fired: Fired[] = [];
    await eventually(async () => {
      await server.tp.jobs.runDue();
      fired = await actions(shop, rule.id);
      expect(fired.length).toBeGreaterThanOrEqual(2);
    });
    expect(fired.map((a) => a.customer.email).sort()).toEqual(top.map((t) => t.customer.email).sort());
    const ticket = (await server.call('GET', `/api/v1/tickets/${fired[0].ticketId}`, { key: shop.secretKey })).body;
    expect(ticket.subject).toMatch(/^Can we help, Person[56]\?$/);
    expect(ticket.messages[0]).toMatchObject({ public: true, author: 'agent' });
    expect(ticket.messages[0].body).toMatch(/^Hi Person[56], we saw you/);
    expect(fired[0].reason).toMatch(/Need-for-help chance/);
  });

  it('invites promoters to refer a friend once their answer is in, and refuses a review invitation that hangs on a score (gating)', async () => {
    const survey = (await server.call('POST', '/api/v1/surveys', { key: shop.secretKey, body: { name: 'After delivery', questions: [{ id: 'nps', type: 'nps', text: 'Would you recommend us?' }] } })).body;
    const promoters = { kind: 'answer', condition: { kind: 'nps', min: 9 } };
    const gated = await createRule(shop, { name: 'Reviews from fans', trigger: promoters, action: { type: 'message', subject: 'Review us?', body: 'Hi {name}', reviewInvitation: true } });
    expect(gated.status).toBe(400);
    expect(gated.body.error.message).toMatch(/review sites forbid/);
    const rule = (await createRule(shop, { name: 'Refer a friend', trigger: promoters, action: { type: 'message', subject: 'A coffee on us for a friend', body: 'Hi {name}, thank you ({reason})! Share this link: https://cafe.example/r' }, holdoutPercent: 0 })).body;
    for (const [userId, score] of [['u8', 10], ['u9', 4]] as const) {
      expect((await server.call('POST', `/api/v1/surveys/${survey.id}/responses`, { key: shop.secretKey, body: { customer: { userId }, answers: { nps: score } } })).status).toBe(201);
    }
    let fired: Fired[] = [];
    await eventually(async () => {
      await server.tp.jobs.runDue();
      fired = await actions(shop, rule.id);
      expect(fired).toHaveLength(1);
    });
    expect(fired[0]).toMatchObject({ customer: { email: 'u8@example.com' }, result: 'message', heldOut: false });
    expect(fired[0].reason).toMatch(/NPS 10 on After delivery/);
    const ticket = (await server.call('GET', `/api/v1/tickets/${fired[0].ticketId}`, { key: shop.secretKey })).body;
    expect(ticket.messages[0].body).toMatch(/^Hi Person8, thank you \(NPS 10 on After delivery\)! Share this link/);
    // An answer imported from long ago is history: nobody is written to about it.
    await server.call('POST', `/api/v1/surveys/${survey.id}/responses`, { key: shop.secretKey, body: { customer: { userId: 'u10' }, answers: { nps: 10 }, submittedAt: '2025-01-05T10:00:00Z' } });
    await server.tp.jobs.runDue();
    expect(await actions(shop, rule.id)).toHaveLength(1);
  });

  it('reports per rule what was done and, once the windows pass, what followed', async () => {
    const report = (await server.call<{ rules: { name: string; fired: number; acted: unknown; contactRateChange: unknown }[] }>('GET', '/api/v1/outreach/report', { key: shop.secretKey })).body;
    const late = report.rules.find((r) => r.name === 'Late parcels')!;
    expect(late.fired).toBe(people.length);
    // Fired minutes ago: no window has passed, so nothing is counted yet.
    expect(late.acted).toEqual({ contactN: 0, contacted: 0, purchaseN: 0, purchased: 0 });
    expect(late.contactRateChange).toBeNull();
    expect((await server.call('GET', '/api/v1/outreach/report?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', { key: shop.secretKey })).status).toBe(400);
  });

  it('never shows or changes one workspace’s rules from another', async () => {
    const [rule] = await rules(shop);
    expect(await rules(other)).toEqual([]);
    expect((await server.call('PATCH', `/api/v1/outreach/rules/${rule.id}`, { key: other.secretKey, body: { enabled: true } })).status).toBe(404);
    expect((await server.call('DELETE', `/api/v1/outreach/rules/${rule.id}`, { key: other.secretKey })).status).toBe(404);
    expect((await server.call('GET', `/api/v1/outreach/actions?ruleId=${rule.id}`, { key: other.secretKey })).status).toBe(404);
    expect((await rules(shop)).find((r) => r.id === rule.id)!.enabled).toBe(false);
  });
});
