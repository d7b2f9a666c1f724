import type { Db } from '../platform/db/client.ts';
import type { JobRow } from '../platform/jobs/queue.ts';
import { unseal } from '../platform/auth/sealed.ts';
import { DELIVERY_ATTEMPTS } from './publish.ts';
import { webhookHeaders } from './signature.ts';
import { getDelivery, updateDelivery } from './store.ts';

const TIMEOUT_MS = 10_000;

/** The `webhook.deliver` job: POSTs the signed event; anything but a 2xx is retried by the queue with back-off. */
export function webhookDeliverer(sealingKey: Buffer) {
  return async function deliver(job: JobRow, db: Db): Promise<void> {
    const found = await getDelivery(db, String(job.payload.deliveryId));
    if (!found || found.delivery.status !== 'pending') return;
    const { delivery, endpoint } = found;
    const body = JSON.stringify(delivery.payload);
    let problem: string;
    let status: number | null = null;
    try {
      const res = await fetch(endpoint.url, { method: 'POST', headers: webhookHeaders(unseal(sealingKey, endpoint.secretSealed), delivery.id, body), body, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'manual' });
      status = res.status;
      await res.body?.cancel();
      if (res.ok) {
        await updateDelivery(db, delivery.id, { status: 'delivered', attempts: job.attempts, lastStatusCode: status, lastError: null, deliveredAt: new Date() });
        return;
      }
      problem = `the receiver answered ${status}`;
    } catch (err) {
      problem = err instanceof Error ? err.message : String(err);
    }
    const last = job.attempts >= DELIVERY_ATTEMPTS;
    await updateDelivery(db, delivery.id, { attempts: job.attempts, lastStatusCode: status, lastError: problem, ...(last ? { status: 'failed' } : {}) });
    if (!last) throw new Error(`webhook ${delivery.id} to ${endpoint.url}: ${problem}`);
  };
}
