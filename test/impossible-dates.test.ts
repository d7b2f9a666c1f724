import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/platform/db/query.ts';
import { importCsv } from '../src/imports/import-csv.ts';
import { startTestServer, type TestServer } from './harness.ts';

// Every API that takes a date, with one that does not exist (30 February, which
// JavaScript rolls over to 2 March) or one outside the field's window (the years 0001
// and 9999): a 400 naming the field, and nothing stored. The windows are in
// src/platform/http/dates.ts; events have their own tests in src/ingest/.

let server: TestServer;
let ws: Awaited<ReturnType<TestServer['workspace']>>;
let surveyId: string;
let admin: string;

type Table = 'reviews' | 'survey_responses' | 'survey_sends' | 'tickets' | 'journey_events';
const count = async (table: Table) =>
  (await queryRows<{ n: number }>(server.tp.database.db, sql`select count(*)::int as n from ${sql.raw(table)} where workspace_id = ${ws.id}`))[0]!.n;

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.workspace('dates');
  admin = await ws.userCookie('admin');
  const survey = await server.call('POST', '/api/v1/surveys', { cookie: await ws.userCookie('analyst'), body: { name: 'Dates', questions: [{ id: 'nps', type: 'nps', text: 'Recommend us?' }] } });
  surveyId = survey.body.id;
});
afterAll(() => server?.close());

const review = (postedAt: string) => ({ reviews: [{ source: 'google', rating: 5, text: 'Lovely', postedAt }] });
const ticket = (createdAt: string, at = createdAt) => ({
  tickets: [{ externalId: `x-${createdAt}-${at}`, customer: { email: 'dated@example.test' }, subject: 'Old', channel: 'email', createdAt, messages: [{ author: 'customer', body: 'Hi', at }] }],
});

const refusals: [string, string, string, (() => unknown) | undefined, Table | undefined, RegExp][] = [
  ['a review posted on 30 February', 'POST', '/api/v1/reviews', () => review('2026-02-30T10:00:00Z'), 'reviews', /^reviews\[0\]: postedAt: not an ISO 8601 date-time .* on a day that exists/],
  ['a review posted in the year 0001', 'POST', '/api/v1/reviews', () => review('0001-01-01T00:00:00Z'), 'reviews', /^reviews\[0\]: postedAt: "0001-01-01T00:00:00Z" is before 1970/],
  ['a review posted in the year 9999', 'POST', '/api/v1/reviews', () => review('9999-01-01T00:00:00Z'), 'reviews', /^reviews\[0\]: postedAt: "9999-01-01T00:00:00Z" is more than a day ahead/],
  ['a survey answer submitted in 0001', 'POST', '/api/v1/surveys/:survey/responses', () => ({ answers: { nps: 9 }, submittedAt: '0001-01-01T00:00:00Z' }), 'survey_responses', /^body\.submittedAt: "0001-01-01T00:00:00Z" is before 1970/],
  ['a survey answer submitted in 9999', 'POST', '/api/v1/surveys/:survey/responses', () => ({ answers: { nps: 9 }, submittedAt: '9999-01-01T00:00:00Z' }), 'survey_responses', /^body\.submittedAt: /],
  ['a survey answer submitted on 30 February', 'POST', '/api/v1/surveys/:survey/responses', () => ({ answers: { nps: 9 }, submittedAt: '2026-02-30T10:00:00Z' }), 'survey_responses', /^body\.submittedAt: not an ISO 8601/],
  ['an invitation to send in 9999', 'POST', '/api/v1/surveys/:survey/sends', () => ({ customer: { email: 'later@example.test' }, at: '9999-01-01T00:00:00Z' }), 'survey_sends', /^body\.at: "9999-01-01T00:00:00Z" is more than a year ahead/],
  ['an imported ticket created in 0001', 'POST', '/api/v1/imports/tickets', () => ticket('0001-01-01T00:00:00Z'), 'tickets', /^body\.tickets\.0\.createdAt: "0001-01-01T00:00:00Z" is before 1970/],
  ['an imported message on 30 February', 'POST', '/api/v1/imports/tickets', () => ticket('2026-01-01T00:00:00Z', '2026-02-30T00:00:00Z'), 'tickets', /^body\.tickets\.0\.messages\.0\.at: /],
  ['an SLA holiday on 30 February', 'PUT', '/api/v1/sla-policy', undefined, undefined, /^body\.calendar\.holidays\.0: not a calendar day/],
  ['a report from the year 0001', 'GET', '/api/v1/reports/service?from=0001-01-01T00:00:00Z', undefined, undefined, /^querystring\.from: "0001-01-01T00:00:00Z" is before 1900/],
  ['a report to 30 February', 'GET', '/api/v1/reports/feedback?to=2026-02-30T00:00:00Z', undefined, undefined, /^querystring\.to: not an ISO 8601/],
  ['reviews listed to the year 9999', 'GET', '/api/v1/reviews?to=9999-01-01T00:00:00Z', undefined, undefined, /^querystring\.to: "9999-01-01T00:00:00Z" is more than a hundred years ahead/],
  ['tickets exported from 30 February', 'GET', '/api/v1/tickets/export?from=2026-02-30T00:00:00Z', undefined, undefined, /^querystring\.from: /],
  ['responses listed from 0001', 'GET', '/api/v1/responses?from=0001-01-01T00:00:00Z', undefined, undefined, /^querystring\.from: /],
];

describe('impossible and absurd dates', () => {
  for (const [what, method, url, body, table, message] of refusals) {
    it(`${what}: 400 naming the field, nothing stored`, async () => {
      const before = table && (await count(table));
      const policy = await server.call('GET', '/api/v1/sla-policy', { key: ws.secretKey });
      const payload = body?.() ?? (method === 'PUT' ? { ...policy.body, calendar: { ...policy.body.calendar, holidays: ['2026-02-30', '2026-12-25'] } } : undefined);
      const caller = method === 'PUT' ? { cookie: admin } : { key: ws.secretKey };
      const res = await server.call(method, url.replace(':survey', surveyId), { ...caller, body: payload });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.message).toMatch(message);
      if (table) expect(await count(table)).toBe(before);
      expect((await server.call('GET', '/api/v1/sla-policy', { key: ws.secretKey })).body).toEqual(policy.body);
    });
  }

  it('takes the edges of each window: 1970 itself, a leap day, a review from this morning', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const res = await server.call('POST', '/api/v1/reviews', {
      key: ws.secretKey,
      body: { reviews: [{ source: 'google', rating: 4, postedAt: '1970-01-01T00:00:00Z' }, { source: 'google', rating: 3, postedAt: '2024-02-29T12:00:00+01:00' }, { source: 'google', rating: 5, postedAt: `${today}T00:00:00Z` }] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.stored).toBe(3);
    expect((await server.call('GET', '/api/v1/reports/service?from=1900-01-01T00:00:00Z&to=1902-01-01T00:00:00Z', { key: ws.secretKey })).status).toBe(200);
  });

  it('an events CSV goes through the same checks: the impossible rows are refused with their line, the rest stored', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tp-dates-')), 'events.csv');
    fs.writeFileSync(file, ['timestamp,event,user_id', '2026-02-30T10:00:00Z,Bought,u1', '0001-01-01T00:00:00Z,Bought,u1', '2026-01-15T10:00:00Z,Bought,u1'].join('\n'));
    const before = await count('journey_events');
    const summary = await importCsv(server.tp.database.db, ws.id, 'events', file);
    expect(summary.errors).toEqual([
      { line: 2, reason: 'timestamp: "2026-02-30T10:00:00Z" is not a calendar date' },
      { line: 3, reason: 'timestamp: "0001-01-01T00:00:00Z" is before 1970' },
    ]);
    expect(await count('journey_events')).toBe(before + 1);
  });
});
