import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.ts';
import { touchpointRules, touchpoints } from './schema.ts';

export const STAGES = ['pre-purchase', 'purchase', 'post-purchase', 'support', 'loyalty'] as const;
export const CHANNELS = ['web', 'email', 'phone', 'chat', 'store', 'social', 'review', 'product'] as const;
export type Stage = (typeof STAGES)[number];
export type Channel = (typeof CHANNELS)[number];

interface DefaultTouchpoint {
  name: string;
  stage: Stage;
  channel: Channel;
  description: string;
  rules: { eventKind?: string; eventName?: string; pathPattern?: string }[];
}

/**
 * The catalog a new workspace starts with: the usual journey of a shop, using the
 * Segment e-commerce event names so an instrumented site maps with no setup.
 */
export const DEFAULT_CATALOG: DefaultTouchpoint[] = [
  { name: 'Home page', stage: 'pre-purchase', channel: 'web', description: 'Visits to the home page', rules: [{ eventKind: 'page', pathPattern: '/' }] },
  {
    name: 'Product page',
    stage: 'pre-purchase',
    channel: 'web',
    description: 'Browsing products',
    rules: [{ eventKind: 'page', pathPattern: '/products/*' }, { eventName: 'Product Viewed' }],
  },
  { name: 'Sign-up', stage: 'pre-purchase', channel: 'web', description: 'Account created', rules: [{ eventName: 'Signed Up' }] },
  {
    name: 'Checkout',
    stage: 'purchase',
    channel: 'web',
    description: 'Cart and checkout',
    rules: [{ eventKind: 'page', pathPattern: '/checkout*' }, { eventName: 'Checkout Started' }, { eventName: 'Product Added' }],
  },
  { name: 'Purchase', stage: 'purchase', channel: 'web', description: 'An order is placed', rules: [{ eventName: 'Order Completed' }] },
  { name: 'In-store purchase', stage: 'purchase', channel: 'store', description: 'A purchase at the counter', rules: [{ eventName: 'Store Purchase' }] },
  { name: 'Payment failed', stage: 'purchase', channel: 'web', description: 'A payment was declined', rules: [{ eventName: 'Payment Failed' }] },
  { name: 'Invoice', stage: 'post-purchase', channel: 'email', description: 'Invoice sent to the customer', rules: [{ eventName: 'Invoice Sent' }] },
  { name: 'Shipping', stage: 'post-purchase', channel: 'product', description: 'The order leaves the warehouse', rules: [{ eventName: 'Order Shipped' }] },
  {
    name: 'Delivery',
    stage: 'post-purchase',
    channel: 'product',
    description: 'The order arrives (or is late)',
    rules: [{ eventName: 'Order Delivered' }, { eventName: 'Delivery Delayed' }],
  },
  { name: 'Unboxing', stage: 'post-purchase', channel: 'product', description: 'First use of the product', rules: [{ eventName: 'Product Unboxed' }] },
  { name: 'Help center', stage: 'support', channel: 'web', description: 'Self-service help pages', rules: [{ eventKind: 'page', pathPattern: '/help*' }] },
  { name: 'Support conversation', stage: 'support', channel: 'email', description: 'Emails with the support team', rules: [] },
  { name: 'Chat conversation', stage: 'support', channel: 'chat', description: 'Live chats with the support team', rules: [] },
  { name: 'Phone call', stage: 'support', channel: 'phone', description: 'Calls with the support team', rules: [] },
  { name: 'Contact form', stage: 'support', channel: 'web', description: 'Requests sent from a form on the website', rules: [] },
  { name: 'Review', stage: 'loyalty', channel: 'review', description: 'A review of a product or the shop', rules: [{ eventName: 'Product Reviewed' }] },
  { name: 'Loyalty programme', stage: 'loyalty', channel: 'web', description: 'Points, rewards and referrals', rules: [{ eventName: 'Reward Redeemed' }, { eventName: 'Referral Sent' }] },
];

/**
 * The touchpoints the service desk files its conversations under, by the channel
 * each happens on (found by name, as the catalog names them).
 */
export const CONVERSATION_TOUCHPOINTS = {
  email: 'Support conversation',
  chat: 'Chat conversation',
  phone: 'Phone call',
  web: 'Contact form',
} as const satisfies Partial<Record<Channel, string>>;

/**
 * At every start: gives each workspace the conversation touchpoints it lacks (those
 * made before a channel had its own), so no migration is needed. Idempotent; one
 * deleted or renamed is made again, since the service desk files by these names.
 */
export async function ensureConversationTouchpoints(db: Db): Promise<void> {
  const names: string[] = Object.values(CONVERSATION_TOUCHPOINTS);
  const wanted = DEFAULT_CATALOG.filter((t) => names.includes(t.name)).map(({ name, stage, channel, description }) => ({ name, stage, channel, description }));
  await db.execute(sql`
    insert into touchpoints (id, workspace_id, name, stage, channel, description)
    select gen_random_uuid(), w.id, t.name, t.stage, t.channel, t.description
    from workspaces w cross join jsonb_to_recordset(${JSON.stringify(wanted)}::jsonb) as t(name text, stage text, channel text, description text)
    on conflict (workspace_id, name) do nothing`);
}

export async function seedDefaultCatalog(db: Db, workspaceId: string): Promise<void> {
  for (const [i, t] of DEFAULT_CATALOG.entries()) {
    const id = crypto.randomUUID();
    await db.insert(touchpoints).values({ id, workspaceId, name: t.name, stage: t.stage, channel: t.channel, description: t.description });
    for (const rule of t.rules) {
      await db.insert(touchpointRules).values({
        id: crypto.randomUUID(),
        workspaceId,
        touchpointId: id,
        eventKind: rule.eventKind ?? null,
        eventName: rule.eventName ?? null,
        pathPattern: rule.pathPattern ?? null,
        priority: 100 + i,
      });
    }
  }
}
