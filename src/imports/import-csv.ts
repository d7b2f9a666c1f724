import type { Db } from '../platform/db/client.ts';
import { readCsv } from '../platform/csv.ts';
import { appendEvents, type TrackedEvent } from '../journeys/store.ts';
import { processPendingEvents } from '../journeys/processor.ts';
import { toJourneyEvent } from '../ingest/segment.ts';
import { customerRowToCall, eventRowToCall, type RowCall } from './rows.ts';

export interface ImportSummary {
  file: string;
  kind: 'customers' | 'events';
  read: number;
  stored: number;
  /** Rows already imported by an earlier run (same content or message id). */
  skipped: number;
  rejected: number;
  errors: { line: number; reason: string }[];
}

const MAX_LISTED_ERRORS = 1000;
const CHUNK = 500;

/**
 * Imports a CSV through the same validation and storage as the tracking API, in
 * chunks of 500 rows, then resolves the new events into journeys. A bad row is
 * rejected with its line number and reason; the good rows are stored.
 */
export async function importCsv(
  db: Db,
  workspaceId: string,
  kind: 'customers' | 'events',
  file: string,
  onProgress: (bytes: number) => void = () => {},
): Promise<ImportSummary> {
  const summary: ImportSummary = { file, kind, read: 0, stored: 0, skipped: 0, rejected: 0, errors: [] };
  const toCall: (v: Record<string, string>) => RowCall = kind === 'customers' ? customerRowToCall : eventRowToCall;
  let chunk: TrackedEvent[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    const stored = await appendEvents(db, chunk);
    summary.stored += stored;
    summary.skipped += chunk.length - stored;
    chunk = [];
  };
  const receivedAt = new Date();
  for await (const row of readCsv(file)) {
    summary.read++;
    try {
      const call = toCall(row.values);
      chunk.push({ ...toJourneyEvent(call.body, { type: call.type, workspaceId, receivedAt, where: `line ${row.line}` }), source: 'import' });
    } catch (err) {
      summary.rejected++;
      if (summary.errors.length < MAX_LISTED_ERRORS) summary.errors.push({ line: row.line, reason: (err as Error).message.replace(/^line \d+[:.]?\s*/, '') });
    }
    if (chunk.length >= CHUNK) await flush();
    if (row.bytes !== undefined) onProgress(row.bytes);
  }
  await flush();
  while ((await processPendingEvents(db)) > 0) {
    // resolve identities and touchpoints of everything just stored
  }
  return summary;
}
