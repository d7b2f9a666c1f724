import type { Random } from './random.ts';

// What the demo's customers write in the NPS comment: a few issues and a few
// delights, each said in several ways, as real comments are. Late deliveries come
// from customers whose order was late; a torn-bag problem starts in the last week
// (a new carrier's packaging), so the Insights page has a spike to show.

type Group = 'promoter' | 'passive' | 'detractor';

const SAID: Record<string, string[]> = {
  late: [
    'My order was a week late and nobody told me.',
    'Delivery late again, beans stale on arrival.',
    'The parcel arrived {n} days late.',
    'Late delivery, I had no coffee for days.',
    'Took {n} days longer than promised to arrive.',
    'Tracking said delivered but it came {n} days late.',
  ],
  charge: ['Charged twice and still waiting for the refund.', 'I was charged twice for one order.', 'Double charge on my card, please sort it out.', 'Payment taken twice, refund still not here.'],
  grind: ['The grind was wrong for my machine.', 'Fine, but the grind was a bit coarse.', 'Asked for espresso grind, got filter grind.', 'Grind too coarse for my moka pot.'],
  subscription: ['Cancelling the subscription was far too hard.', 'Could not pause my subscription online.', 'Subscription renewed without a reminder.'],
  torn: ['The bag arrived torn and beans spilled everywhere.', 'Torn bag, half the beans loose in the box.', 'Coffee bag ripped open in the parcel.', 'Bag split open in transit, beans all over the box.'],
  fresh: ['Beans were fresh and the packaging lovely.', 'Fresh, fruity beans every time.', 'The freshest beans I can buy, roasted days before.', 'Lovely fresh roast, smells amazing.'],
  fast: ['Arrived quickly, great coffee as always.', 'Fast delivery, next day as promised.', 'Quick delivery and well packed.'],
  loyal: ['Love the subscription, never run out.', 'Great service, the café team are so friendly.', 'Best flat white in town, and the beans at home too.'],
  slow: ['Good coffee, delivery could be faster.', 'Delivery a bit slow this time.', 'Nice beans, shipping slower than I hoped.'],
  price: ['Great beans but getting pricey.', 'A little expensive for 250g.'],
};

const ISSUES: Record<Group, [string, number][]> = {
  promoter: [['fresh', 3], ['fast', 2], ['loyal', 2]],
  passive: [['slow', 3], ['grind', 2], ['price', 2], ['fresh', 1]],
  detractor: [['late', 2], ['charge', 2], ['grind', 2], ['subscription', 1]],
};

/** A comment for an answer, or '' for none (a third of passives write nothing). */
export function demoComment(rand: Random, group: Group, wasLate: boolean, lastWeek: boolean): string {
  if (group === 'passive' && rand.chance(0.33)) return '';
  let issue: string;
  if (lastWeek && rand.chance(0.6)) issue = 'torn';
  else if (wasLate && group !== 'promoter') issue = rand.chance(0.8) ? 'late' : 'slow';
  else issue = weighted(rand, ISSUES[group]);
  return rand.pick(SAID[issue]!).replace('{n}', String(rand.int(2, 6)));
}

function weighted(rand: Random, options: [string, number][]): string {
  let r = rand.next() * options.reduce((s, [, w]) => s + w, 0);
  for (const [value, w] of options) if ((r -= w) < 0) return value;
  return options[options.length - 1]![0];
}
