import { describe, expect, it } from 'vitest';
import { ordersFromRows } from './purchase-rows.ts';

const now = new Date('2026-03-10T12:00:00Z');
const rows = (header: string, ...lines: string[]) =>
  lines.map((l, i) => ({ line: i + 2, values: Object.fromEntries(header.split(',').map((h, k) => [h, l.split(',')[k] ?? ''])) }));

describe('purchase rows to Order Completed calls', () => {
  it('makes the rows of one order_id one order with its products, revenue the sum of its lines', () => {
    const { orders, errors } = ordersFromRows(
      rows('order_id,customer_id,date,sku,product,quantity,amount,currency,coupon', 'A1,u1,2026-03-01,KIT,V60 kit,1,39.00,eur,SPRING', 'B7,u2,20260302,BEAN,,2,25.80,,', 'A1,u1,2026-03-01,BEAN,Beans,2,25.80,EUR,SPRING'),
      now,
    );
    expect(errors).toEqual([]);
    expect(orders).toHaveLength(2);
    expect(orders[0]!.lines).toEqual([2, 4]);
    expect(orders[0]!.body).toEqual({
      event: 'Order Completed',
      userId: 'u1',
      timestamp: '2026-03-01T00:00:00.000Z',
      messageId: expect.stringMatching(/^import-order-[0-9a-f]{32}$/),
      properties: {
        order_id: 'A1',
        revenue: 64.8,
        currency: 'EUR',
        products: [
          { sku: 'KIT', name: 'V60 kit', quantity: 1 },
          { sku: 'BEAN', name: 'Beans', quantity: 2 },
        ],
      },
    });
    // Extra columns (coupon) are ignored; a missing currency stays missing.
    expect(orders[1]!.body).toMatchObject({ userId: 'u2', timestamp: '2026-03-02T00:00:00.000Z', properties: { order_id: 'B7', revenue: 25.8, products: [{ sku: 'BEAN', quantity: 2 }] } });
    expect(orders[1]!.body.properties).not.toHaveProperty('currency');
  });

  it('the same file gives the same message ids; rows without an order_id are orders of their own, twins included', () => {
    const file = rows('customer_id,date,quantity,amount', '1,1997-01-01,2,29.33', '1,1997-01-01,2,29.33', '2,19970112,1,11.77');
    const first = ordersFromRows(file, now).orders.map((o) => o.body.messageId);
    expect(new Set(first).size).toBe(3);
    expect(ordersFromRows(file, now).orders.map((o) => o.body.messageId)).toEqual(first);
    expect(ordersFromRows(file, now).orders[0]!.body.properties).toEqual({ revenue: 29.33 });
  });

  it('takes an email when there is no customer_id, revenue or total for amount, and ISO times with a zone', () => {
    const { orders, errors } = ordersFromRows(rows('email,date,revenue', 'Ana@Example.com,2026-03-01T09:30:00+01:00,12'), now);
    expect(errors).toEqual([]);
    expect(orders[0]!.body).toMatchObject({ anonymousId: 'email:ana@example.com', timestamp: '2026-03-01T08:30:00.000Z', properties: { revenue: 12 } });
    expect(ordersFromRows(rows('customer_id,date,total', 'u,2026-03-01,7.5'), now).orders[0]!.body).toMatchObject({ properties: { revenue: 7.5 } });
  });

  it('refuses bad lines with their line, kind and reason, and every line of an order with a bad line', () => {
    const { orders, errors } = ordersFromRows(
      rows(
        'order_id,customer_id,date,amount,quantity,currency',
        'O1,u1,2026-03-01,-3,1,EUR',
        'O2,u1,2026-03-01,abc,1,EUR',
        'O3,u1,2026-02-30,5,1,EUR',
        'O4,u1,2999-01-01,5,1,EUR',
        'O5,,2026-03-01,5,1,EUR',
        'O6,u1,2026-03-01,NaN,1,EUR',
        'O7,u1,2026-03-01,5,1.5,EUR',
        'O8,u1,2026-03-01,5,1,euro',
        'O9,u1,2026-03-01,5,1,EUR',
        'O9,u2,2026-03-01,5,1,EUR',
        'OK,u1,2026-03-01,5,1,EUR',
        ',u3,2026-03-01,1e3,1,EUR',
        'OA,u1,2026-02-30T10:00:00Z,5,1,EUR',
        'OB,u1,0001-01-01,5,1,EUR',
        'OC,u1,1969-12-31T23:00:00-02:00,5,1,EUR',
      ),
      now,
    );
    expect(errors.map((e) => [e.line, e.kind, e.reason])).toEqual([
      [2, 'negative_amount', 'amount -3 is negative (refunds are not purchases)'],
      [3, 'bad_amount', 'amount "abc" is not a number'],
      [4, 'bad_date', 'date "2026-02-30" is not a date (YYYY-MM-DD, YYYYMMDD or ISO 8601 with a time zone)'],
      [5, 'future_date', 'date 2999-01-01 is in the future'],
      [6, 'missing_customer', 'needs a customer_id or an email'],
      [7, 'bad_amount', 'amount "NaN" is not a number'],
      [8, 'bad_quantity', 'quantity "1.5" is not a whole number'],
      [9, 'bad_currency', 'currency "euro" is not a three-letter ISO 4217 code'],
      [10, 'invalid_order_line', 'order O9 has an invalid line (line 11); none of it is imported'],
      [11, 'inconsistent_order', 'order O9 belongs to customer u1 (line 10), not customer u2'],
      [13, 'bad_amount', 'amount "1e3" is not a number'],
      [14, 'bad_date', 'date "2026-02-30T10:00:00Z" is not a date (YYYY-MM-DD, YYYYMMDD or ISO 8601 with a time zone)'],
      [15, 'bad_date', 'date 0001-01-01 is before 1970'],
    ]);
    expect(orders.map((o) => (o.body.properties as { order_id: string }).order_id)).toEqual(['OK', 'OC']);
  });
});
