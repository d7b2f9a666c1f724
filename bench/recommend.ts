// Recommendation benchmark ("customers who bought this also bought", src/recommend/):
//
//   "Hide each customer's last order, recommend from the rest, and report hit rate@5
//    against a popularity baseline, on the demo generator's data; time the
//    neighbour computation on a large customer base."
//
// The café demo (src/demo/cafe.ts, seeded) is generated in memory, as `touchpoint
// demo` would store it; its Order Completed events' products are the orders. The
// CDNOW data has no products (only amounts), so it cannot be used here.
//
//   node bin/run-ts.js bench/recommend.ts
//   BENCH_RECOMMEND_CUSTOMERS=20000 node bin/run-ts.js bench/recommend.ts   # size of the timed run
//
// Results are printed and written to bench/results/recommend.md.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCafe } from '../src/demo/cafe.ts';
import { demoOrders } from '../src/demo/orders.ts';
import { seededRandom } from '../src/demo/random.ts';
import { leaveLastOrderOut, type Evaluation } from '../src/recommend/evaluate.ts';
import { buildSimilarity, SIMILARITY, type SimilarityOptions } from '../src/recommend/similarity.ts';
import { machineLine } from './lib/measure.ts';

const TIMED_CUSTOMERS = Number(process.env.BENCH_RECOMMEND_CUSTOMERS ?? 100_000);
const K = 5;
const SEED = 42;
const NOW = new Date('2026-06-01T12:00:00Z');
const here = path.dirname(fileURLToPath(import.meta.url));

const ordersOfDemo = (customers: number) => demoOrders(generateCafe(seededRandom(SEED), { customers, anonymousVisitors: 0, days: 180, now: NOW }).calls);

function timed<T>(fn: () => T): { result: T; wall: number; cpu: number } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = fn();
  const cpu = process.cpuUsage(cpu0);
  return { result, wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const row = (label: string, orders: number, e: Evaluation) =>
  `| ${label} | ${orders.toLocaleString('en-US')} | ${e.customers.toLocaleString('en-US')} | ${e.evaluated.toLocaleString('en-US')} (${e.repeatOnly.toLocaleString('en-US')} re-buys only) | **${pct(e.hitRate)}** | ${pct(e.popularityHitRate)} | ${pct(e.similarShare)} |`;

const sizes = [250, 2_000, 20_000];
const lines: string[] = [];
for (const n of sizes) {
  const orders = ordersOfDemo(n);
  const e = leaveLastOrderOut(orders, K);
  console.log(`${n} customers: ${orders.length} orders, hit rate@${K} ${pct(e.hitRate)} vs popularity ${pct(e.popularityHitRate)} (${e.evaluated} evaluated)`);
  lines.push(row(`${n.toLocaleString('en-US')} customers${n === 250 ? ' (the demo’s default)' : ''}`, orders.length, e));
}

// What the shrinkage and the minimum support buy, on the 2,000-customer demo.
const ablation: [string, SimilarityOptions][] = [
  ['chosen: minimum support 2, shrinkage 5', SIMILARITY],
  ['plain cosine: minimum support 1, no shrinkage', { ...SIMILARITY, minSupport: 1, shrinkage: 0 }],
  ['minimum support 2, no shrinkage', { ...SIMILARITY, shrinkage: 0 }],
  ['minimum support 2, shrinkage 20', { ...SIMILARITY, shrinkage: 20 }],
];
const mid = ordersOfDemo(2_000);
const ablationLines = ablation.map(([label, options]) => {
  const e = leaveLastOrderOut(mid, K, options);
  return `| ${label} | **${pct(e.hitRate)}** | ${pct(e.popularityHitRate)} |`;
});

const big = ordersOfDemo(TIMED_CUSTOMERS);
const products = big.reduce((s, o) => s + o.products.length, 0);
const build = timed(() => buildSimilarity(big));
const neighbours = [...build.result.neighbours.values()].reduce((s, l) => s + l.length, 0);
console.log(`build: ${big.length} orders of ${TIMED_CUSTOMERS} customers in ${build.wall.toFixed(2)} s (CPU ${build.cpu.toFixed(2)} s)`);

const md = `## Recommendations: customers who bought this also bought (\`bench/recommend.ts\`)

Machine: ${machineLine()} (load average at the end: ${os.loadavg()[0].toFixed(1)}).

Data: the café demo's online orders (\`src/demo/cafe.ts\`, seed ${SEED}, 180 days; ${build.result.products.length} products; each customer has a taste:
pour-over, espresso, tea, treats or subscription, and draws most of each basket from it). The CDNOW data has no products, so it cannot
measure recommendations.

Method (\`leaveLastOrderOut\` in \`src/recommend/evaluate.ts\`): every customer with two orders or more has their last order hidden; the
neighbours are computed from all other orders; each such customer gets ${K} recommendations from their earlier orders (products they
never bought, ranked by summed similarity, the popular ones filling up); a hit is one of them in the hidden order. A last order of
products the customer had already bought cannot be a hit for any method that recommends new products, so it is not counted. The
baseline recommends the ${K} most popular products (in the same training orders) the customer has not bought.

| data | orders | customers with ≥ 2 orders | evaluated | hit rate@${K} | popularity@${K} | from similarity |
|---|---:|---:|---:|---:|---:|---:|
${lines.join('\n')}

Similarity settings on the 2,000-customer demo (cosine of the buyer sets × c/(c + shrinkage), c the customers who bought both):

| setting | hit rate@${K} | popularity@${K} |
|---|---:|---:|
${ablationLines.join('\n')}

With 22 products and hundreds of buyers each, no pair has small support, so the shrinkage and the minimum support change nothing
here; they matter in a long-tail catalogue, where two customers who bought the same two rare products would otherwise give them a
perfect cosine (the unit tests show that case).

Computing the neighbours (\`buildSimilarity\`, one thread) for **${TIMED_CUSTOMERS.toLocaleString('en-US')} customers, ${big.length.toLocaleString('en-US')} orders,
${products.toLocaleString('en-US')} order lines**: ${build.wall.toFixed(2)} s wall, ${build.cpu.toFixed(2)} s CPU; ${neighbours.toLocaleString('en-US')} neighbours kept
(top ${SIMILARITY.topN} per product). The cost grows with the sum over customers of (distinct products bought)², not with the catalogue.
`;
const resultsDir = path.join(here, 'results');
fs.mkdirSync(resultsDir, { recursive: true });
fs.writeFileSync(path.join(resultsDir, 'recommend.md'), md);
console.log(`\nwrote ${path.relative(process.cwd(), path.join(resultsDir, 'recommend.md'))}`);
