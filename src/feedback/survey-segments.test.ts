import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../platform/db/query.ts';
import { eventually, startTestServer, type TestServer } from '../../test/harness.ts';

// A survey's audience: only the customers of its segment are invited, the others
// are skipped with the reason, whatever sends it (an event, a person, the periodic run).

let server: TestServer;
let ws: Awaited<ReturnType<TestServer['workspace']>>;
let other: Awaited<ReturnType<TestServer['workspace']>>;
let analyst: string;
let vip: string;
let foreignSegment: string;
const ids = new Map<string, string>();

const nps = { id: 'nps', type: 'nps', text: 'Would you recommend us?' };
const surveyRows = async (workspaceId: string) =>
  queryRows<{ name: string; segment_id: string | null }>(server.tp.database.db, sql`select name, segment_id from surveys where workspace_id = ${workspaceId} order by name`);
const sendsOf = async (surveyId: string) => (await server.call('GET', `/api/v1/surveys/${surveyId}/sends`, { key: ws.secretKey })).body.data as { customerId: string; status: string; note: string | null; trigger: string }[];
const byCustomer = (sends: { customerId: string }[]) => new Map(sends.map((s) => [[...ids].find(([, id]) => id === s.customerId)![0], s]));

async function createSegment(key: string, name: string, members: string[]) {
  const segment = await server.call('POST', '/api/v1/segments', { key, body: { name } });
  expect(segment.status).toBe(201);
  if (members.length) expect((await server.call('POST', `/api/v1/segments/${segment.body.id}/members`, { key, body: { customerIds: members } })).status).toBe(200);
  return segment.body.id as string;
}

async function createSurvey(body: Record<string, unknown>) {
  const res = await server.call('POST', '/api/v1/surveys', { cookie: analyst, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; segmentId: string | null };
}

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.workspace('targeting');
  other = await server.workspace('targeting-other');
  analyst = await ws.userCookie('analyst');
  // Two members (one without an email) and two customers outside the segment.
  for (const [userId, email] of [['ana', 'ana@example.com'], ['ben', undefined], ['cleo', 'cleo@example.com'], ['dan', 'dan@example.com']] as const) {
    await server.call('POST', '/v1/identify', { basicKey: ws.writeKey, body: { userId, traits: email ? { email } : { plan: 'free' } } });
  }
  await server.settle();
  for (const userId of ['ana', 'ben', 'cleo', 'dan']) ids.set(userId, (await server.call('GET', `/api/v1/customers?userId=${userId}`, { key: ws.secretKey })).body.data[0].id);
  vip = await createSegment(ws.secretKey, 'VIP', [ids.get('ana')!, ids.get('ben')!]);
  foreignSegment = await createSegment(other.secretKey, 'Theirs', []);
});
afterAll(() => server?.close());

describe('a survey’s segment: access and validation first', () => {
  it('401 without credentials, 403 for an agent; 400 for another workspace’s, a missing or a malformed segment; nothing stored', async () => {
    const body = { name: 'VIP NPS', questions: [nps], segmentId: vip };
    expect((await server.call('POST', '/api/v1/surveys', { body })).status).toBe(401);
    expect((await server.call('POST', '/api/v1/surveys', { cookie: await ws.userCookie('agent'), body })).status).toBe(403);
    for (const segmentId of [foreignSegment, '00000000-0000-4000-8000-000000000000', 'vip']) {
      const res = await server.call('POST', '/api/v1/surveys', { cookie: analyst, body: { ...body, segmentId } });
      expect(res.status, segmentId).toBe(400);
      expect(res.body.error.message).toContain('segmentId');
    }
    expect(await surveyRows(ws.id)).toEqual([]);
  });

  it('a change to another workspace’s segment is refused and leaves the survey as it was; null targets everyone again', async () => {
    const survey = await createSurvey({ name: 'Targeted', questions: [nps], segmentId: vip });
    expect(survey.segmentId).toBe(vip);
    const refused = await server.call('PATCH', `/api/v1/surveys/${survey.id}`, { cookie: analyst, body: { name: 'Renamed', segmentId: foreignSegment } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain(`no segment ${foreignSegment}`);
    expect(await surveyRows(ws.id)).toEqual([{ name: 'Targeted', segment_id: vip }]);
    // Another workspace can neither see nor change it.
    expect((await server.call('PATCH', `/api/v1/surveys/${survey.id}`, { key: other.secretKey, body: { segmentId: foreignSegment } })).status).toBe(404);
    const cleared = await server.call('PATCH', `/api/v1/surveys/${survey.id}`, { cookie: analyst, body: { segmentId: null } });
    expect(cleared.body.segmentId).toBeNull();
  });
});

describe('only the segment is invited', () => {
  it('an event invites the members; the others are skipped with the reason', async () => {
    const survey = await createSurvey({ name: 'After delivery (VIP)', questions: [nps], segmentId: vip, triggers: [{ type: 'event', event: 'Order Delivered' }] });
    for (const userId of ['ana', 'cleo']) {
      expect((await server.call('POST', '/v1/track', { basicKey: ws.writeKey, body: { userId, event: 'Order Delivered' } })).status).toBe(200);
    }
    await server.settle();
    const sends = byCustomer(await sendsOf(survey.id));
    expect(sends.get('ana')).toMatchObject({ trigger: 'event:Order Delivered', status: expect.not.stringMatching('skipped') });
    expect(sends.get('cleo')).toMatchObject({ status: 'skipped', note: 'not in segment VIP' });
    expect(sends.size).toBe(2);
  });

  it('a manual send to a non-member is skipped with the reason', async () => {
    const survey = await createSurvey({ name: 'Manual (VIP)', questions: [nps], segmentId: vip });
    const res = await server.call('POST', `/api/v1/surveys/${survey.id}/sends`, { cookie: analyst, body: { customer: { id: ids.get('dan') } } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'skipped', trigger: 'manual', note: 'not in segment VIP' });
  });

  it('the periodic run asks the members it can reach, nobody else', async () => {
    const survey = await createSurvey({ name: 'Relationship NPS (VIP)', questions: [nps], segmentId: vip, recontactDays: 0, triggers: [{ type: 'periodic', everyDays: 90 }] });
    await eventually(async () => expect((await sendsOf(survey.id)).length).toBeGreaterThan(0));
    const sends = await sendsOf(survey.id);
    // Ben is a member without an email address: the run passes him over, as it does everyone without one.
    expect(sends).toEqual([expect.objectContaining({ customerId: ids.get('ana'), trigger: 'periodic', status: expect.not.stringMatching('skipped') })]);
  });

  it('a deleted segment leaves the survey asking nobody, and says why', async () => {
    const gone = await createSegment(ws.secretKey, 'Gone', [ids.get('cleo')!]);
    const survey = await createSurvey({ name: 'Gone (VIP)', questions: [nps], segmentId: gone, recontactDays: 0 });
    expect((await server.call('DELETE', `/api/v1/segments/${gone}`, { key: ws.secretKey })).status).toBe(204);
    const res = await server.call('POST', `/api/v1/surveys/${survey.id}/sends`, { cookie: analyst, body: { customer: { id: ids.get('cleo') } } });
    expect(res.body).toMatchObject({ status: 'skipped', note: `not in segment ${gone} (deleted)` });
  });
});

interface ReportGroup {
  label: string;
  subLabel?: string;
  nps: { n: number; promoters: number; detractors: number; score: number | null };
}

describe('the feedback report by segment', () => {
  it('gives NPS per segment from its members’ answers (a customer in two segments counts in both), and the total over every answer once', async () => {
    const survey = await createSurvey({ name: 'Report by segment', questions: [nps] });
    await createSegment(ws.secretKey, 'Early adopters', [ids.get('ana')!, ids.get('cleo')!]);
    const at = '2026-10-10T12:00:00Z';
    for (const [userId, score] of [['ana', 10], ['ben', 3], ['cleo', 9], ['dan', 0]] as const) {
      const res = await server.call('POST', `/api/v1/surveys/${survey.id}/responses`, { key: ws.secretKey, body: { customer: { userId }, answers: { nps: score }, submittedAt: at } });
      expect(res.status).toBe(201);
    }
    const query = `surveyId=${survey.id}&from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z`;
    const res = await server.call('GET', `/api/v1/reports/feedback?${query}&groupBy=segment`, { cookie: analyst });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const report = res.body;
    const by = Object.fromEntries((report.groups as ReportGroup[]).map((g) => [g.label, g.nps]));
    // VIP: ana 10, ben 3 → 1 promoter, 1 detractor: 0. Early adopters: ana 10, cleo 9 → 100. dan is in no segment.
    expect(by.VIP).toMatchObject({ n: 2, promoters: 1, detractors: 1, score: 0 });
    expect(by['Early adopters']).toMatchObject({ n: 2, promoters: 2, detractors: 0, score: 100 });
    expect(report.total.nps).toMatchObject({ n: 4, promoters: 2, detractors: 2, score: 0 });
    const nested = (await server.call('GET', `/api/v1/reports/feedback?${query}&groupBy=month&thenBy=segment`, { cookie: analyst })).body;
    expect((nested.groups as ReportGroup[]).map((g) => [g.label, g.subLabel, g.nps.n]).sort()).toEqual([
      ['2026-10', 'Early adopters', 2],
      ['2026-10', 'VIP', 2],
    ]);
    // Another workspace's report knows nothing of these segments.
    expect((await server.call('GET', `/api/v1/reports/feedback?from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z&groupBy=segment`, { key: other.secretKey })).body.groups).toEqual([]);
  });
});
