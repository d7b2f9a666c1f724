/**
 * A small customer base for the prediction tests, in days before "now": frequent
 * recent buyers, occasional buyers, buyers who stopped long ago and one-time buyers,
 * with seeded jitter so that purchase rates and drop-out vary as in real data. The
 * unit test feeds it to computeFigures, the HTTP test sends it as Order Completed events.
 */
import { seededRandom } from '../demo/random.ts';

export type Group = 'frequent' | 'occasional' | 'stopped' | 'one-time';

export interface TestCustomer {
  userId: string;
  group: Group;
  orders: { daysAgo: number; amount: number }[];
}

export function testCustomers(seed = 7): TestCustomer[] {
  const rand = seededRandom(seed);
  const customer = (group: Group, i: number, first: number, last: number, gap: [number, number], spend: number): TestCustomer => {
    // Each customer has a typical basket; single orders scatter around it (Gamma(2)-distributed, as the spend model assumes).
    const typical = spend * (0.5 + rand.next());
    const orders: TestCustomer['orders'] = [];
    for (let d = first; d >= last; d -= rand.int(gap[0], gap[1])) {
      const amount = (typical * -(Math.log(1 - rand.next()) + Math.log(1 - rand.next()))) / 2;
      orders.push({ daysAgo: d, amount: Math.round(amount * 100) / 100 });
    }
    return { userId: `${group}-${i}`, group, orders };
  };
  return [
    ...Array.from({ length: 15 }, (_, i) => customer('frequent', i, rand.int(120, 200), rand.int(0, 6), [5, 12], 20)),
    ...Array.from({ length: 10 }, (_, i) => customer('occasional', i, rand.int(200, 350), rand.int(10, 60), [25, 60], 35)),
    ...Array.from({ length: 15 }, (_, i) => customer('stopped', i, rand.int(380, 420), rand.int(300, 340), [8, 20], 30)),
    ...Array.from({ length: 20 }, (_, i) => customer('one-time', i, rand.int(5, 390), 0, [1000, 1000], 25)),
  ];
}
