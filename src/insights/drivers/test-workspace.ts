import { expect } from 'vitest';
import type { TestServer } from '../../../test/harness.ts';

/**
 * A workspace with a planted driver, sent through the public APIs as a real one
 * would be: 60 customers' journeys through the ingest API, tickets imported with
 * their history, and NPS answers imported at their times (ten days ago). A third
 * of the customers had a delayed delivery five days before answering and score
 * as detractors; redeeming a reward does nothing; a quarter opened a ticket two
 * days before, half of those waited 30 h for a reply and were never solved; an
 * agent wrote to one more customer first. Used by the HTTP test and the browser test.
 */

const DAY = 86_400_000;

export const plantedCustomers = Array.from({ length: 60 }, (_, i) => ({ userId: `u-${i}`, delayed: i % 3 === 0, rewards: i % 2 === 0, ticket: i % 4 === 1, slowReply: i % 8 === 5 }));
export const plantedScore = (c: (typeof plantedCustomers)[number], i: number) => (c.delayed ? [3, 5, 6, 7, 4, 6, 2][i % 7]! : [9, 10, 8, 9, 10, 7, 9][i % 7]!);

export async function plantDrivers(server: TestServer, ws: { secretKey: string; writeKey: string }) {
  const answeredAt = new Date(Date.now() - 10 * DAY);
  const before = (days: number, hours = 0) => new Date(answeredAt.getTime() - days * DAY + hours * 3_600_000).toISOString();
  const touchpoints = (await server.call('GET', '/api/v1/touchpoints', { key: ws.secretKey })).body.data as { id: string; name: string }[];
  const deliveryId = touchpoints.find((t) => t.name === 'Delivery')!.id;
  const loyaltyId = touchpoints.find((t) => t.name === 'Loyalty programme')!.id;

  const batch = plantedCustomers.flatMap((c, i) => [
    { type: 'identify', userId: c.userId, traits: { email: `${c.userId}@example.com` }, timestamp: before(30) },
    { type: 'track', userId: c.userId, event: 'Order Delivered', timestamp: before(3) },
    ...(c.delayed ? [{ type: 'track', userId: c.userId, event: 'Delivery Delayed', timestamp: before(5) }] : []),
    ...(c.rewards ? [{ type: 'track', userId: c.userId, event: 'Reward Redeemed', timestamp: before(4) }] : []),
    // Long before the window: must not count.
    ...(i === 1 ? [{ type: 'track', userId: c.userId, event: 'Delivery Delayed', timestamp: before(40) }] : []),
  ]);
  expect((await server.call('POST', '/v1/batch', { basicKey: ws.writeKey, body: { batch } })).status).toBe(200);
  await server.settle();

  const tickets = plantedCustomers
    .filter((c) => c.ticket)
    .map((c) => ({
      externalId: `t-${c.userId}`,
      customer: { userId: c.userId },
      subject: 'Where is my order?',
      channel: 'email',
      createdAt: before(2),
      messages: [
        { author: 'customer', body: 'Where is my order?', at: before(2) },
        { author: 'agent', body: 'On its way.', at: before(2, c.slowReply ? 30 : 1) },
      ],
      statusChanges: c.slowReply ? [] : [{ status: 'solved', at: before(2, 2) }],
    }));
  // An agent reaching out is not the customer contacting support.
  tickets.push({ externalId: 'outreach-u-2', customer: { userId: 'u-2' }, subject: 'About your order', channel: 'email', createdAt: before(1), messages: [{ author: 'agent', body: 'Sorry for the wait.', at: before(1) }], statusChanges: [] });
  expect((await server.call('POST', '/api/v1/imports/tickets', { key: ws.secretKey, body: { tickets } })).status).toBe(200);

  const survey = await server.call('POST', '/api/v1/surveys', { key: ws.secretKey, body: { name: 'After delivery', touchpointId: deliveryId, questions: [{ id: 'nps', type: 'nps', text: 'Would you recommend us?' }] } });
  expect(survey.status).toBe(201);
  const surveyId: string = survey.body.id;
  for (const [i, c] of plantedCustomers.entries()) {
    const res = await server.call('POST', `/api/v1/surveys/${surveyId}/responses`, { key: ws.secretKey, body: { customer: { userId: c.userId }, answers: { nps: plantedScore(c, i) }, submittedAt: answeredAt.toISOString() } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  // An anonymous answer has no journey: counted aside, not analysed.
  expect((await server.call('POST', `/api/v1/surveys/${surveyId}/responses`, { key: ws.secretKey, body: { answers: { nps: 10 }, submittedAt: answeredAt.toISOString() } })).status).toBe(201);
  return { surveyId, deliveryId, loyaltyId, before };
}
