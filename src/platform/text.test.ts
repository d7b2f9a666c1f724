import { describe, expect, it } from 'vitest';
import { clipText, MAX_JSON_DEPTH, NestingTooDeepError, repairJson, repairText } from './text.ts';

describe('repairText', () => {
  it('drops NUL and replaces lone surrogates with U+FFFD, leaving whole emoji alone', () => {
    expect(repairText('a\u0000b')).toBe('ab');
    expect(repairText('cut \ud83d')).toBe('cut \ufffd');
    expect(repairText('\udc00 tail')).toBe('\ufffd tail');
    expect(repairText('whole 😀')).toBe('whole 😀');
  });
});

describe('repairJson', () => {
  it('repairs strings and keys at every depth', () => {
    const repaired = repairJson({ 'k\u0000ey': ['x\u0000', { title: 'emoji \ud83d' }], n: 3, ok: null });
    expect(repaired).toEqual({ key: ['x', { title: 'emoji \ufffd' }], n: 3, ok: null });
  });

  it('keeps a key repaired into "__proto__" an own property, never the object\'s prototype', () => {
    const repaired = repairJson(JSON.parse('{"__proto__\\u0000":{"role":"admin"}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(repaired)).toBe(Object.prototype);
    expect(repaired.role).toBeUndefined();
    expect(Object.keys(repaired)).toEqual(['__proto__']);
  });

  it('cuts text short without ending inside an emoji', () => {
    expect(clipText('ab😀cd', 3)).toBe('ab');
    expect(clipText('ab😀cd', 4)).toBe('ab😀');
    expect(clipText('abc', 5)).toBe('abc');
  });

  it('refuses nesting deeper than the limit, naming where', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < MAX_JSON_DEPTH + 1; i++) deep = { a: deep };
    expect(() => repairJson(deep)).toThrow(NestingTooDeepError);
    let ok: unknown = 'leaf';
    for (let i = 0; i < MAX_JSON_DEPTH; i++) ok = [ok];
    expect(() => repairJson(ok)).not.toThrow();
    const refused = (() => {
      try {
        repairJson({ properties: JSON.parse('['.repeat(100) + ']'.repeat(100)) });
      } catch (err) {
        return err;
      }
    })();
    expect(refused).toBeInstanceOf(NestingTooDeepError);
    expect((refused as NestingTooDeepError).path).toMatch(/^properties(\[0\])+$/);
  });
});
