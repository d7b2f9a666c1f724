import crypto from 'node:crypto';

// Turning CSV rows into Segment-shaped calls: pure, so the import validates a row
// exactly as the tracking API validates an event.

export interface RowCall {
  type: 'identify' | 'track' | 'page';
  body: Record<string, unknown>;
}

const pick = (values: Record<string, string>, ...names: string[]): string | undefined => {
  for (const n of names) {
    const v = values[n]?.trim();
    if (v) return v;
  }
  return undefined;
};

/** Numbers and booleans as such, so `revenue` sums and `vip` filters; everything else as text. */
export function cellValue(raw: string): string | number | boolean {
  const v = raw.trim();
  if (/^-?\d+(\.\d+)?$/.test(v) && v.length < 16) return Number(v);
  if (v === 'true' || v === 'false') return v === 'true';
  return raw;
}

/** A stable id from the row's content: re-running an import skips rows already stored. */
export function rowMessageId(kind: string, values: Record<string, string>): string {
  const canonical = JSON.stringify(Object.keys(values).sort().map((k) => [k, values[k]]));
  return `import-${kind}-${crypto.createHash('sha256').update(canonical).digest('hex').slice(0, 32)}`;
}

const CUSTOMER_FIELDS = ['user_id', 'userId', 'email', 'anonymous_id', 'anonymousId', 'created_at', 'createdAt'];

/** customers.csv: user_id and/or email, then any traits (name, phone, city, …). */
export function customerRowToCall(values: Record<string, string>): RowCall {
  const userId = pick(values, 'user_id', 'userId');
  const email = pick(values, 'email');
  const anonymousId = pick(values, 'anonymous_id', 'anonymousId');
  if (!userId && !email && !anonymousId) throw new Error('needs a user_id, an email or an anonymous_id');
  const traits: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (!CUSTOMER_FIELDS.includes(k) && v.trim() !== '') traits[k] = k === 'phone' ? v.trim() : cellValue(v);
  }
  if (email) traits.email = email;
  return {
    type: 'identify',
    body: {
      // Without a user id the email is the customer's stable key in this workspace.
      userId: userId ?? undefined,
      anonymousId: userId ? undefined : (anonymousId ?? `email:${email!.toLowerCase()}`),
      traits,
      timestamp: pick(values, 'created_at', 'createdAt'),
      messageId: rowMessageId('customer', values),
    },
  };
}

const EVENT_FIELDS = ['type', 'event', 'name', 'user_id', 'userId', 'anonymous_id', 'anonymousId', 'email', 'timestamp', 'message_id', 'messageId', 'path'];

/** events.csv: timestamp, event (or type=page with path), user_id or anonymous_id; other columns are properties. */
export function eventRowToCall(values: Record<string, string>): RowCall {
  const type = (pick(values, 'type') ?? 'track').toLowerCase();
  if (type !== 'track' && type !== 'page') throw new Error(`type "${type}" is not track or page`);
  const timestamp = pick(values, 'timestamp');
  if (!timestamp) throw new Error('needs a timestamp');
  const email = pick(values, 'email');
  const properties: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) if (!EVENT_FIELDS.includes(k) && v.trim() !== '') properties[k] = cellValue(v);
  const path = pick(values, 'path');
  if (path) properties.path = path;
  return {
    type,
    body: {
      event: type === 'track' ? pick(values, 'event', 'name') : undefined,
      name: type === 'page' ? pick(values, 'name') : undefined,
      userId: pick(values, 'user_id', 'userId'),
      anonymousId: pick(values, 'anonymous_id', 'anonymousId') ?? (email ? `email:${email.toLowerCase()}` : undefined),
      properties,
      timestamp,
      messageId: pick(values, 'message_id', 'messageId') ?? rowMessageId('event', values),
    },
  };
}
