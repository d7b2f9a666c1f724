import crypto from 'node:crypto';
import { z } from 'zod';
import type { TrackedEvent } from '../journeys/store.ts';
import { outsideWindow, startsWithCalendarDay, WINDOWS } from '../platform/http/dates.ts';

// The Segment HTTP tracking API's payloads, as its libraries send them, and their
// translation into journey events. Pure: easy to test against the spec.

export const SEGMENT_TYPES = ['identify', 'track', 'page', 'screen', 'group', 'alias'] as const;
export type SegmentType = (typeof SEGMENT_TYPES)[number];

export const MAX_EVENT_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;

const id = z.string().max(500).or(z.number().transform(String));
const objectish = z.record(z.string(), z.unknown());
/**
 * An event's objects, checked without copying: z.record walks and copies every key, which
 * was a third of the validation cost of an event (events are validated one by one, in the
 * handler, so this schema never reaches the OpenAPI document, where a custom type could not).
 */
const eventObject = z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), { message: 'Expected an object' });

export const segmentEventSchema = z
  .object({
    type: z.enum(SEGMENT_TYPES).optional(),
    messageId: z.string().max(200).optional(),
    userId: id.nullish(),
    anonymousId: id.nullish(),
    previousId: id.nullish(),
    groupId: id.nullish(),
    event: z.string().max(500).nullish(),
    name: z.string().max(500).nullish(),
    category: z.string().max(500).nullish(),
    properties: eventObject.nullish(),
    traits: eventObject.nullish(),
    context: eventObject.nullish(),
    integrations: eventObject.nullish(),
    timestamp: z.string().nullish(),
    originalTimestamp: z.string().nullish(),
    sentAt: z.string().nullish(),
    writeKey: z.string().optional(),
  })
  .passthrough();

export type SegmentEvent = z.infer<typeof segmentEventSchema>;

export const batchSchema = z
  .object({
    batch: z.array(z.unknown()).min(1).max(10_000),
    sentAt: z.string().nullish(),
    writeKey: z.string().optional(),
    context: objectish.nullish(),
  })
  .passthrough();

export class EventError extends Error {
  constructor(
    public readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A client's clock reading: ISO 8601 from a day that exists, in the clock window (see dates.ts). */
function parseTime(value: string | null | undefined, label: string, receivedAt: Date): Date | undefined {
  if (value === null || value === undefined) return undefined;
  // ISO 8601 with a date part; Date.parse alone accepts too much ("1", "March") and rolls 30 February over to March.
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) throw new EventError('invalid_timestamp', `${label}: "${value}" is not an ISO 8601 date-time`);
  if (!startsWithCalendarDay(value)) throw new EventError('invalid_timestamp', `${label}: "${value}" is not a calendar date`);
  const t = new Date(value);
  if (Number.isNaN(t.getTime())) throw new EventError('invalid_timestamp', `${label}: "${value}" is not a valid date-time`);
  const problem = outsideWindow(t.getTime(), WINDOWS.clock, receivedAt.getTime());
  if (problem) throw new EventError('invalid_timestamp', `${label}: "${value}" ${problem}`);
  return t;
}

/**
 * When the event happened. As Segment does: if the client sent both `timestamp`
 * and `sentAt`, its clock may be off, so the time is receivedAt − (sentAt − timestamp).
 * The batch's own sentAt is named `sentAt`, an event's `batch[3].sentAt`.
 */
export function correctedTimestamp(event: Pick<SegmentEvent, 'timestamp' | 'originalTimestamp' | 'sentAt'>, batchSentAt: string | null | undefined, receivedAt: Date, where: string): Date {
  const timestamp = parseTime(event.timestamp, `${where}.timestamp`, receivedAt);
  const original = parseTime(event.originalTimestamp, `${where}.originalTimestamp`, receivedAt);
  const sentAt = parseTime(event.sentAt, `${where}.sentAt`, receivedAt) ?? parseTime(batchSentAt, 'sentAt', receivedAt);
  const given = timestamp ?? original;
  if (!given) return receivedAt;
  const at = sentAt ? new Date(receivedAt.getTime() - (sentAt.getTime() - given.getTime())) : given;
  const problem = outsideWindow(at.getTime(), WINDOWS.happened, receivedAt.getTime());
  if (problem) {
    const field = timestamp ? 'timestamp' : 'originalTimestamp';
    throw new EventError('invalid_timestamp', `${where}.${field}: "${event[field]}"${sentAt ? ', corrected by sentAt,' : ''} ${problem}`);
  }
  return at;
}

function pagePathOf(event: SegmentEvent): string | null {
  const fromProps = event.properties?.path;
  const page = event.context?.page;
  const fromContext = page && typeof page === 'object' ? (page as Record<string, unknown>).path : undefined;
  const url = event.properties?.url;
  const path = typeof fromProps === 'string' ? fromProps : typeof fromContext === 'string' ? fromContext : undefined;
  if (path) return path.split(/[?#]/, 1)[0]!;
  if (typeof url === 'string') {
    try {
      return new URL(url).pathname;
    } catch {
      return null;
    }
  }
  return null;
}

/** Validates one event and turns it into a journey row; throws EventError naming the problem. */
export function toJourneyEvent(
  raw: unknown,
  opts: { type?: SegmentType; workspaceId: string; receivedAt: Date; batchSentAt?: string | null; batchContext?: Record<string, unknown> | null; where: string },
): TrackedEvent {
  const size = Buffer.byteLength(JSON.stringify(raw) ?? '', 'utf8');
  if (size > MAX_EVENT_BYTES) throw new EventError('event_too_large', `${opts.where}: the event is ${size} bytes; the limit is ${MAX_EVENT_BYTES} (32 KB)`);
  const parsed = segmentEventSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new EventError('invalid_event', `${opts.where}${issue.path.length ? '.' + issue.path.join('.') : ''}: ${issue.message}`);
  }
  const e = parsed.data;
  const type = opts.type ?? e.type;
  if (!type) throw new EventError('invalid_event', `${opts.where}.type: required, one of ${SEGMENT_TYPES.join(', ')}`);
  if (!e.userId && !e.anonymousId) throw new EventError('invalid_event', `${opts.where}: an event needs a userId or an anonymousId`);
  if (type === 'track' && !e.event?.trim()) throw new EventError('invalid_event', `${opts.where}.event: a track call needs an event name`);
  if (type === 'alias' && (!e.previousId || !e.userId)) throw new EventError('invalid_event', `${opts.where}: an alias call needs previousId and userId`);
  if (type === 'group' && !e.groupId) throw new EventError('invalid_event', `${opts.where}.groupId: a group call needs a groupId`);

  const at = correctedTimestamp(e, opts.batchSentAt, opts.receivedAt, opts.where);
  // Copied only when something is added: most events keep the objects the parser made.
  const context = opts.batchContext ? { ...opts.batchContext, ...(e.context ?? {}) } : (e.context ?? {});
  const name = type === 'track' ? e.event!.trim() : type === 'page' || type === 'screen' ? (e.name ?? null) : null;
  let properties = e.properties ?? {};
  if (type === 'group') properties = { ...properties, groupId: e.groupId };
  if ((type === 'page' || type === 'screen') && e.category && properties.category == null) properties = { ...properties, category: e.category };
  return {
    workspaceId: opts.workspaceId,
    kind: type,
    name,
    pagePath: type === 'page' ? pagePathOf(e) : null,
    messageId: e.messageId ?? `tp-${crypto.randomUUID()}`,
    userId: e.userId ?? null,
    anonymousId: e.anonymousId ?? null,
    previousId: e.previousId ?? null,
    at,
    receivedAt: opts.receivedAt,
    properties,
    // identify carries traits at the top level; other calls may carry them in context.
    traits: (type === 'identify' ? e.traits : (context.traits as Record<string, unknown> | undefined)) ?? null,
    context: Object.keys(context).length ? context : null,
    source: 'segment',
  };
}
