import { describe, expect, it } from 'vitest';
import { recommendFor } from './recommend.ts';
import type { Neighbour } from './similarity.ts';

const neighbours = new Map<string, Neighbour[]>([
  ['KIT', [{ sku: 'FILTERS', score: 0.6, customersBoth: 30 }, { sku: 'BEANS', score: 0.4, customersBoth: 25 }, { sku: 'MUG', score: 0.1, customersBoth: 4 }]],
  ['BEANS', [{ sku: 'KIT', score: 0.4, customersBoth: 25 }, { sku: 'GRINDER', score: 0.5, customersBoth: 12 }, { sku: 'MUG', score: 0.2, customersBoth: 9 }]],
]);
const of = (sku: string) => neighbours.get(sku);
const popular = ['BEANS', 'CAKE', 'MUG', 'TEA', 'KIT'];

describe('recommendations for one customer', () => {
  it('ranks unbought products by their summed similarity, naming the bought product that contributed most', () => {
    const recs = recommendFor(new Set(['KIT', 'BEANS']), of, popular, 3);
    expect(recs).toEqual([
      { sku: 'FILTERS', reason: 'bought_together', score: 0.6, because: 'KIT', customersBoth: 30 },
      { sku: 'GRINDER', reason: 'bought_together', score: 0.5, because: 'BEANS', customersBoth: 12 },
      // MUG: 0.1 through KIT + 0.2 through BEANS; BEANS is named, with its pair's customers.
      { sku: 'MUG', reason: 'bought_together', score: expect.closeTo(0.3, 12), because: 'BEANS', customersBoth: 9 },
    ]);
  });

  it('never recommends what the customer bought', () => {
    const recs = recommendFor(new Set(['KIT', 'BEANS', 'FILTERS']), of, popular, 10);
    expect(recs.map((r) => r.sku)).not.toContain('KIT');
    expect(recs.map((r) => r.sku)).not.toContain('BEANS');
    expect(recs.map((r) => r.sku)).not.toContain('FILTERS');
  });

  it('fills up with popular products, labelled as such, after the similar ones', () => {
    const recs = recommendFor(new Set(['KIT']), of, popular, 5);
    expect(recs.map((r) => [r.sku, r.reason])).toEqual([
      ['FILTERS', 'bought_together'],
      ['BEANS', 'bought_together'],
      ['MUG', 'bought_together'],
      ['CAKE', 'popular'],
      ['TEA', 'popular'],
    ]);
    expect(recs[3]).toEqual({ sku: 'CAKE', reason: 'popular', score: null, because: null, customersBoth: null });
  });

  it('a customer who bought nothing gets the popular products', () => {
    expect(recommendFor(new Set(), of, popular, 2).map((r) => [r.sku, r.reason])).toEqual([['BEANS', 'popular'], ['CAKE', 'popular']]);
  });
});
