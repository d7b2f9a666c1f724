import type { Db } from '../platform/db/client.ts';
import type { JobQueue, JobRow } from '../platform/jobs/queue.ts';
import { annotateJourneyEntry } from '../journeys/store.ts';
import { createSentimentScorer } from './text/sentiment.ts';
import { saveSentiment } from './store.ts';

// Sentiment of every customer text, on arrival: the domain that stores a text asks
// for a reading in its own transaction (so none is lost), and a durable job scores
// it, stores it and adds it to the text's journey entry.

export const SENTIMENT_JOB = 'text.sentiment';
/** The scorer reads no further (it flags longer texts as truncated). */
const MAX_CHARS = 5000;

export interface TextToRead {
  workspaceId: string;
  ref: { type: string; id: string };
  customerId: string | null;
  /** Where the text came from: a ticket's channel, a survey, a review site. */
  source: string;
  text: string;
  at: Date;
}

export async function requestSentiment(db: Db, jobs: JobQueue, t: TextToRead): Promise<void> {
  await jobs.enqueue(
    {
      kind: SENTIMENT_JOB,
      workspaceId: t.workspaceId,
      payload: { refType: t.ref.type, refId: t.ref.id, customerId: t.customerId, source: t.source, text: t.text.slice(0, MAX_CHARS + 1), at: t.at.toISOString() },
      dedupeKey: `sentiment:${t.ref.type}:${t.ref.id}`,
    },
    db,
  );
}

export function sentimentReader() {
  const score = createSentimentScorer();
  return async function readSentiment(job: JobRow, db: Db): Promise<void> {
    if (!job.workspaceId) return;
    const p = job.payload as { refType: string; refId: string; customerId: string | null; source: string; text: string; at: string };
    const result = score(p.text);
    const rounded = Math.round(result.score * 1000) / 1000;
    await db.transaction(async (tx) => {
      const entry = await annotateJourneyEntry(tx, job.workspaceId!, { type: p.refType, id: p.refId }, { sentiment: result.sentiment, sentimentScore: rounded });
      await saveSentiment(tx, {
        workspaceId: job.workspaceId!,
        refType: p.refType,
        refId: p.refId,
        customerId: entry?.customerId ?? p.customerId,
        touchpointId: entry?.touchpointId ?? null,
        source: p.source,
        sentiment: result.sentiment,
        score: rounded,
        confidence: Math.round(result.confidence * 1000) / 1000,
        flags: result.flags,
        at: new Date(p.at),
      });
    });
  };
}
