import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/platform/db/query.ts';
import { importCsv } from '../src/imports/import-csv.ts';
import { importReviewFile } from '../src/feedback/review-file.ts';
import { startTestServer, type TestServer } from './harness.ts';

// Text PostgreSQL cannot store (a NUL byte, a lone surrogate) reaching every HTTP entry
// point but the tracking API (src/ingest/ingest.test.ts): JSON bodies of each domain,
// form bodies, query strings and path parameters. Each is repaired at the edge (NUL
// dropped, a lone surrogate made U+FFFD) or refused with a 400; never a 500. So is a
// pagination cursor changed by hand.

let server: TestServer;
let ws: Awaited<ReturnType<TestServer['workspace']>>;

const ticketCount = async () => (await queryRows<{ n: number }>(server.tp.database.db, sql`select count(*)::int as n from tickets where workspace_id = ${ws.id}`))[0]!.n;

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.workspace('unstorable');
});
afterAll(() => server?.close());

describe('JSON bodies of every domain', () => {
  it('a ticket: its subject, first message, customer name and custom fields (keys too), on create, update and reply', async () => {
    const created = await server.call('POST', '/api/v1/tickets', {
      key: ws.secretKey,
      body: {
        customer: { email: 'nul@example.test', name: 'Nu\u0000ll' },
        subject: 'Help\u0000 me',
        message: { body: 'It broke\u0000 \ud83d' },
        customFields: { 'order\u0000': 'A\u00001', note: 'cut \udc00' },
        tags: ['ta\u0000g'],
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ subject: 'Help me', customFields: { order: 'A1', note: 'cut \ufffd' }, tags: ['tag'] });
    const id = created.body.id;
    const patched = await server.call('PATCH', `/api/v1/tickets/${id}`, { key: ws.secretKey, body: { customFields: { 'ref\u0000': '\u0000x\ud800' }, subject: 'Still\u0000 broken' } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ subject: 'Still broken', customFields: { order: 'A1', ref: 'x\ufffd' } });
    const reply = await server.call('POST', `/api/v1/tickets/${id}/messages`, { key: ws.secretKey, body: { body: 'Try\u0000 again', public: false } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const ticket = await server.call('GET', `/api/v1/tickets/${id}`, { key: ws.secretKey });
    expect(ticket.body.customer.name).toBe('Null');
    expect(ticket.body.messages.map((m: { body: string }) => m.body)).toEqual(['It broke \ufffd', 'Try again']);
  });

  it('text cut short for an excerpt or a subject never ends halfway through an emoji', async () => {
    const body = `${'x'.repeat(279)}😀 and more`;
    const ticket = await server.call('POST', '/api/v1/tickets', { key: ws.secretKey, body: { customer: { email: 'emoji@example.test' }, subject: 'Emoji', message: { body } } });
    expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
    const chat = await server.call('POST', '/widget/v1/conversations', { body: { writeKey: ws.writeKey, anonymousId: 'emoji', email: 'emoji@example.test', message: `${'y'.repeat(78)}😀 tail` } });
    expect(chat.status, JSON.stringify(chat.body)).toBe(201);
    const created = await server.call('GET', `/api/v1/tickets/${chat.body.conversation.id}`, { key: ws.secretKey });
    expect(created.body.subject).toBe(`${'y'.repeat(78)}…`);
  });

  it('a widget conversation started by a visitor', async () => {
    const res = await server.call('POST', '/widget/v1/conversations', {
      body: { writeKey: ws.writeKey, anonymousId: 'vis\u0000itor', name: 'Ve\u0000ra', email: 'vera@example.test', message: 'Hello\u0000 \ud83d' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.conversation.messages[0].body).toBe('Hello \ufffd');
    const ticket = await server.call('GET', `/api/v1/tickets/${res.body.conversation.id}`, { key: ws.secretKey });
    expect(ticket.body.customerIdentities).toContainEqual({ kind: 'anonymous_id', value: 'visitor' });
  });

  it('a body nested deeper than 64 levels is refused on any route, naming where, and nothing is stored', async () => {
    const before = await ticketCount();
    const deep = '{"a":'.repeat(100) + '1' + '}'.repeat(100);
    const res = await server.call('POST', '/api/v1/tickets', { key: ws.secretKey, rawBody: `{"customer":{"email":"deep@example.test"},"subject":"s","message":{"body":"b"},"customFields":{"x":${deep}}}` });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'nesting_too_deep', message: expect.stringMatching(/^customFields\.x(\.a)+ is nested more than 64 levels deep/) });
    expect(await ticketCount()).toBe(before);
  });
});

describe('form bodies', () => {
  it('a survey answered on a kiosk', async () => {
    const cookie = await ws.userCookie('analyst');
    const survey = await server.call('POST', '/api/v1/surveys', { cookie, body: { name: 'Counter', questions: [{ id: 'why', type: 'text', text: 'Anything to tell us?' }] } });
    expect(survey.status, JSON.stringify(survey.body)).toBe(201);
    const res = await fetch(`${server.url}${survey.body.links.kiosk}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a.why=Great%00+coffee&extra%00=1',
    });
    expect(res.status).toBe(200);
    const responses = await server.call('GET', `/api/v1/responses?surveyId=${survey.body.id}`, { key: ws.secretKey });
    expect(responses.body.data.map((r: { answers: unknown }) => r.answers)).toEqual([{ why: 'Great coffee' }]);
  });
});

describe('query strings and path parameters', () => {
  let customerId: string;
  beforeAll(async () => {
    const customers = await server.call('GET', '/api/v1/customers?email=nul@example.test', { key: ws.secretKey });
    customerId = customers.body.data[0].id;
  });

  const urls = () => [
    '/api/v1/customers?email=%00',
    '/api/v1/customers?email=nul%00@example.test',
    '/api/v1/customers?userId=%00',
    '/api/v1/customers?q=%00',
    '/api/v1/customers?q=%ED%A0%BD',
    `/api/v1/customers/${customerId}/journey?kind=%00`,
    `/api/v1/customers/${customerId}/journey?kind=track,%00page`,
    '/api/v1/tickets?customerEmail=%00',
    '/api/v1/tickets?tag=%00',
    '/api/v1/tickets?tag=%ED%A0%BD',
    '/api/v1/reviews?source=%00',
    '/api/v1/tickets/%00',
    '/api/v1/customers/%00',
    `/api/v1/customers/${customerId}%00`,
  ];
  it('answer without a 5xx, the NUL dropped', async () => {
    for (const url of urls()) {
      const res = await server.call('GET', url, { key: ws.secretKey });
      expect(res.status, `${url}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
    }
    // Repaired, not refused: the search finds what the text without its NUL names.
    expect((await server.call('GET', '/api/v1/customers?email=nul%00@example.test', { key: ws.secretKey })).body.data).toHaveLength(1);
    expect((await server.call('GET', `/api/v1/customers/${customerId}%00`, { key: ws.secretKey })).status).toBe(200);
  });

  it('a cursor changed by hand is refused with a 400, whatever page it is of', async () => {
    const segment = await server.call('POST', '/api/v1/segments', { key: ws.secretKey, body: { name: 'Cursors' } });
    const cursor = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
    const tampered = [
      `/api/v1/customers?cursor=${cursor([null, 'x'])}`,
      `/api/v1/customers?cursor=${cursor(['yesterday', customerId])}`,
      `/api/v1/reviews?cursor=${cursor(['x', 'y'])}`,
      `/api/v1/responses?cursor=${cursor(['x', 'y'])}`,
      `/api/v1/segments/${segment.body.id}/members?cursor=${cursor(['x'])}`,
      `/api/v1/predictions?cursor=${cursor([1, 'x'])}`,
      `/api/v1/predictions/need-help?cursor=${cursor([0.5, 'x'])}`,
    ];
    for (const url of tampered) {
      const res = await server.call('GET', url, { key: ws.secretKey });
      expect(res.status, `${url}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.error.message).toMatch(/cursor is not valid/);
    }
  });

  it('the widget asks which survey is due with a NUL in its visit', async () => {
    const res = await server.call('GET', `/widget/v1/surveys/due?writeKey=${ws.writeKey}&anonymousId=a%00b&path=/order%00/thanks&language=e%00n`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ survey: null });
  });
});

describe('files the command line imports', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-unstorable-'));

  it('a CSV of events with NUL bytes in a header and a cell', async () => {
    const file = path.join(dir, 'events.csv');
    fs.writeFileSync(file, 'timestamp,event,user_id,no\u0000te\n2026-01-15T10:00:00Z,Csv Nul,u1,a\u0000b\n');
    const summary = await importCsv(server.tp.database.db, ws.id, 'events', file);
    expect(summary).toMatchObject({ stored: 1, rejected: 0 });
    const rows = await queryRows<{ properties: Record<string, unknown> }>(server.tp.database.db, sql`select properties from journey_events where workspace_id = ${ws.id} and name = 'Csv Nul'`);
    expect(rows[0]!.properties).toEqual({ note: 'ab' });
  });

  it('a JSON file of reviews with escaped NULs and lone surrogates', async () => {
    const file = path.join(dir, 'reviews.json');
    fs.writeFileSync(file, JSON.stringify([{ source: 'go\u0000ogle', rating: 5, text: 'Lovely\u0000 \ud83d', postedAt: '2026-01-15T10:00:00Z' }]));
    const summary = await importReviewFile(server.tp.database.db, server.config, ws.id, file);
    expect(summary).toMatchObject({ stored: 1, rejected: 0 });
    const reviews = await server.call('GET', '/api/v1/reviews?source=google', { key: ws.secretKey });
    expect(reviews.body.data.map((r: { text: string }) => r.text)).toEqual(['Lovely \ufffd']);
  });
});
