import QRCode from 'qrcode';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../platform/db/query.ts';
import { eventually, startTestServer, type TestServer } from '../../test/harness.ts';
import { startSmtpCatcher } from '../../test/smtp-catcher.ts';

// Surveys end to end over real HTTP and real SMTP: the invitation email, its
// one-click score, the answer page, the closed loop's ticket, imports and the report.

let server: TestServer;
let catcher: Awaited<ReturnType<typeof startSmtpCatcher>>;
let ws: Awaited<ReturnType<TestServer['workspace']>>;
let other: Awaited<ReturnType<TestServer['workspace']>>;
let analyst: string;
let deliveryId: string;

const count = async (table: 'surveys' | 'survey_responses' | 'survey_scores' | 'survey_sends') =>
  (await queryRows<{ n: number }>(server.tp.database.db, sql`select count(*)::int as n from ${sql.raw(table)} where workspace_id = ${ws.id}`))[0]!.n;

const nps = (id = 'nps') => ({ id, type: 'nps', text: { en: 'How likely are you to recommend us to a friend?', fr: 'Nous recommanderiez-vous ?' } });
const comment = { id: 'comment', type: 'text', text: 'What is the main reason for your score?' };

async function createSurvey(body: Record<string, unknown>) {
  const res = await server.call('POST', '/api/v1/surveys', { cookie: analyst, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; links: { link: string; kiosk: string } };
}

beforeAll(async () => {
  catcher = await startSmtpCatcher();
  server = await startTestServer({ SMTP_URL: catcher.url, TOUCHPOINT_MAIL_FROM: 'Café Lumen <hello@cafe.test>' });
  ws = await server.workspace('cx');
  other = await server.workspace('cx-other');
  analyst = await ws.userCookie('analyst');
  const touchpoints = await server.call('GET', '/api/v1/touchpoints', { key: ws.secretKey });
  deliveryId = touchpoints.body.data.find((t: { name: string }) => t.name === 'Delivery').id;
});
afterAll(async () => {
  await server?.close();
  await catcher?.close();
});

describe('surveys: access and validation first', () => {
  it('401 without credentials, 403 for an agent, 400 for bad questions or an unknown touchpoint; nothing stored', async () => {
    const body = { name: 'NPS', questions: [nps()] };
    expect((await server.call('POST', '/api/v1/surveys', { body })).status).toBe(401);
    expect((await server.call('POST', '/api/v1/surveys', { cookie: await ws.userCookie('agent'), body })).status).toBe(403);
    for (const [bad, message] of [
      [{ name: 'x', questions: [nps('a'), { ...comment, id: 'a' }] }, 'used twice'],
      [{ name: 'x', questions: [{ id: 'q', type: 'csat', text: 'x', scale: 4 }] }, 'questions'],
      [{ name: 'x', questions: [] }, 'questions'],
      [{ name: 'x', questions: [nps()], touchpointId: '00000000-0000-4000-8000-000000000000' }, 'touchpointId'],
      [{ name: 'x', questions: [nps()], samplePercent: 120 }, 'samplePercent'],
    ] as const) {
      const res = await server.call('POST', '/api/v1/surveys', { cookie: analyst, body: bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.error.message).toContain(message);
    }
    expect(await count('surveys')).toBe(0);
  });
});

describe('an email invitation, its one-click score and the closed loop', () => {
  let survey: { id: string };
  let scoreLink: string;

  it('sends the first question inside the email, each score a signed link', async () => {
    const rule = await server.call('POST', '/api/v1/feedback-rules', { cookie: analyst, body: { name: 'Detractors', condition: { kind: 'nps', max: 6 }, action: { type: 'ticket', priority: 'high' } } });
    expect(rule.status).toBe(201);
    survey = await createSurvey({ name: 'After delivery', touchpointId: deliveryId, languages: ['en', 'fr'], questions: [nps(), comment] });
    const send = await server.call('POST', `/api/v1/surveys/${survey.id}/sends`, { key: ws.secretKey, body: { customer: { email: 'ana@example.com', name: 'Ana Ruiz' } } });
    expect(send.status).toBe(201);
    expect(send.body).toMatchObject({ status: 'scheduled', trigger: 'manual', language: 'en' });

    await eventually(() => expect(catcher.caught).toHaveLength(1));
    const mail = catcher.caught[0]!;
    expect(mail.subject).toBe('After delivery');
    expect(mail.to).toMatchObject({ value: [{ address: 'ana@example.com', name: 'Ana Ruiz' }] });
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.html).toContain('How likely are you to recommend us to a friend?');
    const links = [...String(mail.html).matchAll(/href="([^"]+\/f\/[^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
    expect(links).toHaveLength(11);
    scoreLink = String(mail.text).match(/^3: (\S+)$/m)![1]!;
    expect(links).toContain(scoreLink);
    await eventually(async () => expect((await server.call('GET', `/api/v1/surveys/${survey.id}/sends`, { key: ws.secretKey })).body.data[0].status).toBe('sent'));
  });

  it('refuses an altered link with a clear page and records nothing', async () => {
    const altered = scoreLink.replace(/\/f\/([^.]+)\.([^/]+)\/3$/, (_m, body: string, sig: string) => `/f/${body}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}/3`);
    expect(altered).not.toBe(scoreLink);
    const res = await fetch(altered, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('This link is not valid');
    expect(await count('survey_responses')).toBe(0);
  });

  it('a click records the score and opens the page for the rest; the link answers once', async () => {
    const res = await fetch(scoreLink, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const page = new URL(res.headers.get('location')!, server.url).toString();
    expect(await count('survey_scores')).toBe(1);

    const again = await fetch(scoreLink, { redirect: 'manual' });
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('already used');
    expect(await count('survey_responses')).toBe(1);

    const form = await fetch(page);
    expect(form.status).toBe(200);
    expect(form.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await form.text();
    expect(html).toMatch(/name="a\.nps" value="3" checked/);

    const out = await fetch(page, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ 'a.nps': '3', 'a.comment': '<script>alert(1)</script> The parcel came a week late' }) });
    expect(out.status).toBe(200);
    expect(await out.text()).toContain('Thank you');
    const replay = await fetch(page, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ 'a.nps': '10' }) });
    expect(replay.status).toBe(410);

    const responses = await server.call('GET', `/api/v1/responses?surveyId=${survey.id}`, { key: ws.secretKey });
    expect(responses.body.data).toHaveLength(1);
    expect(responses.body.data[0]).toMatchObject({ channel: 'email', completed: true, answers: { nps: 3, comment: '<script>alert(1)</script> The parcel came a week late' } });
  });

  it('the detractor becomes a follow-up ticket, linked to the response and on the journey', async () => {
    await eventually(async () => {
      const list = await server.call('GET', '/api/v1/tickets?tag=feedback', { key: ws.secretKey });
      expect(list.body.data).toHaveLength(1);
    });
    const ticket = (await server.call('GET', '/api/v1/tickets?tag=feedback', { key: ws.secretKey })).body.data[0];
    expect(ticket).toMatchObject({ subject: 'Follow up: NPS 3 on After delivery from Ana Ruiz', priority: 'high', channel: 'email' });
    const detail = await server.call('GET', `/api/v1/tickets/${ticket.id}`, { key: ws.secretKey });
    expect(detail.body.messages[0].body).toContain('The parcel came a week late');
    const response = (await server.call('GET', `/api/v1/responses?surveyId=${survey.id}`, { key: ws.secretKey })).body.data[0];
    expect(response.followUpTicketId).toBe(ticket.id);

    const journey = await server.call('GET', `/api/v1/customers/${response.customerId}/journey`, { key: ws.secretKey });
    const entry = journey.body.data.find((e: { kind: string }) => e.kind === 'survey_response');
    expect(entry).toMatchObject({ name: 'NPS 3 on After delivery', touchpoint: 'Delivery', details: { nps: 3, completed: true } });
    const last = await server.call('GET', `/api/v1/customers/${response.customerId}/feedback`, { key: ws.secretKey });
    expect(last.body.data).toEqual([expect.objectContaining({ kind: 'nps', value: 3 })]);
  });

  it('a score changed on the answer page replaces the clicked one in the report', async () => {
    const other = await createSurvey({ name: 'Second thoughts', questions: [nps()] });
    await server.call('POST', `/api/v1/surveys/${other.id}/sends`, { key: ws.secretKey, body: { customer: { email: 'eli@example.com' } } });
    await eventually(() => expect(catcher.caught.some((m) => m.subject === 'Second thoughts')).toBe(true));
    const mail = catcher.caught.find((m) => m.subject === 'Second thoughts')!;
    const click = await fetch(String(mail.text).match(/^9: (\S+)$/m)![1]!, { redirect: 'manual' });
    const page = new URL(click.headers.get('location')!, server.url).toString();
    const report = async () => (await server.call('GET', `/api/v1/reports/feedback?surveyId=${other.id}`, { key: ws.secretKey })).body.total.nps;
    expect(await report()).toMatchObject({ n: 1, promoters: 1, detractors: 0 });
    await fetch(page, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ 'a.nps': '2' }) });
    expect(await report()).toMatchObject({ n: 1, promoters: 0, detractors: 1 });
  });

  it('does not ask the same customer again within the recontact period', async () => {
    const send = await server.call('POST', `/api/v1/surveys/${survey.id}/sends`, { key: ws.secretKey, body: { customer: { email: 'ana@example.com' } } });
    expect(send.body).toMatchObject({ status: 'skipped' });
    expect(send.body.note).toContain('30-day recontact period');
  });

  it('a score the survey does not have records nothing; a survey edited after a click is answered with its new questions', async () => {
    const edited = await createSurvey({ name: 'Edited meanwhile', questions: [nps()] });
    const emails = ['fay@example.com', 'gus@example.com'];
    for (const email of emails) await server.call('POST', `/api/v1/surveys/${edited.id}/sends`, { key: ws.secretKey, body: { customer: { email } } });
    await eventually(() => expect(catcher.caught.filter((m) => m.subject === 'Edited meanwhile')).toHaveLength(2));
    const [fay, gus] = emails.map((a) => String(catcher.caught.find((m) => m.subject === 'Edited meanwhile' && JSON.stringify(m.to).includes(a))!.text).match(/^9: (\S+)$/m)![1]!);
    const before = await count('survey_responses');
    expect((await fetch(fay!.replace(/\/9$/, '/11'), { redirect: 'manual' })).status).toBe(400);
    expect(await count('survey_responses')).toBe(before);
    // The first click reads the survey as it is; the edit must not be answered with what was read then.
    expect((await fetch(fay!, { redirect: 'manual' })).status).toBe(303);
    const patched = await server.call('PATCH', `/api/v1/surveys/${edited.id}`, { cookie: analyst, body: { questions: [{ id: 'stars', type: 'rating', text: 'Stars?', scale: 5 }, nps()] } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect((await fetch(gus!, { redirect: 'manual' })).status).toBe(400);
    expect((await fetch(gus!.replace(/\/9$/, '/4'), { redirect: 'manual' })).status).toBe(303);
    const answers = (await server.call('GET', `/api/v1/responses?surveyId=${edited.id}`, { key: ws.secretKey })).body.data.map((r: { answers: unknown }) => r.answers);
    expect(answers).toEqual(expect.arrayContaining([{ nps: 9 }, { stars: 4 }]));
    expect(await count('survey_responses')).toBe(before + 2);
  });
});

describe('imported responses and the feedback report', () => {
  let survey: { id: string };

  it('refuses out-of-range scores, unknown questions and duplicates, storing nothing', async () => {
    survey = await createSurvey({ name: 'Relationship NPS', questions: [nps(), { id: 'csat', type: 'csat', text: 'Satisfied?' }, { id: 'ces', type: 'ces', text: 'Easy?', scale: 7 }] });
    const before = await count('survey_responses');
    for (const answers of [{ nps: 11 }, { nps: -1 }, { nps: 7.5 }, { ghost: 3 }, {}]) {
      const res = await server.call('POST', `/api/v1/surveys/${survey.id}/responses`, { key: ws.secretKey, body: { customer: { email: 'bo@example.com' }, answers } });
      expect(res.status, JSON.stringify(answers)).toBe(400);
    }
    const ok = { customer: { email: 'bo@example.com' }, answers: { nps: 9 }, submittedAt: '2026-09-03T10:00:00Z' };
    expect((await server.call('POST', `/api/v1/surveys/${survey.id}/responses`, { key: ws.secretKey, body: ok })).status).toBe(201);
    const dup = await server.call('POST', `/api/v1/surveys/${survey.id}/responses`, { key: ws.secretKey, body: ok });
    expect(dup.status).toBe(409);
    expect(await count('survey_responses')).toBe(before + 1);
  });

  it('computes NPS with its interval, CSAT top box and CES against a hand-computed set', async () => {
    // September: promoters 9 (above) + 10, 10; passives 7, 8; detractors 0, 3, 5, 6, 6 → n = 10, NPS = (3 − 5)/10 = −20,
    // adjusted-Wald interval −61.1 to 30.3 (see metrics.test.ts). October: one promoter.
    const september = [10, 10, 7, 8, 0, 3, 5, 6, 6];
    for (const [i, score] of september.entries()) {
      const res = await server.call('POST', `/api/v1/surveys/${survey.id}/responses`, {
        key: ws.secretKey,
        body: { customer: { email: `c${i}@example.com` }, answers: { nps: score, ...(i < 4 ? { csat: [5, 4, 3, 1][i], ces: [7, 5, 4, 2][i] } : {}) }, submittedAt: `2026-09-${String(10 + i).padStart(2, '0')}T12:00:00Z` },
      });
      expect(res.status).toBe(201);
    }
    await server.call('POST', `/api/v1/surveys/${survey.id}/responses`, { key: ws.secretKey, body: { customer: { email: 'oct@example.com' }, answers: { nps: 10 }, submittedAt: '2026-10-02T12:00:00Z' } });

    const res = await server.call('GET', `/api/v1/reports/feedback?surveyId=${survey.id}&from=2026-09-01T00:00:00Z&to=2026-11-01T00:00:00Z&groupBy=month`, { cookie: analyst });
    expect(res.status).toBe(200);
    const [sep, oct] = res.body.groups;
    expect(sep).toMatchObject({ key: '2026-09', nps: { n: 10, promoters: 3, passives: 2, detractors: 5, score: -20, ci95: [-61.1, 30.3] } });
    // CSAT 5, 4, 3, 1 → 2 of 4 in the top box; CES 7, 5, 4, 2 on 7 points: mean 4.5, 2 of 4 agree (5–7).
    expect(sep.csat).toEqual({ n: 4, favourable: 2, share: 50 });
    expect(sep.ces).toEqual({ n: 4, favourable: 2, share: 50, mean: 4.5 });
    expect(oct).toMatchObject({ key: '2026-10', nps: { n: 1, score: 100 } });
    expect(res.body.total.nps).toMatchObject({ n: 11, promoters: 4, detractors: 5 });

    const nested = await server.call('GET', `/api/v1/reports/feedback?surveyId=${survey.id}&from=2026-09-01T00:00:00Z&to=2026-11-01T00:00:00Z&groupBy=month&thenBy=channel`, { cookie: analyst });
    expect(nested.body.groups.map((g: { key: string; subKey: string; nps: { n: number } }) => [g.key, g.subKey, g.nps.n])).toEqual([
      ['2026-09', 'api', 10],
      ['2026-10', 'api', 1],
    ]);

    const csv = await server.call('GET', `/api/v1/reports/feedback?surveyId=${survey.id}&from=2026-09-01T00:00:00Z&to=2026-11-01T00:00:00Z&groupBy=month&format=csv`, { cookie: analyst });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.body).toContain('2026-09,10,-20,-61.1,30.3,3,2,5');
  });

  it('exports responses as CSV, one column per question', async () => {
    const res = await server.call('GET', `/api/v1/responses?surveyId=${survey.id}&format=csv`, { key: ws.secretKey });
    const lines = String(res.body).replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('response_id,submitted_at,completed,channel,language,customer_id,ticket_id,nps,csat,ces,sentiment,sentiment_score');
    expect(lines).toHaveLength(12);
  });

  it('another workspace sees none of it', async () => {
    expect((await server.call('GET', `/api/v1/surveys/${survey.id}`, { key: other.secretKey })).status).toBe(404);
    expect((await server.call('POST', `/api/v1/surveys/${survey.id}/responses`, { key: other.secretKey, body: { answers: { nps: 1 } } })).status).toBe(404);
    expect((await server.call('GET', '/api/v1/responses', { key: other.secretKey })).body.data).toEqual([]);
    const report = await server.call('GET', '/api/v1/reports/feedback?from=2026-09-01T00:00:00Z&to=2026-11-01T00:00:00Z', { key: other.secretKey });
    expect(report.body.total.nps.n).toBe(0);
  });

  it('a question with answers keeps its type and scale', async () => {
    const res = await server.call('PATCH', `/api/v1/surveys/${survey.id}`, { cookie: analyst, body: { questions: [{ id: 'nps', type: 'csat', text: 'x' }] } });
    expect(res.status).toBe(409);
    expect((await server.call('PATCH', `/api/v1/surveys/${survey.id}`, { cookie: analyst, body: { name: 'rNPS 2026' } })).body.name).toBe('rNPS 2026');
  });
});

describe('after a solved ticket, and on a kiosk', () => {
  it('a solved ticket schedules the CSAT survey 24 hours later', async () => {
    const csat = await createSurvey({ name: 'How did we do?', questions: [{ id: 'csat', type: 'csat', text: 'How satisfied are you with our help?' }], triggers: [{ type: 'ticket_solved' }] });
    const opened = await server.call('POST', '/api/v1/tickets', { key: ws.secretKey, body: { customer: { email: 'dee@example.com' }, subject: 'Where is my order?', channel: 'email', message: { body: 'Hello?' } } });
    const solvedAt = Date.now();
    expect((await server.call('PATCH', `/api/v1/tickets/${opened.body.id}`, { key: ws.secretKey, body: { status: 'solved' } })).status).toBe(200);
    const sends = (await server.call('GET', `/api/v1/surveys/${csat.id}/sends`, { key: ws.secretKey })).body.data;
    expect(sends).toHaveLength(1);
    expect(sends[0]).toMatchObject({ status: 'scheduled', trigger: 'ticket_solved', ticketId: opened.body.id });
    expect(Math.abs(Date.parse(sends[0].scheduledFor) - solvedAt - 24 * 3_600_000)).toBeLessThan(60_000);
  });

  it('"3 days after Order Delivered": a live event schedules the survey, an old one from a backfill does not', async () => {
    const survey = await createSurvey({ name: 'After delivery (event)', touchpointId: deliveryId, questions: [nps()], triggers: [{ type: 'event', event: 'Order Delivered', delayMinutes: 3 * 24 * 60 }] });
    const deliveredAt = new Date(Date.now() - 60_000).toISOString();
    for (const [userId, timestamp] of [['u-fresh', deliveredAt], ['u-old', '2025-01-10T10:00:00Z']]) {
      await server.call('POST', '/v1/identify', { basicKey: ws.writeKey, body: { userId, traits: { email: `${userId}@example.com` } } });
      const res = await server.call('POST', '/v1/track', { basicKey: ws.writeKey, body: { userId, event: 'Order Delivered', timestamp, properties: { order_id: userId } } });
      expect(res.status).toBe(200);
    }
    await server.settle();
    const sends = (await server.call('GET', `/api/v1/surveys/${survey.id}/sends`, { key: ws.secretKey })).body.data;
    expect(sends).toHaveLength(1);
    expect(sends[0]).toMatchObject({ status: 'scheduled', trigger: 'event:Order Delivered' });
    expect(Date.parse(sends[0].scheduledFor)).toBe(Date.parse(deliveredAt) + 3 * 86_400_000);
  });

  it('a kiosk takes anonymous answers, refuses an empty or out-of-range one, and starts over', async () => {
    const kiosk = await createSurvey({ name: 'Shop counter', questions: [{ id: 'rate', type: 'rating', text: 'How was your visit?', scale: 5 }] });
    const page = await fetch(`${server.url}${kiosk.links.kiosk}`);
    expect(page.status).toBe(200);
    const post = (body: Record<string, string>) => fetch(`${server.url}${kiosk.links.kiosk}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) });
    expect((await post({})).status).toBe(400);
    expect((await post({ 'a.rate': '6' })).status).toBe(400);
    const thanks = await post({ 'a.rate': '5' });
    expect(thanks.status).toBe(200);
    expect(await thanks.text()).toContain(`url=${kiosk.links.kiosk}`);
    const responses = (await server.call('GET', `/api/v1/responses?surveyId=${kiosk.id}`, { key: ws.secretKey })).body.data;
    expect(responses).toEqual([expect.objectContaining({ channel: 'kiosk', customerId: null, answers: { rate: 5 } })]);
  });

  it('the link and the kiosk have a funnel whose denominator is page views', async () => {
    const counter = await createSurvey({ name: 'Counter and QR', questions: [{ id: 'rate', type: 'rating', text: 'How was your visit?', scale: 5 }] });
    const answer = (path: string, rate: string) => fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ 'a.rate': rate }) });
    for (let i = 0; i < 4; i++) expect((await fetch(`${server.url}${counter.links.kiosk}`)).status).toBe(200);
    for (const rate of ['5', '4', '9']) await answer(counter.links.kiosk, rate); // 9 is refused: not counted
    for (let i = 0; i < 2; i++) await fetch(`${server.url}${counter.links.link}`);
    await answer(counter.links.link, '2');
    const report = await server.call('GET', `/api/v1/reports/feedback?surveyId=${counter.id}`, { key: ws.secretKey });
    expect(report.status).toBe(200);
    expect(report.body.pageFunnel).toEqual([
      { channel: 'link', opened: 2, started: 1, completed: 1, rates: { started: 50, completed: 50 } },
      { channel: 'kiosk', opened: 4, started: 2, completed: 2, rates: { started: 50, completed: 50 } },
    ]);
    const elsewhere = await server.call('GET', '/api/v1/reports/feedback', { key: other.secretKey });
    expect(elsewhere.body.pageFunnel.map((p: { opened: number; started: number }) => p.opened + p.started)).toEqual([0, 0]);
  });

  it('gives a QR code of the public link, at the address customers reach, to the workspace only', async () => {
    const counter = await createSurvey({ name: 'Table card', questions: [{ id: 'rate', type: 'rating', text: 'How was your visit?', scale: 5 }] });
    const path = `/api/v1/surveys/${counter.id}/qr.svg`;
    expect((await server.call('GET', path)).status).toBe(401);
    expect((await server.call('GET', path, { key: other.secretKey })).status).toBe(404);
    const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${ws.secretKey}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    const svg = await res.text();
    expect(svg).toMatch(/^<svg[^>]+viewBox="0 0 (\d+) \1"/);
    // The code holds the absolute public link (the same options give the same symbol; another URL would not).
    expect(svg).toBe(await QRCode.toString(`${server.url}${counter.links.link}`, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }));
    expect(svg).not.toBe(await QRCode.toString(`${server.url}${counter.links.kiosk}`, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }));
  });
});

describe('relationship NPS: every customer, every N days', () => {
  it('invites each customer with an email once per period, minus those asked recently by any survey', async () => {
    const rel = await server.workspace('cx-periodic');
    for (const [userId, email] of [['p1', 'p1@example.com'], ['p2', 'p2@example.com'], ['p3', 'p3@example.com'], ['p4', undefined]] as const) {
      await server.call('POST', '/v1/identify', { basicKey: rel.writeKey, body: { userId, traits: email ? { email } : { plan: 'free' } } });
    }
    await server.settle();
    const other = await server.call('POST', '/api/v1/surveys', { key: rel.secretKey, body: { name: 'Onboarding', questions: [nps()] } });
    await server.call('POST', `/api/v1/surveys/${other.body.id}/sends`, { key: rel.secretKey, body: { customer: { email: 'p3@example.com' } } });

    const survey = await server.call('POST', '/api/v1/surveys', { key: rel.secretKey, body: { name: 'Relationship NPS', questions: [nps()], triggers: [{ type: 'periodic', everyDays: 90 }] } });
    expect(survey.status).toBe(201);
    const sends = async () => (await server.call('GET', `/api/v1/surveys/${survey.body.id}/sends`, { key: rel.secretKey })).body.data as { trigger: string; status: string }[];
    await eventually(async () => expect(await sends()).toHaveLength(2));
    expect((await sends()).every((s) => s.trigger === 'periodic')).toBe(true);

    // A second run within the period asks nobody again.
    const changedAt = new Date();
    await server.call('PATCH', `/api/v1/surveys/${survey.body.id}`, { key: rel.secretKey, body: { name: 'Relationship NPS 2026' } });
    const runs = async () =>
      (await queryRows<{ n: number }>(server.tp.database.db, sql`select count(*)::int as n from jobs where kind = 'survey.periodic' and workspace_id = ${rel.id} and done_at > ${changedAt.toISOString()}`))[0]!.n;
    await eventually(async () => expect(await runs()).toBeGreaterThan(0));
    expect(await sends()).toHaveLength(2);
  });
});
