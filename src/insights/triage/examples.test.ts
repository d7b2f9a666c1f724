import { describe, expect, it } from 'vitest';
import { decide } from './decide.ts';
import { MIN_EXAMPLES, MIN_PER_LABEL, refuseBlankRows, ticketText, trainingSet, TriageDataError, type Example } from './examples.ts';

const examples = (label: string, n: number): Example[] => Array.from({ length: n }, (_, i) => ({ text: `${label} text ${i}`, label }));

describe('triage training set', () => {
  it('keeps labels with enough examples and says which it left out', () => {
    const set = trainingSet([...examples('Billing', 12), ...examples('Cards', 10), ...examples('Rare', MIN_PER_LABEL - 1)]);
    expect(set.counts).toEqual({ Billing: 12, Cards: 10 });
    expect(set.skipped).toEqual({ Rare: MIN_PER_LABEL - 1 });
    expect(set.texts).toHaveLength(22);
    expect(new Set(set.labels)).toEqual(new Set(['Billing', 'Cards']));
  });

  it('trims labels, so "Billing " and "Billing" are one label', () => {
    const set = trainingSet([...examples('Billing', 10), ...examples('Billing ', 5), ...examples('Cards', 10)]);
    expect(set.counts).toEqual({ Billing: 15, Cards: 10 });
  });

  it('refuses one label, no label with enough examples beside another, and too few examples', () => {
    expect(() => trainingSet(examples('Billing', 30))).toThrow(/same label \("Billing"\)/);
    expect(() => trainingSet([])).toThrow(TriageDataError);
    expect(() => trainingSet([...examples('Billing', 30), ...examples('Cards', 2)])).toThrow(/Only "Billing" has at least 5 examples.*Billing 30, Cards 2/);
    expect(() => trainingSet([...examples('Billing', 5), ...examples('Cards', 5)])).toThrow(new RegExp(`Only 10 usable examples; .* at least ${MIN_EXAMPLES}`));
  });

  it('refuses uploaded rows with an empty text or label, naming them', () => {
    const rows = [...examples('Billing', 3), { text: '  ', label: 'Cards' }, { text: 'hello', label: 'Cards' }];
    expect(() => refuseBlankRows(rows, (i) => `row ${i + 1}`)).toThrow('One example has an empty text (row 4); fill or remove it');
    const noLabels = examples('', 7);
    expect(() => refuseBlankRows(noLabels, (i) => `line ${i + 2}`)).toThrow('7 examples have an empty label (line 2, line 3, line 4, line 5, line 6 and 2 more)');
    expect(() => refuseBlankRows(examples('Billing', 3), String)).not.toThrow();
  });

  it('reads a ticket as its subject and first message', () => {
    expect(ticketText('Card not here', 'Still waiting for my card')).toBe('Card not here\nStill waiting for my card');
    expect(ticketText('s', 'x'.repeat(10_000)).length).toBe(5001);
  });
});

describe('triage decision', () => {
  it('applies a confident prediction to an empty target only', () => {
    expect(decide(0.93, 0.7, null)).toEqual({ apply: true });
    expect(decide(0.7, 0.7, undefined)).toEqual({ apply: true });
    expect(decide(0.69, 0.7, null)).toEqual({ apply: false, reason: 'below_threshold' });
    expect(decide(0.99, 0.7, 'team-id')).toEqual({ apply: false, reason: 'already_set' });
    expect(decide(0.99, 0.7, '')).toEqual({ apply: true });
    expect(decide(1, 1, null)).toEqual({ apply: false, reason: 'below_threshold' });
  });
});
