import type { Db } from '../platform/db/client.ts';
import { CsvError, readCsv, type CsvRow } from '../platform/csv.ts';
import { appendEvents, type TrackedEvent } from '../journeys/store.ts';
import { processPendingEvents } from '../journeys/processor.ts';
import { toJourneyEvent } from '../ingest/segment.ts';
import { ordersFromRows, PURCHASE_ERROR_KINDS, type PurchaseErrorKind, type PurchaseRowError } from './purchase-rows.ts';

export interface PurchaseImportSummary {
  file: string;
  kind: 'purchases';
  strict: boolean;
  /** Rows read (order lines). */
  read: number;
  /** Orders the valid rows make. */
  orders: number;
  /** Orders stored now. */
  stored: number;
  /** Orders already imported by an earlier run (same order_id, or same row without one). */
  skipped: number;
  /** Rows refused; with --strict, any refusal stores nothing. */
  rejected: number;
  errorCounts: Record<PurchaseErrorKind, number>;
  errors: { line: number; kind: PurchaseErrorKind; reason: string }[];
}

const MAX_LISTED_ERRORS = 1000;
const CHUNK = 500;

/**
 * Imports a purchases CSV as `Order Completed` journey events (Segment e-commerce
 * fields), validated as the tracking API validates events, then resolves them into
 * journeys. The file is read whole first, since an order's lines may be anywhere in it.
 */
export async function importPurchases(db: Db, workspaceId: string, file: string, options: { strict?: boolean } = {}): Promise<PurchaseImportSummary> {
  const rows: CsvRow[] = [];
  for await (const row of readCsv(file, { requiredColumns: ['date'] })) rows.push(row);
  if (rows.length === 0) throw new CsvError(`${file}: no purchase rows (expected a header with customer_id or email, date, amount and data rows)`);
  const { orders, errors } = ordersFromRows(rows);
  const receivedAt = new Date();
  const events: TrackedEvent[] = [];
  for (const order of orders) {
    try {
      events.push({ ...toJourneyEvent(order.body, { type: 'track', workspaceId, receivedAt, where: `line ${order.lines[0]}` }), source: 'import' });
    } catch (err) {
      for (const line of order.lines) errors.push({ line, kind: 'invalid_order_line', reason: (err as Error).message.replace(/^line \d+[:.]?\s*/, '') });
    }
  }
  const summary: PurchaseImportSummary = {
    file,
    kind: 'purchases',
    strict: options.strict === true,
    read: rows.length,
    orders: events.length,
    stored: 0,
    skipped: 0,
    rejected: errors.length,
    errorCounts: countKinds(errors),
    errors: errors.sort((a, b) => a.line - b.line).slice(0, MAX_LISTED_ERRORS),
  };
  if (summary.strict && errors.length > 0) return summary;
  for (let i = 0; i < events.length; i += CHUNK) summary.stored += await appendEvents(db, events.slice(i, i + CHUNK));
  summary.skipped = events.length - summary.stored;
  while ((await processPendingEvents(db)) > 0) {
    // resolve customers and touchpoints of everything just stored
  }
  return summary;
}

function countKinds(errors: PurchaseRowError[]): Record<PurchaseErrorKind, number> {
  const counts = Object.fromEntries(PURCHASE_ERROR_KINDS.map((k) => [k, 0])) as Record<PurchaseErrorKind, number>;
  for (const e of errors) counts[e.kind]++;
  return counts;
}
