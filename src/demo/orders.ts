import type { DatedOrder } from '../recommend/evaluate.ts';
import type { DemoCall } from './cafe.ts';

/** The demo's online orders with their products, as the journey's listOrderItems would read them once stored. */
export function demoOrders(calls: DemoCall[]): DatedOrder[] {
  return calls
    .filter((c) => c.event === 'Order Completed')
    .map((c) => ({
      customerId: c.userId!,
      at: new Date(c.timestamp),
      orderKey: String(c.properties!.order_id),
      products: (c.properties!.products as { sku: string; name: string }[]).map((p) => ({ sku: p.sku, name: p.name })),
    }));
}
