import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine, eventually, freshPostgresDatabase, startTestServer, type TestServer } from '../../test/harness.ts';
import { queryRows } from '../platform/db/query.ts';
import { cdnowFile, REPO_ROOT } from '../predict/clv/test-data.ts';
import { importPurchases } from './import-purchases.ts';

type Ws = Awaited<ReturnType<TestServer['workspace']>>;
let server: TestServer;
let store: Ws;
let careful: Ws;
let dir: string;
let cdnow: string;
let withBadLines: string;

// Customers 1-100 of the CDNOW sample as it is (customer_id,date,quantity,amount: no order ids, no products).
const CDNOW_ROWS = fs.readFileSync(cdnowFile('transactions_sample.csv'), 'utf8').trim().split('\n').filter((l, i) => i === 0 || Number(l.split(',')[0]) <= 100);

// Orders of several lines with products, and bad lines; line numbers in the comments.
const BAD = [
  'order_id,customer_id,email,date,sku,product,quantity,amount,currency,channel',
  ...[1, 2, 3, 4].flatMap((i) => [`K${i},kit-${i},,2026-01-0${i},KIT-V60,V60 kit,1,39.00,EUR,web`, `K${i},kit-${i},,2026-01-0${i},FILTERS,Filter papers,2,9.80,EUR,web`]), // 2-9
  'R1,kit-1,,2026-01-20,BEAN-ETH,Ethiopia beans,1,-14.50,EUR,web', // 10: negative: order R1 refused
  'R2,kit-2,,2026-01-20,BEAN-ETH,Ethiopia beans,1,14.5O,EUR,web', // 11: letter O
  'R3,kit-3,,2026-13-01,BEAN-ETH,Ethiopia beans,1,14.50,EUR,web', // 12: month 13
  'R4,kit-4,,2999-01-01,BEAN-ETH,Ethiopia beans,1,14.50,EUR,web', // 13: future
  'R5,,,2026-01-20,BEAN-ETH,Ethiopia beans,1,14.50,EUR,web', // 14: nobody
  'R1,kit-1,,2026-01-20,FILTERS,Filter papers,1,4.90,EUR,web', // 15: fine, but its order has a bad line
  'E1,,Ana@Example.com,2026-02-01,MUG,Mug,1,16,EUR,store', // 16: by email
];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-purchases-'));
  cdnow = path.join(dir, 'cdnow.csv');
  fs.writeFileSync(cdnow, CDNOW_ROWS.join('\n') + '\n');
  withBadLines = path.join(dir, 'bad.csv');
  fs.writeFileSync(withBadLines, BAD.join('\n') + '\n');
  server = await startTestServer();
  [store, careful] = [await server.workspace('store'), await server.workspace('careful')];
}, 60_000);
afterAll(async () => {
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const db = () => server.tp.database.db;
const eventsOf = async (ws: Ws) =>
  queryRows<{ order_id: string | null; revenue: string; user_id: string | null; anonymous_id: string | null; products: unknown }>(
    db(),
    sql`select properties->>'order_id' as order_id, properties->>'revenue' as revenue, user_id, anonymous_id, properties->'products' as products
        from journey_events where workspace_id = ${ws.id} and name = 'Order Completed' order by id`,
  );
const idOf = async (ws: Ws, userId: string): Promise<string> => (await server.call('GET', `/api/v1/customers?userId=${userId}`, { key: ws.secretKey })).body.data[0].id;

async function refresh(ws: Ws, what: 'predictions' | 'recommendations', done: string) {
  const requested = new Date().toISOString();
  expect((await server.call('POST', `/api/v1/${what}/refresh`, { key: ws.secretKey })).status).toBe(202);
  await eventually(async () => {
    await server.tp.jobs.runDue();
    expect((await server.call('GET', done, { key: ws.secretKey })).body.refreshedAt >= requested).toBe(true);
  });
}

describe('importing purchases from CSV', () => {
  it('imports a CDNOW-shaped file: each row an order on its customer’s journey, read by the predictions unchanged', async () => {
    const summary = await importPurchases(db(), store.id, cdnow);
    expect(summary).toMatchObject({ kind: 'purchases', read: 276, orders: 276, stored: 276, skipped: 0, rejected: 0, errors: [] });
    const one = await server.call('GET', `/api/v1/customers/${await idOf(store, '1')}/journey?order=asc`, { key: store.secretKey });
    const orders = one.body.data.filter((e: { kind: string }) => e.kind === 'track');
    expect(orders.map((e: { at: string }) => e.at.slice(0, 10))).toEqual(['1997-01-01', '1997-01-18', '1997-08-02', '1997-12-12']);

    await refresh(store, 'predictions', '/api/v1/predictions/model');
    const p = (await server.call('GET', `/api/v1/customers/${await idOf(store, '1')}/predictions`, { key: store.secretKey })).body;
    expect(p).toMatchObject({ purchases: 4, totalSpend: 100.5, firstPurchaseAt: '1997-01-01T00:00:00.000Z', lastPurchaseAt: '1997-12-12T00:00:00.000Z' });
    expect((await server.call('GET', '/api/v1/predictions/model', { key: store.secretKey })).body).toMatchObject({ customers: 100, purchases: 276, skippedPurchases: 0 });
  });

  it('adds nothing when the same file is imported again', async () => {
    const before = (await eventsOf(store)).length;
    expect(await importPurchases(db(), store.id, cdnow)).toMatchObject({ read: 276, orders: 276, stored: 0, skipped: 276 });
    expect((await eventsOf(store)).length).toBe(before);
  });

  it('refuses bad lines with counts and reasons, stores nothing of their orders, and stores the valid orders with their products', async () => {
    const before = await eventsOf(store);
    const summary = await importPurchases(db(), store.id, withBadLines);
    expect(summary).toMatchObject({ read: 15, orders: 5, stored: 5, skipped: 0, rejected: 6 });
    expect(summary.errorCounts).toMatchObject({ negative_amount: 1, bad_amount: 1, bad_date: 1, future_date: 1, missing_customer: 1, invalid_order_line: 1 });
    expect(summary.errors.map((e) => e.line)).toEqual([10, 11, 12, 13, 14, 15]);
    expect(summary.errors[4]!.reason).toBe('needs a customer_id or an email');

    const added = (await eventsOf(store)).slice(before.length);
    expect(added.map((e) => e.order_id).sort()).toEqual(['E1', 'K1', 'K2', 'K3', 'K4']);
    expect(added.every((e) => Number.isFinite(Number(e.revenue)))).toBe(true);
    const k1 = added.find((e) => e.order_id === 'K1')!;
    expect([k1.user_id, Number(k1.revenue)]).toEqual(['kit-1', 48.8]);
    expect(k1.products).toEqual([{ sku: 'KIT-V60', name: 'V60 kit', quantity: 1 }, { sku: 'FILTERS', name: 'Filter papers', quantity: 2 }]);
    expect(added.find((e) => e.order_id === 'E1')!.anonymous_id).toBe('email:ana@example.com');
  });

  it('its products feed the recommendations', async () => {
    await refresh(store, 'recommendations', '/api/v1/products/KIT-V60/also-bought');
    const res = await server.call('GET', '/api/v1/products/KIT-V60/also-bought', { key: store.secretKey });
    expect(res.body.data).toEqual([{ sku: 'FILTERS', name: 'Filter papers', score: expect.any(Number), customersBoth: 4 }]);
  });

  it('--strict: a file with a bad line stores nothing at all', async () => {
    const summary = await importPurchases(db(), careful.id, withBadLines, { strict: true });
    expect(summary).toMatchObject({ strict: true, orders: 5, stored: 0, rejected: 6 });
    expect(await eventsOf(careful)).toEqual([]);
  });

  it('a file without a date column changes nothing', async () => {
    const file = path.join(dir, 'no-date.csv');
    fs.writeFileSync(file, 'customer_id,amount\n1,5\n');
    await expect(importPurchases(db(), careful.id, file)).rejects.toThrow(/missing column "date"/);
    expect(await eventsOf(careful)).toEqual([]);
  });
});

describe('touchpoint import purchases (CLI)', () => {
  const run = promisify(execFile);
  let env: NodeJS.ProcessEnv;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    env = { ...process.env, TOUCHPOINT_DATA_DIR: path.join(dir, 'data'), TOUCHPOINT_LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    if (engine === 'postgres') ({ url: env.DATABASE_URL, drop } = await freshPostgresDatabase());
  });
  afterAll(() => drop?.());

  async function touchpoint(...args: string[]): Promise<{ code: number; stdout: string }> {
    try {
      return { code: 0, stdout: (await run(process.execPath, [path.join(REPO_ROOT, 'bin/touchpoint.js'), ...args], { env, cwd: dir })).stdout };
    } catch (err) {
      const e = err as { code: number; stdout: string };
      return { code: e.code, stdout: e.stdout };
    }
  }

  it('--strict refuses the whole file in words, then --json imports the valid orders and lists every refused line; exit code 2', async () => {
    const strict = await touchpoint('import', 'purchases', '--input', withBadLines, '--strict');
    expect(strict.code).toBe(2);
    expect(strict.stdout).toMatch(/^15 rows read, 5 orders: nothing imported \(--strict\); 6 rows rejected \(1 missing customer, 1 bad amount, 1 negative amount, 1 bad date, 1 future date, 1 invalid order line\)/);
    expect(strict.stdout).toMatch(/line 12: date "2026-13-01" is not a date/);

    const json = await touchpoint('import', 'purchases', withBadLines, '--json');
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ read: 15, orders: 5, stored: 5, rejected: 6, errors: expect.arrayContaining([{ line: 10, kind: 'negative_amount', reason: 'amount -14.50 is negative (refunds are not purchases)' }]) });
  }, 120_000);
});
