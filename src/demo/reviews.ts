import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db/client.ts';
import { createJobQueue } from '../platform/jobs/queue.ts';
import { createHub } from '../platform/realtime/hub.ts';
import { customersByIds } from '../customers/store.ts';
import { lastEventOfCustomers } from '../journeys/store.ts';
import { importReviews } from '../feedback/reviews.ts';
import { mailDomainOf } from '../service/routes.ts';
import { demoComment } from './comments.ts';
import type { Random } from './random.ts';

// Reviews on Google and Trustpilot after recent deliveries: fewer stars after a late
// one, texts from the same comment generator as the survey. Each review carries a
// fixed id, so re-running the demo stores none twice.

const RECENT_DAYS = 60;
const DAY = 86_400_000;

export async function seedDemoReviews(db: Db, config: Config, workspaceId: string, rand: Random): Promise<number> {
  const delivered = await lastEventOfCustomers(db, workspaceId, 'Order Delivered');
  const late = await lastEventOfCustomers(db, workspaceId, 'Delivery Delayed');
  const recent = [...delivered].filter(([, at]) => at.getTime() > Date.now() - RECENT_DAYS * DAY).sort(([a], [b]) => a.localeCompare(b));
  const emails = new Map((await customersByIds(db, workspaceId, recent.map(([id]) => id))).map((c) => [c.id, c.email]));
  const reviews: Record<string, unknown>[] = [];
  for (const [customerId, at] of recent) {
    if (!rand.chance(0.5)) continue;
    const postedAt = new Date(at.getTime() + rand.int(1, 4) * DAY);
    if (postedAt.getTime() > Date.now()) continue;
    const wasLate = late.has(customerId);
    const rating = wasLate ? rand.int(1, 3) : rand.int(3, 5);
    const group = rating === 5 ? 'promoter' : rating >= 3 ? 'passive' : 'detractor';
    const text = demoComment(rand, group, wasLate, postedAt.getTime() > Date.now() - 7 * DAY);
    reviews.push({
      source: rand.pick(['google', 'trustpilot']),
      externalId: `demo-${customerId}`,
      rating,
      text: text || null,
      postedAt: postedAt.toISOString(),
      ...(emails.get(customerId) ? { customer: { email: emails.get(customerId)! } } : {}),
    });
  }
  const deps = { jobs: createJobQueue(db), hub: createHub(), mailDomain: mailDomainOf(config.mail.from), timeZone: config.timeZone };
  const { summary } = await db.transaction((tx) => importReviews(tx, deps, workspaceId, reviews));
  return summary.stored;
}
