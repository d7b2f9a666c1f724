import { PURCHASE_EVENTS } from '../journeys/store.ts';
import { signalKindOf, type CustomerHistory } from '../predict/need-help/signals.ts';
import type { DemoData } from './cafe.ts';

/**
 * The demo's customers as the need-for-help score sees them (their signals and
 * their support contacts), straight from the generator: how the benchmark and
 * the tests measure the score against the generator's known contacts without a
 * database in between. The refresh job builds the same histories from storage.
 */
export function demoHistories(data: DemoData): CustomerHistory[] {
  const byUser = new Map<string, CustomerHistory>();
  const of = (userId: string) => {
    let h = byUser.get(userId);
    if (!h) byUser.set(userId, (h = { customerId: userId, events: [], contacts: [] }));
    return h;
  };
  for (const call of data.calls) {
    if (!call.userId) continue;
    const path = typeof call.properties?.path === 'string' ? call.properties.path : null;
    const kind = signalKindOf({ name: call.type === 'track' ? call.event ?? null : null, pagePath: call.type === 'page' ? path : null }, PURCHASE_EVENTS);
    if (kind) of(call.userId).events.push({ kind, at: Date.parse(call.timestamp) });
  }
  for (const c of data.contacts) of(c.userId).contacts.push({ at: Date.parse(c.at), endedAt: c.solvedAt ? Date.parse(c.solvedAt) : null });
  for (const h of byUser.values()) {
    h.events.sort((a, b) => a.at - b.at);
    h.contacts.sort((a, b) => a.at - b.at);
  }
  return [...byUser.values()];
}
