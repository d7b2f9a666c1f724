/**
 * What in a customer's recent journey announces a support contact, as numbers a
 * model can weigh and words an agent can read. Pure: the refresh job loads the
 * history (journey events, tickets, survey scores) and this turns it into
 * features at any moment, so the same code builds training examples for past
 * moments and scores customers today.
 */

const DAY = 86_400_000;

/** The journey moments the score looks at (journey event names are mapped to these by the loader). */
export type SignalEventKind = 'delivery_delayed' | 'payment_failed' | 'help_page' | 'order' | 'shipped' | 'delivered' | 'low_score';

export interface CustomerHistory {
  customerId: string;
  /** Time-ordered (ms since epoch). */
  events: { kind: SignalEventKind; at: number }[];
  /** Tickets the customer opened (the first message was theirs), with when they were solved or closed. */
  contacts: { at: number; endedAt: number | null }[];
}

export interface Signal {
  key: string;
  /** How the reason reads when the signal has this value. */
  reason: (n: number) => string;
  value(h: CustomerHistory, at: number): number;
}

const countIn = (h: CustomerHistory, kind: SignalEventKind, at: number, days: number) => {
  let n = 0;
  for (const e of h.events) if (e.kind === kind && e.at <= at && e.at > at - days * DAY) n++;
  return n;
};

/** At most this many help-page visits count: the tenth visit says little more than the third. */
const HELP_VISITS_CAP = 3;

/** Shipped in the last 10 days and not delivered since: the moment a delay can still happen. */
function inTransit(h: CustomerHistory, at: number): number {
  let shipped = -Infinity;
  let delivered = -Infinity;
  for (const e of h.events) {
    if (e.at > at) break;
    if (e.kind === 'shipped') shipped = e.at;
    else if (e.kind === 'delivered') delivered = e.at;
  }
  return shipped > at - 10 * DAY && shipped > delivered ? 1 : 0;
}

export const SIGNALS: Signal[] = [
  { key: 'delivery_delayed', reason: () => 'A delivery was delayed in the last 7 days', value: (h, at) => Math.min(1, countIn(h, 'delivery_delayed', at, 7)) },
  { key: 'payment_failed', reason: () => 'A payment failed in the last 7 days', value: (h, at) => Math.min(1, countIn(h, 'payment_failed', at, 7)) },
  { key: 'help_pages', reason: (n) => (n === 1 ? 'Visited a help page in the last 7 days' : `Visited help pages ${n} times in the last 7 days`), value: (h, at) => Math.min(HELP_VISITS_CAP, countIn(h, 'help_page', at, 7)) },
  { key: 'open_ticket', reason: () => 'Has a ticket still open', value: (h, at) => (h.contacts.some((c) => c.at <= at && (c.endedAt === null || c.endedAt > at)) ? 1 : 0) },
  { key: 'low_score', reason: () => 'Gave a low score in the last 30 days', value: (h, at) => Math.min(1, countIn(h, 'low_score', at, 30)) },
  { key: 'recent_contact', reason: () => 'Contacted support in the last 30 days', value: (h, at) => (h.contacts.some((c) => c.at <= at && c.at > at - 30 * DAY) ? 1 : 0) },
  { key: 'in_transit', reason: () => 'Has an order on its way', value: inTransit },
  { key: 'recent_order', reason: () => 'Ordered in the last 14 days', value: (h, at) => Math.min(1, countIn(h, 'order', at, 14)) },
];

export function featuresAt(h: CustomerHistory, at: number): number[] {
  return SIGNALS.map((s) => s.value(h, at));
}

/** Customers with nothing in the last 30 days are not scored: the model knows nothing of them. */
export const ACTIVE_DAYS = 30;

export function isActive(h: CustomerHistory, at: number): boolean {
  const since = at - ACTIVE_DAYS * DAY;
  return h.events.some((e) => e.at <= at && e.at > since) || h.contacts.some((c) => c.at <= at && (c.at > since || c.endedAt === null || c.endedAt > at));
}

/** Did the customer open a ticket in (at, at + horizon]? The label the model learns. */
export function contactedWithin(h: CustomerHistory, at: number, horizonDays: number): boolean {
  return h.contacts.some((c) => c.at > at && c.at <= at + horizonDays * DAY);
}

/** Journey event names of the signals: shipping as the Segment e-commerce spec names it; delays and failed payments by their usual names. */
const NAMED: Record<string, SignalEventKind> = {
  'Delivery Delayed': 'delivery_delayed',
  'Shipment Delayed': 'delivery_delayed',
  'Order Delayed': 'delivery_delayed',
  'Payment Failed': 'payment_failed',
  'Payment Declined': 'payment_failed',
  'Order Shipped': 'shipped',
  'Order Delivered': 'delivered',
};

/** Pages under this path are help pages. */
export const HELP_PATH_PREFIX = '/help';

export function signalKindOf(e: { name: string | null; pagePath: string | null }, purchaseEvents: readonly string[]): SignalEventKind | null {
  if (e.pagePath !== null && (e.pagePath === HELP_PATH_PREFIX || e.pagePath.startsWith(`${HELP_PATH_PREFIX}/`))) return 'help_page';
  if (e.name === null) return null;
  return NAMED[e.name] ?? (purchaseEvents.includes(e.name) ? 'order' : null);
}

export const SIGNAL_EVENT_NAMES = Object.keys(NAMED);
