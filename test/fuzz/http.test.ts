import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine, startTestServer, type TestServer } from '../harness.ts';
import { changedTables, fingerprint, fingerprintQuery, type Fingerprint } from './fingerprint.ts';
import { chance, DEEP_JSON, hostile, mutate, pick, plausible, seeded, type Random, type Schema } from './values.ts';

// Every operation of the OpenAPI document, called with plausible and hostile bodies,
// query strings and path parameters, under each kind of credential. Nothing may
// answer 5xx or hang, and a refused request (4xx) must leave every table as it was.
// Seeded and bounded in time: FUZZ_SEED reproduces a run, FUZZ_MS sets its length.

const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const BUDGET_MS = Number(process.env.FUZZ_MS ?? 40_000);

/** What the fuzz reads of an OpenAPI operation. */
interface OperationObject {
  parameters?: { in: string; name: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
type Operation = { method: string; path: string; op: OperationObject };

interface Failure {
  request: string;
  status: number | 'timeout' | 'network error';
  detail: string;
}

let server: TestServer;
let ws: Awaited<ReturnType<TestServer['workspace']>>;
let adminCookie: string;
const ids: string[] = [];
/** Our own credentials' records: revoking them would blind the rest of the run. */
const protectedIds = new Set<string>();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function collectIds(value: unknown): void {
  if (!value || typeof value !== 'object') return;
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string' && /(^id$|Id$)/.test(key) && UUID.test(v) && !protectedIds.has(v) && !ids.includes(v)) ids.push(v);
    else collectIds(v);
  }
  if (ids.length > 400) ids.splice(0, ids.length - 400);
}

beforeAll(async () => {
  server = await startTestServer({ TOUCHPOINT_RATE_LIMIT_API: '1000000', TOUCHPOINT_RATE_LIMIT_INGEST: '1000000', TOUCHPOINT_RATE_LIMIT_PUBLIC: '1000000' });
  // No background work: a job finishing between two requests would look like a write by the second.
  await server.tp.jobs.stop();
  await server.tp.processor.stop();
  ws = await server.workspace('default');
  adminCookie = await server.login();
  const keys = await server.call('GET', '/api/v1/keys', { key: ws.secretKey });
  for (const k of keys.body.data) protectedIds.add(k.id);
  const me = await server.call('GET', '/api/v1/me', { cookie: adminCookie });
  protectedIds.add(me.body.user.id);
  // A few records for path parameters to find.
  await server.call('POST', '/v1/identify', { basicKey: ws.writeKey, body: { userId: 'fuzz-1', traits: { email: 'fuzz-1@example.test', name: 'Fuzz One' } } });
  const ticket = await server.call('POST', '/api/v1/tickets', {
    key: ws.secretKey,
    body: { customer: { email: 'fuzz-1@example.test' }, subject: 'Fuzzing', message: { body: 'Hello' }, channel: 'email' },
  });
  collectIds(ticket.body);
  collectIds((await server.call('GET', '/api/v1/customers', { key: ws.secretKey })).body);
}, 120_000);
afterAll(() => server?.close());

function operations(doc: { paths: Record<string, Record<string, OperationObject>> }): Operation[] {
  const skip = new Set([
    'POST /api/v1/auth/logout', // ends the session the run logs in with
    'POST /api/v1/auth/logout-everywhere', // so does this
  ]);
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => ({ method: method.toUpperCase(), path, op }))
      .filter((o) => !skip.has(`${o.method} ${o.path}`)),
  );
}

function pathFor(path: string, r: Random): string {
  return path.replace(/\{[^}]+\}/g, () => {
    if (ids.length && chance(r, 0.6)) return pick(r, ids);
    const value = hostile(r);
    const text = typeof value === 'string' && value ? value.slice(0, 200) : String(value);
    // A lone surrogate cannot be percent-encoded as UTF-8: send the bytes a careless client would.
    return text.isWellFormed() ? encodeURIComponent(text) : encodeURIComponent(text.toWellFormed()).replaceAll('%EF%BF%BD', '%ED%A0%BD');
  });
}

function queryFor(op: Operation['op'], r: Random): string {
  const params = new URLSearchParams();
  for (const p of op.parameters ?? []) {
    if (p.in !== 'query' || chance(r, 0.5)) continue;
    const value = chance(r, 0.5) ? plausible(p.schema, r, ids) : hostile(r);
    if (p.name === 'writeKey' && chance(r, 0.8)) params.set(p.name, ws.writeKey);
    else params.set(p.name, typeof value === 'string' ? value.slice(0, 2_000) : JSON.stringify(value) ?? '');
  }
  const query = params.toString();
  // A raw NUL and a stray percent sign, as browsers and scripts send them.
  const raw = chance(r, 0.1) ? pick(r, ['q=%00', 'email=%00', 'x=%', 'limit=%00', 'cursor=%FF']) : '';
  return [query, raw].filter(Boolean).join('&');
}

function bodyFor(op: Operation['op'], r: Random): { body?: string | Buffer; contentType?: string } {
  const schema = op.requestBody?.content?.['application/json']?.schema;
  if (!schema && chance(r, 0.8)) return {};
  const base = plausible(schema, r, ids);
  if (base && typeof base === 'object' && 'writeKey' in (schema?.properties ?? {}) && chance(r, 0.8)) (base as Record<string, unknown>).writeKey = ws.writeKey;
  const value = chance(r, 0.25) ? base : mutate(base, r);
  const roll = r();
  if (roll < 0.05) return { body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), contentType: 'application/json' };
  if (roll < 0.1) return { body: '{"unterminated": ', contentType: 'application/json' };
  if (roll < 0.15) return { body: JSON.stringify(value), contentType: 'text/plain' };
  if (roll < 0.18) return { body: 'a=1&b=%00', contentType: 'application/x-www-form-urlencoded' };
  if (roll < 0.2) return { body: DEEP_JSON, contentType: 'application/json' };
  return { body: JSON.stringify(value) ?? 'null', contentType: 'application/json' };
}

function credentialsFor(path: string, r: Random): Record<string, string> {
  if (path.startsWith('/v1/')) {
    return chance(r, 0.9) ? { authorization: `Basic ${Buffer.from(`${ws.writeKey}:`).toString('base64')}` } : { authorization: `Bearer ${pick(r, [ws.secretKey, 'junk', ''])}` };
  }
  if (path.startsWith('/widget/')) return {};
  const roll = r();
  if (roll < 0.6) return { authorization: `Bearer ${ws.secretKey}` };
  if (roll < 0.85) return { cookie: adminCookie, origin: server.url };
  if (roll < 0.9) return { authorization: `Basic ${Buffer.from(`${ws.writeKey}:`).toString('base64')}` };
  return {};
}

async function send(method: string, url: string, headers: Record<string, string>, body?: string | Buffer, retried = false): Promise<{ status: number | 'timeout' | 'network error'; text: string }> {
  try {
    const res = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : new Uint8Array(body),
      signal: AbortSignal.timeout(15_000),
    });
    return { status: res.status, text: (await res.text()).slice(0, 300) };
  } catch (err) {
    // Node's HTTP parser answers a request line or headers over its limit with 431 and closes the
    // connection; the client may already have put the next request on that socket. That request
    // never reached the server, so it is sent once more, as any client would.
    if (!retried && /other side closed/.test(String((err as Error).cause))) return send(method, url, headers, body, true);
    return { status: (err as Error).name === 'TimeoutError' ? 'timeout' : 'network error', text: `${err} ${(err as Error).cause ?? ''}` };
  }
}

describe(`fuzzing the HTTP API (${engine}, seed ${SEED})`, () => {
  it('answers every request below 500, in time, and a refused one changes nothing', async () => {
    const doc = (await server.call('GET', '/api/v1/openapi.json')).body;
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(100);
    const r = seeded(SEED);
    const db = server.tp.database.db;
    const query = await fingerprintQuery(db);
    const failures: Failure[] = [];
    const statuses = new Map<number | string, number>();
    let before: Fingerprint = await fingerprint(db, query);
    let requests = 0;
    let previous = '';
    const until = Date.now() + BUDGET_MS;
    while (Date.now() < until && failures.length < 25) {
      const operation = pick(r, ops);
      const path = pathFor(operation.path, r);
      const qs = queryFor(operation.op, r);
      // GET cannot carry a body; a DELETE now and then does, as some clients send one.
      const { body, contentType } = operation.method === 'GET' || (operation.method === 'DELETE' && chance(r, 0.9)) ? {} : bodyFor(operation.op, r);
      const headers: Record<string, string> = { ...credentialsFor(operation.path, r), ...(contentType ? { 'content-type': contentType } : {}) };
      const url = `${server.url}${path}${qs ? `?${qs}` : ''}`;
      const res = await send(operation.method, url, headers, body);
      requests++;
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const after = await fingerprint(db, query);
      const credential = headers.cookie ? 'cookie' : headers.authorization?.split(' ')[0]?.toLowerCase() ?? 'none';
      const described = `[${credential}${contentType ? `, ${contentType}` : ''}] ${operation.method} ${path}${qs ? `?${qs.slice(0, 200)}` : ''} ${typeof body === 'string' ? body.slice(0, 300) : body ? `<${body.length} bytes>` : ''}`;
      if (typeof res.status !== 'number' || res.status >= 500) {
        failures.push({ request: described, status: res.status, detail: `${res.text} (after ${previous})` });
      } else if (res.status >= 400) {
        const changed = changedTables(before, after);
        if (changed.length) failures.push({ request: described, status: res.status, detail: `refused, yet changed: ${changed.join(', ')}` });
      } else {
        try {
          collectIds(JSON.parse(res.text));
        } catch {
          // not JSON (CSV, SVG) or cut short: no ids to learn
        }
      }
      before = after;
      previous = `${described} -> ${res.status}`;
    }
    console.info(`fuzz (${engine}, seed ${SEED}): ${requests} requests over ${ops.length} operations; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(100);
    expect(server.tp.app.server.listening).toBe(true);
  }, BUDGET_MS + 120_000);
});
