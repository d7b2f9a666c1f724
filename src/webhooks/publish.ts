import crypto from 'node:crypto';
import type { Db } from '../platform/db/client.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import { insertDelivery, subscribers } from './store.ts';

// How a domain tells the outside world something happened: in the transaction of
// the change, one delivery per subscribed endpoint and a durable job to send it,
// so an event is sent exactly when its change is committed, and retried until the
// receiver takes it.

export const WEBHOOK_EVENTS = ['response.completed', 'loop.ticket_created', 'outreach.fired', 'theme.spiked'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const DELIVER_JOB = 'webhook.deliver';
/** About three hours of retries with back-off (2 s, 4 s … one hour). */
export const DELIVERY_ATTEMPTS = 12;

export async function publishEvent(db: Db, jobs: JobQueue, workspaceId: string, type: WebhookEvent, data: Record<string, unknown>): Promise<void> {
  const endpoints = await subscribers(db, workspaceId, type);
  for (const endpoint of endpoints) {
    // The payload is fixed now, so every retry sends the same bytes with the same webhook-id.
    const payload = { type, timestamp: new Date().toISOString(), data, eventId: crypto.randomUUID() };
    const delivery = await insertDelivery(db, { workspaceId, endpointId: endpoint.id, type, payload });
    await jobs.enqueue({ kind: DELIVER_JOB, workspaceId, payload: { deliveryId: delivery.id }, dedupeKey: `webhook:${delivery.id}`, maxAttempts: DELIVERY_ATTEMPTS }, db);
  }
}
