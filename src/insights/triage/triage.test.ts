import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/query.ts';
import { startTestServer, type TestServer } from '../../../test/harness.ts';

// Triage through HTTP: a workspace trains on labelled BANKING77 texts mapped to
// its teams, and new tickets get their team (and routing) from it.

/** 100 texts of each of 15 BANKING77 intents, these six among them (test/data/README.md). */
const BANKING77 = path.resolve(import.meta.dirname, '../../../test/data/banking77/train-subset.csv');
const TEAM_OF: Record<string, string> = {
  card_arrival: 'Cards',
  lost_or_stolen_card: 'Cards',
  declined_transfer: 'Transfers',
  transfer_not_received_by_recipient: 'Transfers',
  change_pin: 'Security',
  passcode_forgotten: 'Security',
};
const banking77 = parse(fs.readFileSync(BANKING77), { columns: true }) as { text: string; category: string }[];
const rows = banking77.filter((r) => r.category in TEAM_OF);
const byIntent = (intent: string) => rows.filter((r) => r.category === intent);
/** The first 25 texts of each intent train; the rest are new tickets the model has not seen. */
const training = Object.keys(TEAM_OF).flatMap((intent) => byIntent(intent).slice(0, 25).map((r) => ({ text: r.text, label: TEAM_OF[intent]! })));
const unseen = (intent: string, i: number) => byIntent(intent)[40 + i]!.text;

type Ws = Awaited<ReturnType<TestServer['workspace']>>;
let server: TestServer;
let ws: Ws;
let other: Ws;
let admin: string;
let agent: { cookie: string; id: string };
let analyst: string;
const teams: Record<string, string> = {};

const model = async (w: Ws = ws) => (await server.call('GET', '/api/v1/insights/triage/model', { key: w.secretKey })).body;
const train = (body: unknown, caller: { key?: string; cookie?: string } = { key: ws.secretKey }) => server.call('POST', '/api/v1/insights/triage/train', { ...caller, body });

async function openTicket(w: Ws, subject: string, body: string, extra: Record<string, unknown> = {}) {
  const res = await server.call('POST', '/api/v1/tickets', { key: w.secretKey, body: { customer: { email: 'pat@triage.test' }, subject, message: { body }, ...extra } });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

/** Runs due jobs (triage, then the routing it asks for) and returns the ticket as it then is. */
async function afterJobs(w: Ws, ticketId: string) {
  await server.drainJobs();
  return (await server.call('GET', `/api/v1/tickets/${ticketId}`, { key: w.secretKey })).body;
}

const predictionOf = async (ticketId: string, caller: { key?: string; cookie?: string } = { key: ws.secretKey }) => server.call('GET', `/api/v1/insights/triage/tickets/${ticketId}`, caller);

beforeAll(async () => {
  server = await startTestServer();
  [ws, other] = [await server.workspace('triage'), await server.workspace('triage-other')];
  admin = await ws.userCookie('admin');
  analyst = await ws.userCookie('analyst');
  const agentCookie = await ws.userCookie('agent');
  agent = { cookie: agentCookie, id: (await server.call('GET', '/api/v1/me', { cookie: agentCookie })).body.user.id };
  for (const name of ['Cards', 'Transfers', 'Security']) {
    teams[name] = (await server.call('POST', '/api/v1/teams', { cookie: admin, body: { name, routing: 'round-robin' } })).body.id;
  }
  await server.call('PUT', `/api/v1/teams/${teams.Cards}/members`, { cookie: admin, body: { userIds: [agent.id] } });
  await server.call('PUT', '/api/v1/agents/me/status', { cookie: agent.cookie, body: { availability: 'online' } });
});
afterAll(() => server?.close());

describe('triage model API: access and bad input first', () => {
  it('401 without credentials, 403 for agents (training) and write keys', async () => {
    expect((await server.call('GET', '/api/v1/insights/triage/model')).status).toBe(401);
    expect((await server.call('POST', '/api/v1/insights/triage/train', { body: { source: 'tickets' } })).status).toBe(401);
    expect((await server.call('POST', '/api/v1/insights/triage/predict', { body: { text: 'x' } })).status).toBe(401);
    expect((await train({ source: 'examples', examples: training }, { cookie: agent.cookie })).status).toBe(403);
    expect((await server.call('PATCH', '/api/v1/insights/triage/model', { cookie: agent.cookie, body: { threshold: 0.5 } })).status).toBe(403);
    expect((await server.call('DELETE', '/api/v1/insights/triage/model', { cookie: agent.cookie })).status).toBe(403);
    expect((await server.call('GET', '/api/v1/insights/triage/model', { key: ws.writeKey })).status).toBe(403);
    expect(await model()).toEqual({ model: null, training: null });
  });

  it('400 with a message for data it cannot train on, and nothing is stored', async () => {
    const refused = async (body: unknown, message: RegExp) => {
      const res = await train(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    };
    await refused({ source: 'examples', examples: training.filter((e) => e.label === 'Cards') }, /same label \("Cards"\)/);
    await refused({ source: 'csv', csv: 'body,label\n"a card",Cards\n' }, /missing column "text" \(found: body, label\)/);
    await refused({ source: 'examples', examples: [...training.slice(0, 40), { text: '   ', label: 'Cards' }] }, /empty text \(examples\[40\]\)/);
    await refused({ source: 'csv', csv: 'text,label\n"lost, my card",Cards\n,Cards\n' }, /empty text \(line 3\)/);
    await refused({ source: 'examples', examples: training.map((e) => ({ ...e, label: e.label === 'Cards' ? 'Card team' : e.label })) }, /"Card team" is not the name of a team/);
    const some = (label: string, n: number) => training.filter((e) => e.label === label).slice(0, n);
    await refused({ source: 'examples', examples: [...some('Cards', 30), ...some('Security', 3)] }, /Only "Cards" has at least 5 examples;.*\(counts: Cards 30, Security 3\)/);
    await refused({ source: 'examples', examples: [...some('Cards', 6), ...some('Security', 6)] }, /Only 12 usable examples; a triage model needs at least 20/);
    await refused({ source: 'tickets' }, /From this workspace's tickets: No labelled examples/);
    await refused({ source: 'examples', target: 'field', examples: training }, /field/);
    await refused({ source: 'csv' }, /csv/);
    expect(await model()).toEqual({ model: null, training: null });
  });

  it('404 for a model that does not exist yet', async () => {
    expect((await server.call('PATCH', '/api/v1/insights/triage/model', { key: ws.secretKey, body: { threshold: 0.5 } })).status).toBe(404);
    expect((await server.call('DELETE', '/api/v1/insights/triage/model', { key: ws.secretKey })).status).toBe(404);
    expect((await server.call('POST', '/api/v1/insights/triage/predict', { key: ws.secretKey, body: { text: 'where is my card' } })).status).toBe(404);
  });
});

describe('a workspace trains triage on its own labels', () => {
  it('trains on uploaded examples while the request waits and reports cross-validated accuracy per label', async () => {
    const res = await train({ source: 'examples', examples: training }, { cookie: analyst });
    expect(res.status).toBe(201);
    const m = res.body.model;
    expect(m.labels).toEqual([
      { label: 'Cards', examples: 50 },
      { label: 'Security', examples: 50 },
      { label: 'Transfers', examples: 50 },
    ]);
    expect(m).toMatchObject({ target: 'team', field: null, examples: 150, source: 'upload', folds: 5, threshold: 0.7, trainedBy: { kind: 'user' }, inUse: { predicted: 0, applied: 0, corrected: 0 } });
    expect(m.accuracy).toBeGreaterThan(0.85);
    // 50 examples of each label: the mean recall per label is the accuracy itself.
    expect(m.balancedAccuracy).toBeCloseTo(m.accuracy, 3);
    expect(res.body.skippedLabels).toEqual([]);
    expect(res.body.training).toBeNull();
    expect((await server.call('GET', '/api/v1/insights/triage/model', { cookie: agent.cookie })).body.model.accuracy).toBe(m.accuracy);
  });

  it('tries a text: label, confidence and the runners-up; 400 for an empty text', async () => {
    const res = await server.call('POST', '/api/v1/insights/triage/predict', { cookie: agent.cookie, body: { text: unseen('change_pin', 0) } });
    expect(res.status).toBe(200);
    expect(res.body.label).toBe('Security');
    expect(res.body.alternatives.map((a: { label: string }) => a.label).sort()).toEqual(['Cards', 'Transfers']);
    expect(res.body.confidence + res.body.alternatives[0].confidence + res.body.alternatives[1].confidence).toBeCloseTo(1, 3);
    expect((await server.call('POST', '/api/v1/insights/triage/predict', { key: ws.secretKey, body: { text: '  ' } })).status).toBe(400);
  });

  let applied: { id: string };

  it('a confident prediction sets the team of a new ticket: in its history, by triage, and routing assigns it', async () => {
    applied = await openTicket(ws, 'My card', `${unseen('card_arrival', 0)} ${unseen('card_arrival', 1)}`);
    const ticket = await afterJobs(ws, applied.id);
    expect(ticket.teamId).toBe(teams.Cards);
    expect(ticket.assigneeId).toBe(agent.id);
    const setBy = ticket.events.find((e: { type: string }) => e.type === 'teamId');
    expect(setBy).toMatchObject({ actor: { kind: 'system', id: 'triage' }, from: null, to: teams.Cards });
    expect(ticket.events.find((e: { type: string }) => e.type === 'assigneeId')).toMatchObject({ actor: { kind: 'system', id: 'routing' }, to: agent.id });
    const p = await predictionOf(applied.id, { cookie: agent.cookie });
    expect(p.status).toBe(200);
    expect(p.body.prediction).toMatchObject({ target: 'team', label: 'Cards', applied: true, reason: null, corrected: null });
    expect(p.body.prediction.confidence).toBeGreaterThanOrEqual(0.7);
  });

  it('a team already set is kept; below the threshold nothing changes on the ticket, but the prediction is recorded', async () => {
    const preset = await openTicket(ws, 'Pin', unseen('change_pin', 1), { teamId: teams.Transfers });
    expect((await afterJobs(ws, preset.id)).teamId).toBe(teams.Transfers);
    expect((await predictionOf(preset.id)).body.prediction).toMatchObject({ label: 'Security', applied: false, reason: 'already_set' });

    // 1: record every prediction, apply none.
    const patched = await server.call('PATCH', '/api/v1/insights/triage/model', { key: ws.secretKey, body: { threshold: 1 } });
    expect(patched.status).toBe(200);
    expect(patched.body.model.threshold).toBe(1);
    expect((await server.call('PATCH', '/api/v1/insights/triage/model', { key: ws.secretKey, body: { threshold: 1.5 } })).status).toBe(400);
    const unsure = await openTicket(ws, 'Transfer', unseen('declined_transfer', 0));
    const ticket = await afterJobs(ws, unsure.id);
    expect(ticket.teamId).toBeNull();
    expect(ticket.events.map((e: { type: string }) => e.type)).toEqual(['created', 'message']);
    expect((await predictionOf(unsure.id)).body.prediction).toMatchObject({ label: 'Transfers', applied: false, reason: 'below_threshold' });
    await server.call('PATCH', '/api/v1/insights/triage/model', { key: ws.secretKey, body: { threshold: 0.7 } });
  });

  it('an agent moving an applied ticket to another team is a correction, counted on the model', async () => {
    const moved = await server.call('PATCH', `/api/v1/tickets/${applied.id}`, { cookie: agent.cookie, body: { teamId: teams.Transfers } });
    expect(moved.status).toBe(200);
    expect((await predictionOf(applied.id)).body.prediction.corrected).toMatchObject({ to: 'Transfers' });
    expect((await model()).model.inUse).toEqual({ predicted: 3, applied: 1, corrected: 1 });
  });

  it('another workspace can neither read nor use the model, nor see the predictions', async () => {
    expect(await model(other)).toEqual({ model: null, training: null });
    expect((await server.call('POST', '/api/v1/insights/triage/predict', { key: other.secretKey, body: { text: 'where is my card' } })).status).toBe(404);
    expect((await predictionOf(applied.id, { key: other.secretKey })).status).toBe(404);
    expect((await server.call('PATCH', '/api/v1/insights/triage/model', { key: other.secretKey, body: { threshold: 0.1 } })).status).toBe(404);
    const theirs = await openTicket(other, 'My card', unseen('card_arrival', 2));
    await afterJobs(other, theirs.id);
    expect((await predictionOf(theirs.id, { key: other.secretKey })).body).toEqual({ prediction: null });
    expect((await model()).model.threshold).toBe(0.7);
  });
});

describe('other targets and sources', () => {
  it("trains a custom field from the workspace's own tickets, leaving out labels with too few examples", async () => {
    const w = await server.workspace('triage-fields');
    const intents = ['card_arrival', 'declined_transfer'];
    for (const intent of intents) {
      for (let i = 0; i < 12; i++) await openTicket(w, 'Help', byIntent(intent)[i]!.text, { customFields: { category: intent } });
    }
    await openTicket(w, 'Help', byIntent('change_pin')[0]!.text, { customFields: { category: 'change_pin' } });
    const res = await train({ source: 'tickets', target: 'field', field: 'category' }, { key: w.secretKey });
    expect(res.status).toBe(201);
    expect(res.body.model).toMatchObject({ target: 'field', field: 'category', examples: 24, source: 'tickets' });
    expect(res.body.model.labels).toEqual([
      { label: 'card_arrival', examples: 12 },
      { label: 'declined_transfer', examples: 12 },
    ]);
    expect(res.body.skippedLabels).toEqual([{ label: 'change_pin', examples: 1 }]);

    const ticket = await openTicket(w, 'Card', `${unseen('card_arrival', 3)} ${unseen('card_arrival', 4)}`);
    const after = await afterJobs(w, ticket.id);
    const p = (await predictionOf(ticket.id, { key: w.secretKey })).body.prediction;
    expect(p.label).toBe('card_arrival');
    expect(after.customFields.category ?? null).toBe(p.applied ? 'card_arrival' : null);

    expect((await server.call('DELETE', '/api/v1/insights/triage/model', { key: w.secretKey })).status).toBe(204);
    expect(await model(w)).toEqual({ model: null, training: null });
    const later = await openTicket(w, 'Card', unseen('card_arrival', 5));
    await afterJobs(w, later.id);
    expect((await predictionOf(later.id, { key: w.secretKey })).body).toEqual({ prediction: null });
    expect((await predictionOf(ticket.id, { key: w.secretKey })).body.prediction.label).toBe('card_arrival');
  });

  it('a large CSV trains in a background job, off the server’s thread: 202, requests answered meanwhile, then the model', async () => {
    const w = await server.workspace('triage-large');
    const large = banking77; // its 15 intents
    expect(large.length).toBeGreaterThan(1000);
    const csv = ['text,intent', ...large.map((r) => `"${r.text.replace(/"/g, '""')}",${r.category}`)].join('\r\n');
    const res = await train({ source: 'csv', csv, labelColumn: 'intent', target: 'field', field: 'intent' }, { key: w.secretKey });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ model: null, training: { state: 'queued', examples: large.length, message: null } });

    // The job trains for seconds, in whichever job worker claims it (the server's own or this
    // runDue). Fitted on the server's thread, it let no request be answered between its claim and
    // its end (a request or two at most, sent just before the fit began); in a worker thread, all are.
    const claimed = async () => (await queryRows(server.tp.database.db, sql`select 1 from jobs where kind = 'triage.train' and attempts > 0`)).length > 0;
    const run = server.tp.jobs.runDue();
    let answeredWhileTraining = 0;
    for (;;) {
      const started = await claimed();
      const during = await model(w);
      if (during.model) break;
      if (started) answeredWhileTraining++;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await run;
    expect(answeredWhileTraining).toBeGreaterThanOrEqual(5);

    const state = await model(w);
    expect(state.training).toBeNull();
    expect(state.model).toMatchObject({ target: 'field', field: 'intent', examples: large.length, source: 'upload' });
    expect(state.model.accuracy).toBeGreaterThan(0.9);
    const tried = await server.call('POST', '/api/v1/insights/triage/predict', { key: w.secretKey, body: { text: unseen('change_pin', 2) } });
    expect(tried.body.label).toBe('change_pin');
  }, 180_000);
});
