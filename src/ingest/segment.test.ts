import { describe, expect, it } from 'vitest';
import { correctedTimestamp, EventError, toJourneyEvent } from './segment.ts';

const receivedAt = new Date('2026-03-01T12:00:00.000Z');
const opts = { workspaceId: 'ws', receivedAt, where: 'batch[0]' };

describe('timestamps, as Segment corrects them', () => {
  it('uses receivedAt − (sentAt − timestamp) when the client sent both', () => {
    // The client clock is 10 minutes fast: it says it sent at 12:10 an event of 12:05.
    const at = correctedTimestamp({ timestamp: '2026-03-01T12:05:00Z', sentAt: '2026-03-01T12:10:00Z' }, undefined, receivedAt, 'e');
    expect(at.toISOString()).toBe('2026-03-01T11:55:00.000Z');
  });

  it('takes sentAt from the batch when the event has none', () => {
    const at = correctedTimestamp({ timestamp: '2026-03-01T11:00:00Z' }, '2026-03-01T11:30:00Z', receivedAt, 'e');
    expect(at.toISOString()).toBe('2026-03-01T11:30:00.000Z');
  });

  it('keeps the timestamp without sentAt, and uses receivedAt without either', () => {
    expect(correctedTimestamp({ timestamp: '2025-01-01T00:00:00Z' }, undefined, receivedAt, 'e').toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(correctedTimestamp({}, undefined, receivedAt, 'e')).toEqual(receivedAt);
  });

  it('refuses days that do not exist and clocks outside the window, naming the field', () => {
    const refusal = (event: Record<string, string>, batchSentAt?: string) => {
      try {
        correctedTimestamp(event, batchSentAt, receivedAt, 'batch[3]');
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(refusal({ timestamp: '2026-02-29T10:00:00Z' })).toBe('batch[3].timestamp: "2026-02-29T10:00:00Z" is not a calendar date');
    expect(refusal({ originalTimestamp: '1969-12-31T23:59:59Z' })).toBe('batch[3].originalTimestamp: "1969-12-31T23:59:59Z" is before 1970');
    expect(refusal({ timestamp: '2026-03-01T11:00:00Z' }, '9999-01-01T00:00:00Z')).toBe('sentAt: "9999-01-01T00:00:00Z" is more than a year ahead');
    expect(refusal({ timestamp: '2026-03-03T12:00:00Z' })).toBe('batch[3].timestamp: "2026-03-03T12:00:00Z" is more than a day ahead');
    expect(refusal({ timestamp: '2026-03-05T12:00:00Z', sentAt: '2026-03-01T12:00:00Z' })).toBe('batch[3].timestamp: "2026-03-05T12:00:00Z", corrected by sentAt, is more than a day ahead');
    // A leap day, and a clock set back to 1970 that sentAt corrects.
    expect(refusal({ timestamp: '2024-02-29T10:00:00Z' })).toBeUndefined();
    expect(correctedTimestamp({ timestamp: '1970-01-01T00:00:10Z', sentAt: '1970-01-01T00:01:10Z' }, undefined, receivedAt, 'e').toISOString()).toBe('2026-03-01T11:59:00.000Z');
  });

  it('names the field of an invalid timestamp', () => {
    expect(() => correctedTimestamp({ timestamp: 'yesterday' }, undefined, receivedAt, 'batch[3]')).toThrow(/batch\[3\]\.timestamp/);
    expect(() => correctedTimestamp({ timestamp: '2026-13-45T99:00:00Z' }, undefined, receivedAt, 'e')).toThrow(EventError);
  });
});

describe('event translation', () => {
  it('turns a page call into a journey event with its path', () => {
    const e = toJourneyEvent({ type: 'page', anonymousId: 'a', name: 'Latte', properties: { url: 'https://cafe.test/products/latte?ref=x' } }, opts);
    expect(e).toMatchObject({ kind: 'page', name: 'Latte', pagePath: '/products/latte', anonymousId: 'a', userId: null });
  });

  it('accepts numeric ids as Segment does', () => {
    expect(toJourneyEvent({ type: 'track', userId: 42, event: 'Signed Up' }, opts).userId).toBe('42');
  });

  it('refuses events without identity, track without a name, alias without previousId', () => {
    expect(() => toJourneyEvent({ type: 'track', event: 'X' }, opts)).toThrow(/userId or an anonymousId/);
    expect(() => toJourneyEvent({ type: 'track', userId: 'u' }, opts)).toThrow(/event name/);
    expect(() => toJourneyEvent({ type: 'alias', userId: 'u' }, opts)).toThrow(/previousId/);
    expect(() => toJourneyEvent({ userId: 'u' }, opts)).toThrow(/type/);
    expect(() => toJourneyEvent({ type: 'track', userId: 'u', event: 'X', properties: 'no' }, opts)).toThrow(/properties/);
    expect(() => toJourneyEvent({ type: 'track', userId: 'u', event: 'X', context: [1] }, opts)).toThrow(/context: Expected an object/);
  });

  it('refuses an event over 32 KB', () => {
    const big = { type: 'track', userId: 'u', event: 'X', properties: { blob: 'x'.repeat(33 * 1024) } };
    expect(() => toJourneyEvent(big, opts)).toThrow(/32 KB/);
  });
});
