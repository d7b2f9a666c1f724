import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../platform/db/query.ts';
import { eventually, startTestServer, type TestServer } from '../../test/harness.ts';
import { importReviewFile } from './review-file.ts';

// Reviews and social posts imported through the API and from files: on the
// journey of known customers, once however often imported, in the feedback
// report by source, and a 1-star review of a known customer followed up.

let server: TestServer;
let ws: Awaited<ReturnType<TestServer['workspace']>>;
let customerId: string;

const stored = async () => (await queryRows<{ n: number }>(server.tp.database.db, sql`select count(*)::int as n from reviews where workspace_id = ${ws.id}`))[0]!.n;

const reviews = [
  { source: 'Google', externalId: 'g-1', rating: 1, text: 'Cold coffee, rude staff, never again.', author: 'Mo', postedAt: '2026-10-02T09:00:00Z', customer: { email: 'mo@example.com' } },
  { source: 'trustpilot', externalId: 't-1', rating: 10, scale: 10, title: 'Best beans in town', postedAt: '2026-10-03T09:00:00Z' },
  { kind: 'social', source: 'x', text: 'Queue at @cafelumen is out the door again', postedAt: '2026-10-04T09:00:00Z' },
];

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.workspace('reviews');
  await server.call('POST', '/v1/identify', { basicKey: ws.writeKey, body: { userId: 'mo', traits: { email: 'mo@example.com', name: 'Mo Reyes' } } });
  await server.settle();
  customerId = (await server.call('GET', '/api/v1/customers?q=mo@example.com', { key: ws.secretKey })).body.data[0].id;
});
afterAll(() => server?.close());

describe('importing reviews: access and validation first', () => {
  it('401, 403 for an agent, 400 naming the bad item of a batch; nothing stored', async () => {
    expect((await server.call('POST', '/api/v1/reviews', { body: { reviews } })).status).toBe(401);
    expect((await server.call('POST', '/api/v1/reviews', { cookie: await ws.userCookie('agent'), body: { reviews } })).status).toBe(403);
    for (const [bad, message] of [
      [{ source: 'google', postedAt: '2026-10-02T09:00:00Z' }, 'a rating or a text'],
      [{ source: 'google', rating: 6, postedAt: '2026-10-02T09:00:00Z' }, 'above the scale'],
      [{ source: 'google', rating: 4, postedAt: 'yesterday' }, 'postedAt'],
    ] as const) {
      const res = await server.call('POST', '/api/v1/reviews', { key: ws.secretKey, body: { reviews: [...reviews, bad] } });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('reviews[3]');
      expect(res.body.error.message).toContain(message);
    }
    expect(await stored()).toBe(0);
  });
});

describe('reviews on the journey, in the report and in the loop', () => {
  it('stores each review once, on the journey of a known customer, and follows up a 1-star one', async () => {
    const rule = await server.call('POST', '/api/v1/feedback-rules', { key: ws.secretKey, body: { name: 'Bad reviews', condition: { kind: 'review', max: 2 }, action: { type: 'ticket', priority: 'urgent' } } });
    // A change that names nothing to change leaves the rule as it is.
    const unchanged = await server.call('PATCH', `/api/v1/feedback-rules/${rule.body.id}`, { key: ws.secretKey, body: {} });
    expect(unchanged.status, JSON.stringify(unchanged.body)).toBe(200);
    expect(unchanged.body).toEqual(rule.body);
    const first = await server.call('POST', '/api/v1/reviews', { key: ws.secretKey, body: { reviews } });
    expect(first.body).toMatchObject({ read: 3, stored: 3, duplicates: 0, onJourneys: 1, followUps: 1 });
    const again = await server.call('POST', '/api/v1/reviews', { key: ws.secretKey, body: { reviews } });
    expect(again.body).toMatchObject({ stored: 0, duplicates: 3, followUps: 0 });

    const journey = await server.call('GET', `/api/v1/customers/${customerId}/journey`, { key: ws.secretKey });
    expect(journey.body.data.find((e: { kind: string }) => e.kind === 'review')).toMatchObject({ name: '1★ review on google', touchpoint: 'Review' });
    const tickets = await server.call('GET', '/api/v1/tickets?tag=feedback', { key: ws.secretKey });
    expect(tickets.body.data).toEqual([expect.objectContaining({ subject: 'Follow up: 1★ review on google from Mo Reyes', priority: 'urgent' })]);

    const listed = await server.call('GET', '/api/v1/reviews?source=trustpilot', { key: ws.secretKey });
    expect(listed.body.data).toEqual([expect.objectContaining({ rating: 10, scale: 10, stars: 5, customerId: null })]);
    // Each text is read for sentiment in the background; the listing shows the reading.
    await eventually(async () => {
      await server.tp.jobs.runDue();
      const google = await server.call('GET', '/api/v1/reviews?source=google', { key: ws.secretKey });
      expect(google.body.data[0].sentiment).toEqual({ label: 'negative', score: expect.any(Number) });
    });
  });

  it('counts reviews by source in the feedback report, ratings rescaled to 5 stars', async () => {
    const report = await server.call('GET', '/api/v1/reports/feedback?from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z', { key: ws.secretKey });
    expect(report.body.reviews).toEqual([
      { source: 'google', kind: 'review', n: 1, rated: 1, meanStars: 1, positive: 0, negative: 1 },
      { source: 'trustpilot', kind: 'review', n: 1, rated: 1, meanStars: 5, positive: 1, negative: 0 },
      { source: 'x', kind: 'social', n: 1, rated: 0, meanStars: null, positive: 0, negative: 0 },
    ]);
  });

  it('imports a CSV file (quoted commas and newlines), listing bad rows by line', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reviews-')), 'reviews.csv');
    fs.writeFileSync(file, 'source,external_id,rating,text,posted_at\r\napp-store,a-1,4,"Nice app, but\r\nslow at peak",2026-10-05T10:00:00Z\r\napp-store,a-2,9,too high,2026-10-05T11:00:00Z\r\n');
    const summary = await importReviewFile(server.tp.database.db, server.config, ws.id, file);
    expect(summary).toMatchObject({ read: 2, stored: 1, rejected: 1, errors: [expect.objectContaining({ item: 1, line: expect.any(Number), reason: expect.stringContaining('above the scale') })] });
    const listed = await server.call('GET', '/api/v1/reviews?source=app-store', { key: ws.secretKey });
    expect(listed.body.data[0].text).toBe('Nice app, but\r\nslow at peak');
  });
});
