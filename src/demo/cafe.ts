import type { Random } from './random.ts';
import { basketOf, pickTaste, PRODUCTS } from './products.ts';

// Café Lumen: a neighbourhood café with an online coffee shop. Each customer
// lives a plausible journey: browsing, buying online or at the counter,
// delivery (sometimes late), unboxing, invoices, help pages, reviews, rewards.
// Some of them then write to support, for known reasons at known rates (the
// ground truth against which the need-for-help score is measured).

export interface DemoCall {
  type: 'identify' | 'track' | 'page';
  messageId: string;
  userId?: string;
  anonymousId: string;
  event?: string;
  name?: string;
  traits?: Record<string, unknown>;
  properties?: Record<string, unknown>;
  timestamp: string;
}

const FIRST = ['Maya', 'Liam', 'Sofia', 'Noah', 'Amara', 'Lucas', 'Chloé', 'Mateo', 'Aisha', 'Oliver', 'Yuki', 'Elena', 'Kofi', 'Hannah', 'Ravi', 'Ines', 'Tom', 'Freya', 'Omar', 'Zoe', 'Jonas', 'Priya', 'Léa', 'Sam'];
const LAST = ['Ortiz', 'Nguyen', 'Rossi', 'Okafor', 'Schmidt', 'Dubois', 'Kowalski', 'Tanaka', 'Haddad', 'Murphy', 'Silva', 'Jensen', 'Patel', 'García', 'Moreau', 'Berg', 'Costa', 'Walsh'];
const CITIES = ['Lisbon', 'Lyon', 'Leeds', 'Ghent', 'Porto', 'Bristol', 'Utrecht', 'Turin'];
const HELP = ['/help/delivery', '/help/returns', '/help/subscription', '/help/grind-size', '/help/payment'];
const REVIEWS_GOOD = ['Lovely beans, fresh and fruity.', 'Fast delivery and great packaging!', 'Best flat white in town.'];
const REVIEWS_BAD = ['Order arrived a week late and nobody answered my email.', 'The grind was wrong for my machine.', 'Charged twice for one order.'];

/** A customer writing to support: the ticket the demo opens, and why (the ground truth). */
export interface DemoContact {
  userId: string;
  email: string;
  name: string;
  at: string;
  /** When an agent solved it; null when it is still open. */
  solvedAt: string | null;
  cause: 'late_delivery' | 'payment_failed' | 'help_page' | 'order_question';
  subject: string;
  body: string;
  reply: string;
}

export interface DemoData {
  calls: DemoCall[];
  contacts: DemoContact[];
}

/**
 * Chances that a customer writes to support within a few days of what happened:
 * the generator's ground truth. Those who looked for help on the site and did not
 * find it write more often; some customers write more than others.
 */
export const CONTACT_RATES = { lateDelivery: 0.35, lateDeliveryAfterHelpPage: 0.6, paymentFailed: 0.3, helpPage: 0.15, order: 0.02, talkativeFactor: 1.8 };

const CONTACT_TEXTS: Record<DemoContact['cause'], { subject: string; body: string; reply: string }[]> = {
  late_delivery: [
    { subject: 'Where is my order {order}?', body: 'My order {order} should have arrived days ago and the tracking has not moved. When will it come?', reply: 'Sorry for the wait: the carrier had a backlog. Your parcel is on its way and should arrive tomorrow.' },
    { subject: 'Parcel late again', body: 'Second time my beans arrive late. Order {order}. Can you check with the courier?', reply: 'We checked with the courier: it is out for delivery today. We added a free bag to your next order.' },
  ],
  payment_failed: [
    { subject: 'Card declined but money taken?', body: 'My card was declined at checkout but I see a pending charge of {amount} EUR on my account.', reply: 'The pending charge is a hold from the failed attempt; your bank releases it within a few days.' },
    { subject: 'Cannot pay', body: 'Checkout keeps failing at the 3D Secure step. Can I pay another way?', reply: 'You can pay by bank transfer or PayPal; we sent you a link.' },
  ],
  help_page: [
    { subject: 'Question about {topic}', body: 'I read your help page on {topic} but it did not answer my question. Could someone help?', reply: 'Happy to help: we have answered below and updated the help page.' },
  ],
  order_question: [
    { subject: 'Change my order', body: 'Can I still change the grind on order {order}? I need it for a moka pot.', reply: 'Done: we changed it to a fine grind before packing.' },
    { subject: 'Gift note', body: 'Could you add a gift note to order {order}? It is a birthday present.', reply: 'Of course, the note is in the parcel.' },
  ],
};

export interface DemoOptions {
  customers: number;
  anonymousVisitors: number;
  days: number;
  now: Date;
}

export function generateCafe(rand: Random, options: DemoOptions): DemoData {
  const calls: DemoCall[] = [];
  const contacts: DemoContact[] = [];
  const day = 86_400_000;
  const start = options.now.getTime() - options.days * day;
  let seq = 0;
  const id = () => `demo-${++seq}`;
  const at = (t: number) => new Date(Math.min(t, options.now.getTime() - 60_000)).toISOString();

  for (let v = 0; v < options.anonymousVisitors; v++) {
    const anonymousId = `anon-${v}`;
    let t = start + rand.next() * options.days * day;
    for (let p = rand.int(1, 4); p > 0; p--) {
      const path = rand.pick(['/', '/menu/breakfast', `/products/${rand.pick(PRODUCTS).sku.toLowerCase()}`, rand.pick(HELP)]);
      calls.push({ type: 'page', messageId: id(), anonymousId, properties: { path }, timestamp: at(t) });
      t += rand.int(1, 20) * 60_000;
    }
  }

  for (let c = 0; c < options.customers; c++) {
    const first = rand.pick(FIRST);
    const last = rand.pick(LAST);
    const userId = `cust-${1000 + c}`;
    const anonymousId = `web-${c}`;
    const email = `${first}.${last}.${c}`.toLowerCase().normalize('NFD').replace(/[^\w.]/g, '') + '@example.com';
    let t = start + rand.next() * options.days * 0.6 * day;
    const push = (call: Omit<DemoCall, 'messageId' | 'anonymousId' | 'timestamp'> & { identified?: boolean }) => {
      const { identified = true, ...rest } = call;
      calls.push({ ...rest, messageId: id(), anonymousId, userId: identified ? userId : undefined, timestamp: at(t) });
    };
    push({ type: 'page', properties: { path: '/' }, identified: false });
    t += rand.int(1, 5) * 60_000;
    push({ type: 'page', properties: { path: `/products/${rand.pick(PRODUCTS).sku.toLowerCase()}` }, identified: false });
    t += rand.int(2, 10) * 60_000;
    push({
      type: 'identify',
      traits: { name: `${first} ${last}`, email, city: rand.pick(CITIES), plan: rand.chance(0.2) ? 'subscriber' : 'regular', phone: `+351 21 ${rand.int(100, 999)} ${rand.int(1000, 9999)}` },
    });
    push({ type: 'track', event: 'Signed Up' });
    const talkative = rand.chance(0.2) ? CONTACT_RATES.talkativeFactor : 1;
    // Writes to support at time `when` with probability `chance` (a ticket, solved a day or two later).
    const maybeContact = (chance: number, when: number, cause: DemoContact['cause'], vars: Record<string, string>) => {
      if (!rand.chance(Math.min(1, chance * talkative)) || when >= options.now.getTime()) return;
      const text = rand.pick(CONTACT_TEXTS[cause]);
      const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '');
      const solved = when + rand.int(3, 48) * 3_600_000;
      contacts.push({ userId, email, name: `${first} ${last}`, at: at(when), solvedAt: solved < options.now.getTime() ? at(solved) : null, cause, subject: fill(text.subject), body: fill(text.body), reply: text.reply });
    };

    // Customers differ as real ones do (and as the repeat-purchase models assume): some buy
    // weekly, others twice a year; any may not come back after an order; baskets vary.
    const pace = 0.2 + 2.5 * rand.next() ** 2;
    const leaves = 0.7 * rand.next() ** 2;
    const basket = rand.int(1, 5);
    const taste = pickTaste(rand);
    let onlineOrders = 0;
    const maxOrders = rand.chance(0.15) ? 0 : 30; // some never buy; the window ends the rest
    for (let o = 0; o < maxOrders; o++) {
      if (o > 0 && rand.chance(leaves)) break;
      t += rand.int(3, 40) * day * (0.5 + rand.next()) * pace;
      if (t > options.now.getTime()) break;
      if (rand.chance(0.3)) {
        const item = rand.pick(PRODUCTS);
        push({ type: 'track', event: 'Store Purchase', properties: { order_id: `S-${c}-${o}`, revenue: item.price, store: 'Café Lumen, Rua Nova' } });
        continue;
      }
      const items = basketOf(rand, taste, onlineOrders++ === 0, rand.int(1, basket));
      const revenue = Math.round(items.reduce((s, p) => s + p.price, 0) * 100) / 100;
      push({ type: 'page', properties: { path: `/products/${items[0]!.sku.toLowerCase()}` } });
      t += rand.int(1, 6) * 60_000;
      push({ type: 'track', event: 'Product Added', properties: { sku: items[0]!.sku, name: items[0]!.name, price: items[0]!.price } });
      t += rand.int(1, 4) * 60_000;
      push({ type: 'page', properties: { path: '/checkout' } });
      if (rand.chance(0.06)) {
        push({ type: 'track', event: 'Payment Failed', properties: { reason: rand.pick(['card_declined', '3ds_timeout']), amount: revenue } });
        maybeContact(CONTACT_RATES.paymentFailed, t + rand.int(1, 48) * 3_600_000, 'payment_failed', { amount: revenue.toFixed(2) });
        t += rand.int(2, 30) * 60_000;
      }
      const orderId = `W-${c}-${o}`;
      push({ type: 'track', event: 'Order Completed', properties: { order_id: orderId, revenue, currency: 'EUR', products: items.map((p) => ({ sku: p.sku, name: p.name, price: p.price })) } });
      maybeContact(CONTACT_RATES.order, t + rand.int(1, 72) * 3_600_000, 'order_question', { order: orderId });
      t += rand.int(1, 10) * 60_000;
      push({ type: 'track', event: 'Invoice Sent', properties: { order_id: orderId, total: revenue } });
      t += rand.int(12, 36) * 3_600_000;
      push({ type: 'track', event: 'Order Shipped', properties: { order_id: orderId, carrier: rand.pick(['CTT', 'DPD', 'UPS']) } });
      const late = rand.chance(0.15);
      if (late) {
        t += rand.int(2, 4) * day;
        push({ type: 'track', event: 'Delivery Delayed', properties: { order_id: orderId, days_late: rand.int(1, 6) } });
        const lookedForHelp = rand.chance(0.6);
        if (lookedForHelp) {
          t += rand.int(1, 12) * 3_600_000;
          push({ type: 'page', properties: { path: '/help/delivery' } });
        }
        maybeContact(lookedForHelp ? CONTACT_RATES.lateDeliveryAfterHelpPage : CONTACT_RATES.lateDelivery, t + rand.int(2, 60) * 3_600_000, 'late_delivery', { order: orderId });
      }
      t += rand.int(1, 3) * day;
      push({ type: 'track', event: 'Order Delivered', properties: { order_id: orderId, on_time: !late } });
      if (rand.chance(0.4)) {
        t += rand.int(1, 20) * 3_600_000;
        push({ type: 'track', event: 'Product Unboxed', properties: { order_id: orderId } });
      }
      if (rand.chance(0.25)) {
        t += rand.int(1, 5) * day;
        const rating = late ? rand.int(1, 3) : rand.int(3, 5);
        push({ type: 'track', event: 'Product Reviewed', properties: { order_id: orderId, rating, text: rating >= 4 ? rand.pick(REVIEWS_GOOD) : rand.pick(REVIEWS_BAD) } });
      }
      if (rand.chance(0.1)) {
        t += rand.int(1, 9) * day;
        push({ type: 'track', event: 'Reward Redeemed', properties: { reward: 'Free flat white', points: 100 } });
      }
    }
    if (rand.chance(0.2)) {
      t += rand.int(1, 10) * day;
      const path = rand.pick(HELP);
      push({ type: 'page', properties: { path } });
      maybeContact(CONTACT_RATES.helpPage, t + rand.int(1, 72) * 3_600_000, 'help_page', { topic: path.slice('/help/'.length).replace('-', ' ') });
    }
  }
  contacts.sort((a, b) => a.at.localeCompare(b.at));
  return { calls, contacts };
}
