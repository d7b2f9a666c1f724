import type { FastifyInstance } from 'fastify';
import { MAX_JSON_DEPTH, NestingTooDeepError, repairJson } from '../text.ts';
import { AppError } from './errors.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Bodies parsed here, already repaired: the request hook (request-text.ts) leaves them alone. */
export const repairedBodies = new WeakSet<object>();

/**
 * Strict JSON bodies: invalid UTF-8 is refused rather than silently turned into
 * replacement characters, and a syntax error says where it is. `text/plain` is
 * accepted too because browser tracking libraries send JSON that way (sendBeacon).
 */
export function registerJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'buffer' }, (_req, body: Buffer, done) => {
    try {
      const value = parseJson(body);
      if (typeof value === 'object' && value !== null) repairedBodies.add(value);
      done(null, value);
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}

/**
 * JSON as every entry point takes it (request bodies, WebSocket frames): strict UTF-8,
 * at most MAX_JSON_DEPTH levels deep (refused before parsing, with the path), and its
 * strings repaired for PostgreSQL (see text.ts). Empty text is undefined.
 */
export function parseJson(bytes: Uint8Array): unknown {
  const shape = shapeOf(bytes);
  if (shape.tooDeepAt !== undefined) throw new NestingTooDeepError(shape.tooDeepAt);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new AppError(400, 'invalid_utf8', 'The request body is not valid UTF-8.');
  }
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new AppError(400, 'invalid_json', `The request body is not valid JSON: ${(err as Error).message}`);
  }
  return shape.escapesUnstorable ? repairJson(value) : value;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;

/**
 * One pass over the bytes before JSON.parse, for two reasons measured on V8: a megabyte
 * of nested arrays takes it a second to parse (flat JSON of that size, 65 ms), so depth
 * is judged first; and walking every parsed string to repair it doubled the cost of a
 * batch, while in strict UTF-8 JSON the only way to a NUL or a lone surrogate is an
 * escape (\u0000, \ud83d), so the repair walk runs only when one is present. Keys are
 * remembered by their offsets, decoded only to name the path of a refusal.
 */
function shapeOf(b: Uint8Array): { tooDeepAt?: string; escapesUnstorable: boolean } {
  const isArray = new Uint8Array(MAX_JSON_DEPTH + 1);
  const index = new Uint32Array(MAX_JSON_DEPTH + 1);
  const keyFrom = new Int32Array(MAX_JSON_DEPTH + 1);
  const keyTo = new Int32Array(MAX_JSON_DEPTH + 1);
  let depth = 0;
  let expectKey = false;
  let escapesUnstorable = false;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c === QUOTE) {
      const from = i;
      for (i++; i < b.length && b[i] !== QUOTE; i++) {
        if (b[i] === BACKSLASH) {
          i++;
          if (b[i] === 0x75 /* u */ && isUnstorableEscape(b, i + 1)) escapesUnstorable = true;
        }
      }
      if (expectKey) {
        keyFrom[depth] = from;
        keyTo[depth] = i + 1;
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (depth === MAX_JSON_DEPTH) return { tooDeepAt: pathAt(b, depth, isArray, index, keyFrom, keyTo), escapesUnstorable };
      depth++;
      isArray[depth] = c === 0x5b ? 1 : 0;
      index[depth] = 0;
      keyFrom[depth] = -1;
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      if (depth > 0) depth--;
      expectKey = false;
    } else if (c === COMMA && depth > 0) {
      if (isArray[depth]) index[depth]!++;
      else expectKey = true;
    } else if (c === COLON) {
      expectKey = false;
    }
  }
  return { escapesUnstorable };
}

/** \u0000, or \uD800–\uDFFF (a surrogate: lone ones cannot be stored; a pair only costs a needless repair walk). */
function isUnstorableEscape(b: Uint8Array, at: number): boolean {
  const h = (k: number) => b[at + k] ?? 0;
  if (h(0) === 0x30 && h(1) === 0x30 && h(2) === 0x30 && h(3) === 0x30) return true;
  const second = h(1) | 0x20; // lower case
  return (h(0) | 0x20) === 0x64 /* d */ && (second === 0x38 || second === 0x39 || (second >= 0x61 && second <= 0x66));
}

/** The path (`batch[0].properties.x`) of the container opened at the given depth, as repairJson names it. */
function pathAt(b: Uint8Array, depth: number, isArray: Uint8Array, index: Uint32Array, keyFrom: Int32Array, keyTo: Int32Array): string {
  let path = '';
  for (let d = 1; d <= depth; d++) {
    if (isArray[d]) path += `[${index[d]}]`;
    else {
      const key = keyFrom[d]! < 0 ? '?' : decodeKey(b.subarray(keyFrom[d], keyTo[d]));
      path += path ? `.${key}` : key;
    }
  }
  return path;
}

function decodeKey(quoted: Uint8Array): string {
  try {
    return String(repairJson(JSON.parse(new TextDecoder().decode(quoted))));
  } catch {
    return '?';
  }
}
