import { z } from 'zod';
import { BACKLOG_COUNT_CAP, type Backlog, type JourneyRow } from './store.ts';

/** Each entry names its kind; other domains add kinds (ticket, message, survey_response, review) without changing this shape. */
export const journeyEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.string(),
  name: z.string().nullable(),
  touchpoint: z.string().nullable(),
  touchpointId: z.string().nullable(),
  stage: z.string().nullable(),
  channel: z.string().nullable(),
  source: z.string(),
  details: z.record(z.string(), z.unknown()),
  ref: z.object({ type: z.string(), id: z.string() }).nullable(),
});

export function presentJourneyEntry(row: JourneyRow, touchpoint: { name: string; stage: string; channel: string } | undefined): z.infer<typeof journeyEntrySchema> {
  return {
    id: row.id,
    at: row.at.toISOString(),
    kind: row.kind,
    name: row.name ?? row.pagePath,
    touchpoint: touchpoint?.name ?? null,
    touchpointId: row.touchpointId,
    stage: touchpoint?.stage ?? null,
    channel: touchpoint?.channel ?? null,
    source: row.source,
    details: row.pagePath && !('path' in row.properties) ? { path: row.pagePath, ...row.properties } : row.properties,
    ref: row.refType && row.refId ? { type: row.refType, id: row.refId } : null,
  };
}

export const backlogSchema = z.object({
  pending: z.number().int().describe(`Events waiting, counted up to ${BACKLOG_COUNT_CAP.toLocaleString('en')}`),
  capped: z.boolean().describe('True when more events than `pending` are waiting'),
  oldestReceivedAt: z.string().datetime().nullable(),
  lagSeconds: z.number().describe('How long the oldest waiting event has waited (0 when none)'),
});

export function presentBacklog(backlog: Backlog, now: Date): z.infer<typeof backlogSchema> {
  const oldest = backlog.oldestReceivedAt;
  return {
    pending: backlog.pending,
    capped: backlog.capped,
    oldestReceivedAt: oldest ? oldest.toISOString() : null,
    lagSeconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0,
  };
}
