import { mulberry32 } from '../../src/insights/text/random.ts';

// Seeded values for the fuzz tests: plausible ones drawn from a route's JSON schema,
// and the hostile ones a real client sends by accident or on purpose. The same seed
// gives the same run, so a failure is reproduced with FUZZ_SEED.

export type Random = () => number;

/** mulberry32, the project's seeded generator: the same seed gives the same run. */
export const seeded = (seed: number): Random => mulberry32(seed);

export const pick = <T>(r: Random, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
export const chance = (r: Random, p: number): boolean => r() < p;

const deep = (levels: number): unknown => JSON.parse('['.repeat(levels) + ']'.repeat(levels));

/** JSON nested far deeper than any parser's comfort: kept as text, since building it as a value overflows the stack. */
export const DEEP_JSON = `{"properties":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;

/** Strings that PostgreSQL, parsers, HTML and spreadsheets each find hard in their own way. */
export const HOSTILE_STRINGS: readonly string[] = [
  '\u0000',
  'before\u0000after',
  'cut emoji \ud83d',
  '\udc00 lone low',
  '😀'.repeat(300),
  '',
  ' ',
  'x'.repeat(70_000),
  "' OR 1=1 --",
  '"; drop table customers; --',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '=HYPERLINK("http://x")',
  '../../../../etc/passwd',
  '%00',
  '\u202eevil',
  '9999-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '2026-02-30',
  '2026-13-01T00:00:00Z',
  'NaN',
  '-1',
  '1e309',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'not-an-email@',
  'a@b',
  '{"json":"in a string"}',
  '\\',
  '$1$2',
  'null',
];

export const HOSTILE_VALUES: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  2 ** 53 + 2,
  -1e308,
  1e308,
  {},
  [],
  [null],
  JSON.parse('{"__proto__":{"polluted":true}}'),
  { constructor: { prototype: { polluted: true } } },
  deep(70),
  Array.from({ length: 2_000 }, (_, i) => i),
];

/** A fresh copy each time: a later mutation must never write into the shared constants. */
export const hostile = (r: Random): unknown => (chance(r, 0.6) ? pick(r, HOSTILE_STRINGS) : structuredClone(pick(r, HOSTILE_VALUES)));

/** The parts of a JSON Schema, as the OpenAPI document writes it, that the generator reads. */
export interface Schema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
}

const uuid = (r: Random) =>
  'xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx'.replace(/x/g, () => Math.floor(r() * 16).toString(16));

function plausibleString(schema: Schema, r: Random, ids: readonly string[]): string {
  if (schema.enum) return String(pick(r, schema.enum));
  switch (schema.format) {
    case 'uuid':
      return ids.length && chance(r, 0.7) ? pick(r, ids) : uuid(r);
    case 'email':
      return `fuzz${Math.floor(r() * 1000)}@example.test`;
    case 'date-time':
      return new Date(Date.UTC(2026, Math.floor(r() * 11), 1 + Math.floor(r() * 27))).toISOString();
    case 'date':
      return `2026-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
    case 'uri':
      return `https://example.test/${Math.floor(r() * 1000)}`;
  }
  const min = schema.minLength ?? 1;
  const max = Math.min(schema.maxLength ?? 24, 24);
  const length = Math.max(min, Math.min(max, 3 + Math.floor(r() * 12)));
  return pick(r, ['fuzz', 'Order Completed', 'ana', 'refund', 'web', 'email', 'open', 'x']).padEnd(length, 'z').slice(0, Math.max(length, min));
}

/** A value that satisfies the schema in the common cases (the server still checks it all). */
export function plausible(schema: Schema | undefined, r: Random, ids: readonly string[], depth = 0): unknown {
  if (!schema || depth > 6) return null;
  if (schema.anyOf || schema.oneOf) return plausible(pick(r, (schema.anyOf ?? schema.oneOf)!), r, ids, depth + 1);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s: Schema) => plausible(s, r, ids, depth + 1)));
  if (schema.enum) return pick(r, schema.enum);
  if (schema.const !== undefined) return schema.const;
  const type = Array.isArray(schema.type) ? pick(r, schema.type) : schema.type;
  switch (type) {
    case 'string':
      return plausibleString(schema, r, ids);
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? 0;
      const max = schema.maximum ?? min + 100;
      const n = min + r() * (Math.min(max, min + 1000) - min);
      return type === 'integer' ? Math.round(n) : n;
    }
    case 'boolean':
      return chance(r, 0.5);
    case 'array': {
      const length = Math.max(schema.minItems ?? 0, Math.floor(r() * 3));
      return Array.from({ length }, () => plausible(schema.items, r, ids, depth + 1));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set<string>(schema.required ?? []);
      for (const [key, sub] of Object.entries<Schema>(schema.properties ?? {})) {
        if (required.has(key) || chance(r, 0.5)) out[key] = plausible(sub, r, ids, depth + 1);
      }
      if (schema.additionalProperties && typeof schema.additionalProperties === 'object' && chance(r, 0.5)) {
        out[`k${Math.floor(r() * 10)}`] = plausible(schema.additionalProperties, r, ids, depth + 1);
      }
      return out;
    }
    case 'null':
      return null;
    default:
      return chance(r, 0.5) ? 'fuzz' : 1;
  }
}

/** Replaces one to three leaves (or the whole value) with hostile ones, or drops a key. */
export function mutate(value: unknown, r: Random): unknown {
  if (chance(r, 0.1)) return hostile(r);
  const copy = structuredClone(value);
  const times = 1 + Math.floor(r() * 3);
  for (let i = 0; i < times; i++) {
    const slots: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
    const collect = (node: unknown) => {
      if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          slots.push({ parent: node as Record<string, unknown>, key: Array.isArray(node) ? Number(k) : k });
          collect(v);
        }
      }
    };
    collect(copy);
    if (slots.length === 0) return hostile(r);
    const slot = pick(r, slots);
    if (!Array.isArray(slot.parent) && chance(r, 0.15)) delete slot.parent[slot.key as string];
    else (slot.parent as Record<string | number, unknown>)[slot.key] = hostile(r);
  }
  return copy;
}
