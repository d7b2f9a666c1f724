import type { Db } from '../../platform/db/client.ts';
import { feedbackTexts } from '../../feedback/texts.ts';
import { openingCustomerTexts } from '../../service/store.ts';

/** The kinds of customer text themes are found in: what opened a ticket, survey comments, reviews. */
export const THEME_REF_TYPES = ['ticket_message', 'survey_response', 'review'] as const;
export type TextRef = { type: string; id: string };
export const refKey = (r: TextRef) => `${r.type}:${r.id}`;

const CHUNK = 1000;

/**
 * The texts of these records, asked of the domains that keep them, by refKey. A
 * ticket message counts only when it opened its ticket (replies in a thread repeat
 * its theme); a record without words, or gone, is left out.
 */
export async function customerTexts(db: Db, workspaceId: string, refs: readonly TextRef[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < refs.length; i += CHUNK) {
    const chunk = refs.slice(i, i + CHUNK);
    const ids = (type: string) => chunk.filter((r) => r.type === type).map((r) => r.id);
    for (const [id, text] of await openingCustomerTexts(db, workspaceId, ids('ticket_message'))) out.set(refKey({ type: 'ticket_message', id }), text);
    const feedback = await feedbackTexts(db, workspaceId, { surveyResponses: ids('survey_response'), reviews: ids('review') });
    for (const r of chunk) if (r.type !== 'ticket_message' && feedback.has(r.id)) out.set(refKey(r), feedback.get(r.id)!);
  }
  return out;
}
