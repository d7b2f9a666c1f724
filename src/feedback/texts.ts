import type { Db } from '../platform/db/client.ts';
import { commentOf } from './responses.ts';
import { reviewText } from './reviews.ts';
import { responsesWithQuestions, reviewsByIds } from './store.ts';

/**
 * What customers wrote in feedback, by record: survey comments and review texts,
 * as ref id → text (records without words are left out). For insights, which
 * reads texts through this function rather than this domain's tables.
 */
export async function feedbackTexts(db: Db, workspaceId: string, ids: { surveyResponses: string[]; reviews: string[] }): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const r of await responsesWithQuestions(db, workspaceId, ids.surveyResponses)) {
    const comment = commentOf(r, r.answers);
    if (comment) texts.set(r.id, comment);
  }
  for (const r of await reviewsByIds(db, workspaceId, ids.reviews)) {
    const text = reviewText(r);
    if (text) texts.set(r.id, text);
  }
  return texts;
}
