import http from 'node:http';
import https from 'node:https';
import type { Db } from '../platform/db/client.ts';
import type { JobRow } from '../platform/jobs/queue.ts';
import { unseal } from '../platform/auth/sealed.ts';
import { checkedLookup, DestinationRefused, literalRefusal, type AllowList } from './destination.ts';
import { DELIVERY_ATTEMPTS } from './publish.ts';
import { webhookHeaders } from './signature.ts';
import { getDelivery, updateDelivery } from './store.ts';

const TIMEOUT_MS = 10_000;

/**
 * POSTs the body and answers the status code. Node's own client, for its `lookup`
 * option: the connection goes to an address `checkedLookup` allowed. Redirects are
 * not followed (they could lead anywhere); a fresh connection each time.
 */
function post(url: URL, headers: Record<string, string>, body: string, allow: AllowList): Promise<number> {
  const refused = literalRefusal(url, allow);
  if (refused) return Promise.reject(new DestinationRefused(refused));
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: checkedLookup(allow), agent: false, signal: AbortSignal.timeout(TIMEOUT_MS) }, (res) => {
      res.destroy();
      resolve(res.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * The `webhook.deliver` job: POSTs the signed event; anything but a 2xx is retried by
 * the queue with back-off. A destination refused by the address policy fails at once.
 */
export function webhookDeliverer(sealingKey: Buffer, allow: AllowList) {
  return async function deliver(job: JobRow, db: Db): Promise<void> {
    const found = await getDelivery(db, String(job.payload.deliveryId));
    if (!found || found.delivery.status !== 'pending') return;
    const { delivery, endpoint } = found;
    const body = JSON.stringify(delivery.payload);
    let problem: string;
    let status: number | null = null;
    let final = job.attempts >= DELIVERY_ATTEMPTS;
    try {
      status = await post(new URL(endpoint.url), webhookHeaders(unseal(sealingKey, endpoint.secretSealed), delivery.id, body), body, allow);
      if (status >= 200 && status < 300) {
        await updateDelivery(db, delivery.id, { status: 'delivered', attempts: job.attempts, lastStatusCode: status, lastError: null, deliveredAt: new Date() });
        return;
      }
      problem = `the receiver answered ${status}`;
    } catch (err) {
      problem = err instanceof Error ? err.message : String(err);
      final ||= err instanceof DestinationRefused;
    }
    await updateDelivery(db, delivery.id, { attempts: job.attempts, lastStatusCode: status, lastError: problem, ...(final ? { status: 'failed' } : {}) });
    if (!final) throw new Error(`webhook ${delivery.id} to ${endpoint.url}: ${problem}`);
  };
}
