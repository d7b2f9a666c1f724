import type { Random } from './random.ts';

// The café shop's catalogue, and what customers come for. A customer has one taste;
// their baskets draw mostly from it (a pour-over kit first, then filters and light
// roasts), sometimes from anywhere, so "customers who bought this also bought" has
// real structure to find, and popularity alone does not explain it.

export interface DemoProduct {
  sku: string;
  name: string;
  price: number;
}

export const PRODUCTS: DemoProduct[] = [
  { sku: 'BEAN-ETH', name: 'Ethiopia Yirgacheffe beans 250g', price: 14.5 },
  { sku: 'BEAN-KEN', name: 'Kenya Nyeri beans 250g', price: 15.5 },
  { sku: 'BEAN-COL', name: 'Colombia Huila beans 250g', price: 12.9 },
  { sku: 'BEAN-ESP', name: 'Lumen espresso blend 500g', price: 21.0 },
  { sku: 'BEAN-DEC', name: 'Swiss-water decaf 250g', price: 13.5 },
  { sku: 'GRND-HSE', name: 'House blend, ground 500g', price: 18.0 },
  { sku: 'KIT-V60', name: 'V60 pour-over kit', price: 39.0 },
  { sku: 'FILTER-V60', name: 'V60 paper filters (100)', price: 6.5 },
  { sku: 'KETTLE-GN', name: 'Gooseneck kettle', price: 45.0 },
  { sku: 'GRIND-HND', name: 'Hand grinder', price: 59.0 },
  { sku: 'TAMPER', name: 'Espresso tamper 58mm', price: 29.0 },
  { sku: 'JUG-MILK', name: 'Milk frothing jug', price: 17.0 },
  { sku: 'CUP-ESP', name: 'Espresso cups (2)', price: 19.0 },
  { sku: 'TEAPOT', name: 'Cast-iron teapot', price: 42.0 },
  { sku: 'TEA-CHAI', name: 'Masala chai 100g', price: 9.5 },
  { sku: 'TEA-MATCHA', name: 'Ceremonial matcha 30g', price: 24.0 },
  { sku: 'MUG-LUM', name: 'Lumen stoneware mug', price: 16.0 },
  { sku: 'CAKE-BOX', name: 'Pastry box (6)', price: 21.0 },
  { sku: 'COOKIE-TIN', name: 'Butter cookie tin', price: 12.0 },
  { sku: 'GRANOLA', name: 'Maple granola 500g', price: 8.5 },
  { sku: 'SUB-MON', name: 'Monthly beans subscription', price: 24.0 },
  { sku: 'GIFT-CARD', name: 'Gift card', price: 25.0 },
];

interface Taste {
  weight: number;
  /** Usually in the first order. */
  starter: string | null;
  /** What they keep buying. */
  staples: string[];
  /** What they add now and then. */
  extras: string[];
}

const TASTES: Taste[] = [
  { weight: 3, starter: 'KIT-V60', staples: ['FILTER-V60', 'BEAN-ETH', 'BEAN-KEN'], extras: ['KETTLE-GN', 'GRIND-HND'] },
  { weight: 3, starter: 'TAMPER', staples: ['BEAN-ESP', 'GRND-HSE'], extras: ['JUG-MILK', 'CUP-ESP'] },
  { weight: 2, starter: 'TEAPOT', staples: ['TEA-CHAI', 'TEA-MATCHA', 'BEAN-DEC'], extras: ['MUG-LUM'] },
  { weight: 2, starter: null, staples: ['CAKE-BOX', 'COOKIE-TIN', 'GRANOLA'], extras: ['MUG-LUM', 'GIFT-CARD'] },
  { weight: 2, starter: 'SUB-MON', staples: ['BEAN-COL', 'BEAN-ETH'], extras: ['GIFT-CARD', 'MUG-LUM'] },
];

const bySku = new Map(PRODUCTS.map((p) => [p.sku, p]));

export function pickTaste(rand: Random): Taste {
  let r = rand.next() * TASTES.reduce((s, t) => s + t.weight, 0);
  for (const t of TASTES) if ((r -= t.weight) < 0) return t;
  return TASTES[TASTES.length - 1]!;
}

/** One order's products, distinct: the starter first in a first order, then mostly staples, some extras, a few strays. */
export function basketOf(rand: Random, taste: Taste, firstOrder: boolean, size: number): DemoProduct[] {
  const skus = new Set<string>();
  if (firstOrder && taste.starter && rand.chance(0.8)) skus.add(taste.starter);
  for (let tries = 0; skus.size < size && tries < size * 3; tries++) {
    const r = rand.next();
    skus.add(r < 0.7 ? rand.pick(taste.staples) : r < 0.85 ? rand.pick(taste.extras) : rand.pick(PRODUCTS).sku);
  }
  return [...skus].map((sku) => bySku.get(sku)!);
}
