import { describe, expect, it } from 'vitest';
import { matchTouchpoint, pathPatternToRegExp, type Rule } from './rules.ts';

const rule = (touchpointId: string, r: Partial<Rule>): Rule => ({ touchpointId, eventKind: null, eventName: null, pathPattern: null, priority: 100, ...r });

describe('path patterns', () => {
  it('match the whole path, * any run, ? one character, case-insensitively', () => {
    expect(pathPatternToRegExp('/products/*').test('/products/latte')).toBe(true);
    expect(pathPatternToRegExp('/products/*').test('/products')).toBe(false);
    expect(pathPatternToRegExp('/').test('/about')).toBe(false);
    expect(pathPatternToRegExp('/help*').test('/HELP/returns')).toBe(true);
    expect(pathPatternToRegExp('/a?c').test('/abc')).toBe(true);
    expect(pathPatternToRegExp('/a.c').test('/abc')).toBe(false);
  });
});

describe('matchTouchpoint', () => {
  const rules = [
    rule('product', { eventKind: 'page', pathPattern: '/products/*' }),
    rule('special', { eventKind: 'page', pathPattern: '/products/gift-card', priority: 10 }),
    rule('purchase', { eventName: 'Order Completed' }),
  ];
  it('maps by path and by event name; the lower priority wins', () => {
    expect(matchTouchpoint(rules, { kind: 'page', name: null, pagePath: '/products/latte?x=1' })).toBe('product');
    expect(matchTouchpoint(rules, { kind: 'page', name: null, pagePath: '/products/gift-card' })).toBe('special');
    expect(matchTouchpoint(rules, { kind: 'track', name: 'order completed', pagePath: null })).toBe('purchase');
  });
  it('leaves unknown events and profile calls unmapped', () => {
    expect(matchTouchpoint(rules, { kind: 'track', name: 'Something Else', pagePath: null })).toBeNull();
    expect(matchTouchpoint(rules, { kind: 'identify', name: 'Order Completed', pagePath: null })).toBeNull();
    expect(matchTouchpoint([rule('x', {})], { kind: 'track', name: 'A', pagePath: null })).toBeNull();
  });
});
