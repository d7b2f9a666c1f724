import { describe, expect, it } from 'vitest';
import { seededRandom, type Random } from '../../demo/random.ts';
import { MAX_JSON_DEPTH, NestingTooDeepError, repairJson } from '../text.ts';
import { AppError } from './errors.ts';
import { parseJson } from './json-parser.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const outcome = (run: () => unknown) => {
  try {
    return { value: run() };
  } catch (err) {
    return { error: err instanceof NestingTooDeepError ? `deep at ${err.path}` : (err as Error).name };
  }
};

describe('parseJson', () => {
  it('repairs escaped NULs and lone surrogates, and leaves escaped backslashes and whole emoji alone', () => {
    expect(parseJson(bytes('{"a\\u0000":"b\\u0000c","t":"cut \\ud83d","e":"\\ud83d\\ude00","lit":"\\\\u0000"}'))).toEqual({ a: 'bc', t: 'cut \ufffd', e: '😀', lit: '\\u0000' });
    expect(parseJson(bytes('"\\u0000"'))).toBe('');
  });

  it('refuses invalid UTF-8 and invalid JSON with 400s, and reads empty text as nothing', () => {
    expect(() => parseJson(new Uint8Array([0x22, 0xff, 0x22]))).toThrow(expect.objectContaining({ statusCode: 400, code: 'invalid_utf8' }));
    expect(() => parseJson(bytes('{"a":'))).toThrow(AppError);
    expect(parseJson(bytes('  '))).toBeUndefined();
  });

  it('counts brackets and quotes inside strings as text, not structure', () => {
    const text = JSON.stringify({ s: '['.repeat(200) + '"\\{', k: { '[[[': ['}}}', '"'] } });
    expect(parseJson(bytes(text))).toEqual(JSON.parse(text));
  });

  it('names the path of a refusal as repairJson does', () => {
    const deep = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    expect(() => parseJson(bytes(deep))).not.toThrow();
    expect(() => parseJson(bytes(`{"ok":${deep}}`))).toThrow(NestingTooDeepError);
    const text = `{"a":"x","b":[1,"s",{"c\\"d":{},"e":{"f":[0,${deep}]}}]}`;
    const refusal = outcome(() => parseJson(bytes(text)));
    expect(refusal).toEqual(outcome(() => repairJson(JSON.parse(text))));
    expect(refusal.error).toMatch(/^deep at b\[2\]\.e\.f\[1\](\[0\])+$/);
  });

  it('agrees with JSON.parse and repairJson on 500 random documents (seeded)', () => {
    const rand = seededRandom(2026);
    let refused = 0;
    for (let i = 0; i < 500; i++) {
      const text = JSON.stringify(randomValue(rand, rand.int(1, MAX_JSON_DEPTH + 4)));
      const parsed = outcome(() => parseJson(bytes(text)));
      expect(parsed, text).toEqual(outcome(() => repairJson(JSON.parse(text))));
      if (parsed.error) refused++;
    }
    expect(refused).toBeGreaterThan(10);
  });
});

const PIECES = ['a', '{', '}', '[', ']', '"', '\\', ':', ',', '\u0000', '\ud83d', '\ude00', '😀', 'é', ' '];

function randomText(rand: Random): string {
  let s = '';
  for (let n = rand.int(0, 6); n > 0; n--) s += rand.pick(PIECES);
  return s;
}

/** A document nested up to `depth` levels, along one spine, with noise beside it. */
function randomValue(rand: Random, depth: number): unknown {
  if (depth === 0) return rand.pick([randomText(rand), rand.int(-5, 5), null, true]);
  const items: unknown[] = [];
  for (let n = rand.int(0, 3); n > 0; n--) items.push(rand.chance(0.3) ? randomValue(rand, rand.int(0, 2)) : randomText(rand));
  items.splice(rand.int(0, items.length), 0, randomValue(rand, depth - 1));
  if (rand.chance(0.5)) return items;
  return Object.fromEntries(items.map((item, i) => [`${randomText(rand)}${i}`, item]));
}
