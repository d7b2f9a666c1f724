import crypto from 'node:crypto';
import { formatDay, parseDay, today } from '../predict/clv/dates.ts';
import type { CsvRow } from '../platform/csv.ts';
import { outsideWindow, startsWithCalendarDay, WINDOWS } from '../platform/http/dates.ts';

// purchases.csv → Segment `Order Completed` calls, pure. One row is one order line:
// rows sharing an order_id are one order (its revenue the sum of their amounts, its
// products their skus); a row without an order_id is an order of its own. A row that
// fails makes its whole order fail, since storing the rest would store a wrong order
// for good (a fixed file re-imported adds nothing: the order's message id is taken).

export const PURCHASE_ERROR_KINDS = [
  'missing_customer',
  'bad_amount',
  'negative_amount',
  'bad_date',
  'future_date',
  'bad_quantity',
  'bad_currency',
  'inconsistent_order',
  'invalid_order_line',
] as const;
export type PurchaseErrorKind = (typeof PURCHASE_ERROR_KINDS)[number];

export interface PurchaseRowError {
  line: number;
  kind: PurchaseErrorKind;
  reason: string;
}

export interface OrderCall {
  /** The file lines the order came from. */
  lines: number[];
  body: Record<string, unknown>;
}

interface OrderLine {
  line: number;
  orderId: string | null;
  customer: { userId: string } | { email: string };
  timestamp: string;
  amount: number;
  currency: string | null;
  product: { sku?: string; name?: string; quantity?: number } | null;
}

class RowError extends Error {
  constructor(
    readonly kind: PurchaseErrorKind,
    message: string,
  ) {
    super(message);
  }
}

const pick = (values: Record<string, string>, ...names: string[]): string | undefined => {
  for (const n of names) {
    const v = values[n]?.trim();
    if (v) return v;
  }
  return undefined;
};

/** A plain decimal with at most 15 integer digits, as listPurchases reads amounts: never NaN, never a float that lost its cents. */
const DECIMAL = /^-?\d{1,15}(\.\d+)?$/;

/**
 * Dates as YYYY-MM-DD or YYYYMMDD (a day, stored at 00:00 UTC), or an ISO 8601 time with its
 * zone; a day that exists (never 30 February rolled over to March), from 1970 (dates.ts) to now.
 */
function parseWhen(text: string, now: Date): string {
  const day = parseDay(text);
  let at: Date | null;
  if (day !== null) {
    if (day > today(now)) throw new RowError('future_date', `date ${formatDay(day)} is in the future`);
    at = new Date(day * 86_400_000);
  } else {
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text) && startsWithCalendarDay(text);
    at = iso ? new Date(text) : null;
    if (!at || Number.isNaN(at.getTime())) throw new RowError('bad_date', `date "${text}" is not a date (YYYY-MM-DD, YYYYMMDD or ISO 8601 with a time zone)`);
    if (at > now) throw new RowError('future_date', `date ${text} is in the future`);
  }
  const problem = outsideWindow(at.getTime(), WINDOWS.happened, now.getTime());
  if (problem) throw new RowError('bad_date', `date ${text} ${problem}`);
  return at.toISOString();
}

function parseLine(row: CsvRow, now: Date): OrderLine {
  const v = row.values;
  const userId = pick(v, 'customer_id', 'user_id', 'userId');
  const email = pick(v, 'email');
  if (!userId && !email) throw new RowError('missing_customer', 'needs a customer_id or an email');
  const amountText = pick(v, 'amount', 'revenue', 'total');
  if (amountText === undefined) throw new RowError('bad_amount', 'needs an amount (or revenue, or total)');
  if (!DECIMAL.test(amountText)) throw new RowError('bad_amount', `amount "${amountText}" is not a number`);
  if (amountText.startsWith('-') && Number(amountText) !== 0) throw new RowError('negative_amount', `amount ${amountText} is negative (refunds are not purchases)`);
  const dateText = pick(v, 'date', 'timestamp');
  if (dateText === undefined) throw new RowError('bad_date', 'needs a date');
  const timestamp = parseWhen(dateText, now);
  const currency = pick(v, 'currency');
  if (currency !== undefined && !/^[A-Za-z]{3}$/.test(currency)) throw new RowError('bad_currency', `currency "${currency}" is not a three-letter ISO 4217 code`);
  const quantityText = pick(v, 'quantity');
  if (quantityText !== undefined && !/^\d{1,9}$/.test(quantityText)) throw new RowError('bad_quantity', `quantity "${quantityText}" is not a whole number`);
  const sku = pick(v, 'sku', 'product_id');
  const name = pick(v, 'product', 'name');
  return {
    line: row.line,
    orderId: pick(v, 'order_id') ?? null,
    customer: userId ? { userId } : { email: email!.toLowerCase() },
    timestamp,
    amount: Math.abs(Number(amountText)),
    currency: currency?.toUpperCase() ?? null,
    product:
      sku || name
        ? { ...(sku ? { sku } : {}), ...(name ? { name } : {}), ...(quantityText !== undefined ? { quantity: Number(quantityText) } : {}) }
        : null,
  };
}

const hash = (text: string) => crypto.createHash('sha256').update(text).digest('hex').slice(0, 32);
const customerKey = (c: OrderLine['customer']) => ('userId' in c ? `customer ${c.userId}` : `email ${c.email}`);

/** The rows of a purchases file as orders, and the lines that were refused with why. */
export function ordersFromRows(rows: Iterable<CsvRow>, now = new Date()): { orders: OrderCall[]; errors: PurchaseRowError[] } {
  const errors: PurchaseRowError[] = [];
  const groups = new Map<string, { lines: OrderLine[]; failed?: number }>();
  const seen = new Map<string, number>();
  const groupOf = (key: string) => groups.get(key) ?? groups.set(key, { lines: [] }).get(key)!;
  for (const row of rows) {
    try {
      const line = parseLine(row, now);
      // A row without an order_id is its own order, named by its content (and how often that content came before), so a re-import finds it again.
      const content = JSON.stringify([customerKey(line.customer), line.timestamp, line.amount, line.currency, line.product]);
      const n = (seen.get(content) ?? 0) + 1;
      seen.set(content, n);
      const group = groupOf(line.orderId !== null ? `order:${line.orderId}` : `row:${hash(content)}:${n}`);
      const first = group.lines[0];
      if (first && customerKey(first.customer) !== customerKey(line.customer)) {
        throw new RowError('inconsistent_order', `order ${line.orderId} belongs to ${customerKey(first.customer)} (line ${first.line}), not ${customerKey(line.customer)}`);
      }
      if (first && first.timestamp !== line.timestamp) throw new RowError('inconsistent_order', `order ${line.orderId} is dated ${first.timestamp.slice(0, 10)} on line ${first.line}`);
      if (first && first.currency !== line.currency) throw new RowError('inconsistent_order', `order ${line.orderId} is in ${first.currency ?? 'no currency'} on line ${first.line}`);
      group.lines.push(line);
    } catch (err) {
      if (!(err instanceof RowError)) throw err;
      errors.push({ line: row.line, kind: err.kind, reason: err.message });
      const orderId = pick(row.values, 'order_id');
      if (orderId !== undefined) groupOf(`order:${orderId}`).failed ??= row.line;
    }
  }

  const orders: OrderCall[] = [];
  for (const [key, group] of groups) {
    if (group.failed !== undefined) {
      const orderId = key.slice('order:'.length);
      for (const l of group.lines) errors.push({ line: l.line, kind: 'invalid_order_line', reason: `order ${orderId} has an invalid line (line ${group.failed}); none of it is imported` });
      continue;
    }
    const first = group.lines[0]!;
    const products = group.lines.flatMap((l) => (l.product ? [l.product] : []));
    const revenue = Number(group.lines.reduce((sum, l) => sum + l.amount, 0).toFixed(6));
    orders.push({
      lines: group.lines.map((l) => l.line),
      body: {
        event: 'Order Completed',
        ...('userId' in first.customer ? { userId: first.customer.userId } : { anonymousId: `email:${first.customer.email}` }),
        timestamp: first.timestamp,
        messageId: `import-order-${hash(key)}`,
        properties: {
          ...(first.orderId !== null ? { order_id: first.orderId } : {}),
          revenue,
          ...(first.currency ? { currency: first.currency } : {}),
          ...(products.length ? { products } : {}),
        },
      },
    });
  }
  errors.sort((a, b) => a.line - b.line);
  return { orders, errors };
}
