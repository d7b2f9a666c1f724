// Deterministic, realistic Segment events for the benchmarks: the mix a web shop
// with analytics.js sends (page, track, identify), about 50,000 distinct people,
// unique messageIds, and properties of a few hundred bytes. The same batch index
// always gives the same events, so the HTTP load and the raw inserts use one data set.

export interface GeneratorOptions {
  /** Distinct people (default 50,000). */
  users: number;
  /** Prefix of every messageId: unique per run. */
  runTag: string;
  /** "Now" for the run: event times fall in the 30 days before it. */
  nowMs: number;
}

export type SegmentEvent = Record<string, unknown>;

/** A small, fast seeded PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

const SITE = 'https://shop.example.com';

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36',
] as const;

const PAGES = [
  { path: '/', title: 'Trailhead Outfitters: gear for every trail', name: 'Home' },
  { path: '/pricing', title: 'Membership plans | Trailhead Outfitters', name: 'Pricing' },
  { path: '/products/trail-runner-2', title: 'Trail Runner 2 | Trailhead Outfitters', name: 'Product' },
  { path: '/products/city-backpack-28l', title: 'City Backpack 28 L | Trailhead Outfitters', name: 'Product' },
  { path: '/products/merino-base-layer', title: 'Merino Base Layer | Trailhead Outfitters', name: 'Product' },
  { path: '/cart', title: 'Your cart | Trailhead Outfitters', name: 'Cart' },
  { path: '/checkout', title: 'Checkout | Trailhead Outfitters', name: 'Checkout' },
  { path: '/account/orders', title: 'Your orders | Trailhead Outfitters', name: 'Orders' },
  { path: '/help/returns', title: 'Returns and refunds | Help centre', name: 'Help' },
  { path: '/help/shipping', title: 'Shipping times | Help centre', name: 'Help' },
  { path: '/blog/how-to-choose-running-shoes', title: 'How to choose running shoes | Blog', name: 'Blog' },
  { path: '/search', title: 'Search | Trailhead Outfitters', name: 'Search' },
] as const;

const REFERRERS = ['https://www.google.com/', 'https://www.bing.com/', 'https://duckduckgo.com/', 'https://www.instagram.com/', '', '', ''] as const;

const PRODUCTS = [
  { product_id: 'p_1001', sku: 'TR2-BLK-42', name: 'Trail Runner 2', category: 'Footwear', brand: 'Trailhead', price: 129.0 },
  { product_id: 'p_1002', sku: 'CBP-28-GRY', name: 'City Backpack 28 L', category: 'Bags', brand: 'Trailhead', price: 89.5 },
  { product_id: 'p_1003', sku: 'MBL-M-NVY', name: 'Merino Base Layer', category: 'Apparel', brand: 'Woolly', price: 74.0 },
  { product_id: 'p_1004', sku: 'HDL-200', name: 'Headlamp 200 lm', category: 'Accessories', brand: 'Lumen', price: 34.99 },
  { product_id: 'p_1005', sku: 'TRK-POLE-2', name: 'Trekking Poles (pair)', category: 'Accessories', brand: 'Trailhead', price: 59.0 },
  { product_id: 'p_1006', sku: 'RJK-L-RED', name: 'Rain Jacket', category: 'Apparel', brand: 'Stormline', price: 159.0 },
] as const;

const TRACKS = [
  'Product Viewed',
  'Product Viewed',
  'Product Added',
  'Cart Viewed',
  'Checkout Started',
  'Order Completed',
  'Coupon Applied',
  'Products Searched',
  'Help Article Viewed',
  'Support Ticket Opened',
  'Newsletter Subscribed',
] as const;

const PLANS = ['free', 'free', 'member', 'member', 'pro'] as const;
const CITIES = [
  ['Lyon', 'FR'],
  ['Leeds', 'GB'],
  ['Denver', 'US'],
  ['Porto', 'PT'],
  ['Graz', 'AT'],
  ['Osaka', 'JP'],
] as const;
const FIRST = ['Ada', 'Bram', 'Chloé', 'Dev', 'Elif', 'Femi', 'Greta', 'Hiro', 'Inès', 'Jonas', 'Kai', 'Lena'] as const;
const LAST = ['Okafor', 'Lindqvist', 'Moreau', 'Patel', 'Nakamura', 'Silva', 'Novak', 'Byrne'] as const;

const hex = (n: number, width: number) => (n >>> 0).toString(16).padStart(width, '0').slice(-width);

export const userIdOf = (u: number) => `usr_${u.toString(36).padStart(5, '0')}`;
export function anonymousIdOf(u: number): string {
  const a = Math.imul(u + 1, 2654435761);
  const b = Math.imul(u + 7, 2246822519);
  return `${hex(a, 8)}-${hex(b, 4)}-4${hex(b >>> 16, 3)}-a${hex(a >>> 8, 3)}-${hex(Math.imul(a, 3266489917), 8)}${hex(u, 4)}`;
}

function context(rand: () => number, u: number, page: (typeof PAGES)[number] | undefined): Record<string, unknown> {
  const ctx: Record<string, unknown> = {
    library: { name: 'analytics.js', version: 'npm:next-1.76.0' },
    ip: `${10 + (u % 200)}.${(u >>> 8) % 256}.${u % 256}.${1 + (u % 250)}`,
    locale: u % 3 === 0 ? 'fr-FR' : 'en-US',
    userAgent: USER_AGENTS[u % USER_AGENTS.length],
  };
  if (page) {
    ctx.page = { path: page.path, url: `${SITE}${page.path}`, title: page.title, referrer: pick(rand, REFERRERS) };
  }
  if (rand() < 0.15) ctx.campaign = { name: 'spring_sale', source: 'newsletter', medium: 'email' };
  return ctx;
}

function trackProperties(rand: () => number, name: string): Record<string, unknown> {
  const product = pick(rand, PRODUCTS);
  const quantity = 1 + Math.floor(rand() * 3);
  switch (name) {
    case 'Order Completed':
      return {
        order_id: `ord_${hex(Math.floor(rand() * 2 ** 32), 8)}`,
        total: Math.round(product.price * quantity * 100) / 100,
        revenue: Math.round(product.price * quantity * 83) / 100,
        shipping: 4.95,
        tax: Math.round(product.price * quantity * 17) / 100,
        currency: 'EUR',
        coupon: rand() < 0.2 ? 'SPRING15' : null,
        products: [{ ...product, quantity }],
      };
    case 'Products Searched':
      return { query: pick(rand, ['waterproof jacket', 'trail shoes size 42', 'backpack', 'headlamp batteries', 'returns']), results: Math.floor(rand() * 40) };
    case 'Help Article Viewed':
    case 'Support Ticket Opened':
      return {
        article_id: `kb_${100 + Math.floor(rand() * 60)}`,
        topic: pick(rand, ['returns', 'shipping', 'sizing', 'payment', 'warranty']),
        channel: pick(rand, ['web', 'email', 'chat']),
        order_id: rand() < 0.5 ? `ord_${hex(Math.floor(rand() * 2 ** 32), 8)}` : null,
      };
    case 'Newsletter Subscribed':
      return { list: 'weekly', source: 'footer_form' };
    default:
      return { ...product, quantity, currency: 'EUR', position: 1 + Math.floor(rand() * 12), url: `${SITE}/products/${product.sku.toLowerCase()}` };
  }
}

/** One Segment event as analytics.js sends it inside a batch. */
export function makeEvent(rand: () => number, messageId: string, opts: GeneratorOptions, forceUser?: { u: number; userId: string; journeyOnly: boolean }): SegmentEvent {
  // Skewed toward a core of frequent visitors, as real traffic is.
  const u = forceUser?.u ?? Math.floor(opts.users * Math.pow(rand(), 1.3));
  const identified = forceUser ? true : rand() < 0.7;
  const userId = forceUser?.userId ?? userIdOf(u);
  const r = rand();
  const type = forceUser?.journeyOnly ? (r < 0.5 ? 'page' : 'track') : r < 0.45 ? 'page' : r < 0.9 ? 'track' : 'identify';
  const timestamp = new Date(opts.nowMs - Math.floor(rand() * 30 * 86_400_000)).toISOString();
  const base: SegmentEvent = { type, messageId, anonymousId: anonymousIdOf(u), timestamp };
  if (identified || type === 'identify') base.userId = userId;
  if (type === 'page') {
    const page = pick(rand, PAGES);
    base.name = page.name;
    base.properties = { path: page.path, url: `${SITE}${page.path}`, title: page.title, referrer: pick(rand, REFERRERS), search: page.path === '/search' ? '?q=jacket' : '' };
    base.context = context(rand, u, page);
  } else if (type === 'track') {
    const name = pick(rand, TRACKS);
    base.event = name;
    base.properties = trackProperties(rand, name);
    base.context = context(rand, u, pick(rand, PAGES));
  } else {
    const [city, country] = pick(rand, CITIES);
    const first = pick(rand, FIRST);
    const last = pick(rand, LAST);
    base.traits = {
      email: `${userId}@example.com`,
      name: `${first} ${last}`,
      firstName: first,
      lastName: last,
      plan: pick(rand, PLANS),
      createdAt: new Date(opts.nowMs - Math.floor(rand() * 400 * 86_400_000)).toISOString(),
      address: { city, country },
      marketing_opt_in: rand() < 0.4,
    };
    base.context = context(rand, u, undefined);
  }
  base.integrations = {};
  return base;
}

/** The events of batch `index` (deterministic). */
export function makeBatch(index: number, size: number, opts: GeneratorOptions): SegmentEvent[] {
  const rand = prng(0x5eed + index * 7919);
  const events: SegmentEvent[] = new Array(size);
  for (let j = 0; j < size; j++) events[j] = makeEvent(rand, `${opts.runTag}-${index}-${j}`, opts);
  return events;
}

/** A batch for the one customer whose journey is read back: page and track only. */
export function makeJourneyBatch(index: number, size: number, opts: GeneratorOptions, userId: string): SegmentEvent[] {
  const rand = prng(0x10c0 + index * 104729);
  const events: SegmentEvent[] = new Array(size);
  const forced = { u: opts.users + 1, userId, journeyOnly: true };
  for (let j = 0; j < size; j++) events[j] = makeEvent(rand, `${opts.runTag}-journey-${index}-${j}`, opts, forced);
  return events;
}
