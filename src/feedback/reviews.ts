import crypto from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../platform/db/client.ts';
import { clipText } from '../platform/text.ts';
import { instant, WINDOWS } from '../platform/http/dates.ts';
import { findByIdentity, type Customer } from '../customers/store.ts';
import { recordJourneyEntry } from '../journeys/store.ts';
import { requestSentiment } from '../insights/sentiment-jobs.ts';
import { findTouchpointByName } from '../touchpoints/store.ts';
import type { ServiceDeps } from '../service/tickets.ts';
import type { Ticket } from '../service/store.ts';
import { mentionsAny, openFollowUp } from './loop.ts';
import type { LoopCondition } from './schema.ts';
import { insertReview, listRules, updateReview, type FeedbackRule, type Review } from './store.ts';

// Online reviews and social posts: imported (API, CLI) rather than asked for. A
// review by a known customer is on their journey; its text is read for sentiment;
// a low one can open a follow-up ticket like a detractor's answer.

export const reviewInput = z
  .object({
    kind: z.enum(['review', 'social']).default('review'),
    source: z.string().trim().toLowerCase().min(1).max(60).describe('google, trustpilot, app-store, x, instagram…'),
    externalId: z.string().trim().min(1).max(300).optional().describe('The platform’s id: an import run twice stores a review once'),
    rating: z.number().int().min(1).max(10).nullable().optional(),
    scale: z.number().int().min(2).max(10).default(5),
    title: z.string().max(500).nullable().optional(),
    text: z.string().max(20_000).nullable().optional(),
    author: z.string().max(300).nullable().optional(),
    url: z.string().url().max(2000).nullable().optional(),
    postedAt: instant(WINDOWS.happened),
    customer: z.object({ email: z.string().email().optional(), userId: z.string().min(1).max(200).optional() }).strict().optional(),
  })
  .strict()
  .refine((r) => r.rating != null || (r.text ?? '').trim() !== '', 'a review needs a rating or a text')
  .refine((r) => r.rating == null || r.rating <= r.scale, 'rating: above the scale');
export type ReviewInput = z.infer<typeof reviewInput>;

export interface ReviewImportSummary {
  read: number;
  stored: number;
  /** Already imported (same source and id). */
  duplicates: number;
  rejected: number;
  /** Reviews by customers we know, now on their journeys. */
  onJourneys: number;
  followUps: number;
  errors: { item: number; reason: string }[];
}

/** Stars on a 5-point scale, for rules and reports that compare sources with different scales. */
/** What a review says in words: its title and text. */
export const reviewText = (r: Pick<Review, 'title' | 'body'>) => [r.title, r.body].filter(Boolean).join('\n\n');

export const starsOf = (rating: number | null, scale: number) => (rating == null ? null : Math.round((1 + ((rating - 1) * 4) / (scale - 1)) * 10) / 10);

/** Whether a review matches a closed-loop rule: its stars (on 5) in range, or any of the words in its text. */
export function reviewMatches(condition: LoopCondition, stars: number | null, text: string): boolean {
  if (condition.kind !== 'review') return false;
  const ranged = condition.min !== undefined || condition.max !== undefined;
  if (ranged && stars !== null && stars >= (condition.min ?? -Infinity) && stars <= (condition.max ?? Infinity)) return true;
  return mentionsAny(text, condition.words ?? []);
}

async function knownCustomer(db: Db, workspaceId: string, who: ReviewInput['customer']): Promise<Customer | undefined> {
  if (who?.userId) {
    const found = await findByIdentity(db, workspaceId, { kind: 'user_id', value: who.userId });
    if (found) return found;
  }
  return who?.email ? findByIdentity(db, workspaceId, { kind: 'email', value: who.email }) : undefined;
}

/**
 * Stores reviews in one transaction per call: each valid item once (by source and
 * id), the invalid ones listed by position with their reason. Returns the summary
 * and the follow-up tickets opened, for the caller to announce once committed.
 */
export async function importReviews(db: Db, deps: ServiceDeps, workspaceId: string, items: unknown[]): Promise<{ summary: ReviewImportSummary; tickets: Ticket[] }> {
  const summary: ReviewImportSummary = { read: items.length, stored: 0, duplicates: 0, rejected: 0, onJourneys: 0, followUps: 0, errors: [] };
  const tickets: Ticket[] = [];
  const touchpointId = (await findTouchpointByName(db, workspaceId, 'Review'))?.id ?? null;
  const rules: FeedbackRule[] = (await listRules(db, workspaceId)).filter((r) => r.enabled && r.condition.kind === 'review');
  for (const [i, raw] of items.entries()) {
    const parsed = reviewInput.safeParse(raw);
    if (!parsed.success) {
      summary.rejected++;
      summary.errors.push({ item: i, reason: parsed.error.issues.map((x) => `${x.path.join('.') || 'review'}: ${x.message}`).join('; ') });
      continue;
    }
    const r = parsed.data;
    const text = reviewText({ title: r.title ?? null, body: r.text ?? null });
    const externalId = r.externalId ?? `derived-${crypto.createHash('sha256').update(JSON.stringify([r.source, r.author ?? '', r.postedAt, text])).digest('hex').slice(0, 32)}`;
    const customer = await knownCustomer(db, workspaceId, r.customer);
    const postedAt = new Date(r.postedAt);
    const review = await insertReview(db, {
      workspaceId,
      kind: r.kind,
      source: r.source,
      externalId,
      rating: r.rating ?? null,
      scale: r.scale,
      title: r.title ?? null,
      body: r.text ?? null,
      author: r.author ?? null,
      url: r.url ?? null,
      postedAt,
      customerId: customer?.id ?? null,
    });
    if (!review) {
      summary.duplicates++;
      continue;
    }
    summary.stored++;
    const stars = starsOf(review.rating, review.scale);
    if (customer) {
      summary.onJourneys++;
      await recordJourneyEntry(db, {
        workspaceId,
        customerId: customer.id,
        kind: r.kind,
        name: r.kind === 'review' ? `${stars === null ? 'Review' : `${stars}★ review`} on ${r.source}` : `Post on ${r.source}`,
        at: postedAt,
        touchpointId: r.kind === 'review' ? touchpointId : null,
        properties: { source: r.source, ...(stars === null ? {} : { stars }), ...(text ? { excerpt: clipText(text, 280) } : {}), ...(r.url ? { url: r.url } : {}) },
        source: 'feedback',
        ref: { type: 'review', id: review.id },
      });
      const rule = rules.find((x) => reviewMatches(x.condition, stars, text));
      if (rule) {
        const ticket = await openFollowUp(db, deps, rule, {
          customer,
          subject: `Follow up: ${stars === null ? 'a post' : `${stars}★ review`} on ${r.source} from ${customer.name ?? customer.email ?? r.author ?? 'a customer'}`,
          body: [`${r.kind === 'review' ? 'Review' : 'Post'} on ${r.source}${stars === null ? '' : `, ${stars} of 5 stars`}, ${postedAt.toISOString().slice(0, 10)} (rule “${rule.name}”).`, ...(r.url ? [r.url] : []), '', text].join('\n'),
          link: { reviewId: review.id },
        });
        await updateReview(db, review.id, { followUpTicketId: ticket.id });
        tickets.push(ticket);
        summary.followUps++;
      }
    }
    if (text) await requestSentiment(db, deps.jobs, { workspaceId, ref: { type: 'review', id: review.id }, customerId: customer?.id ?? null, source: r.source, text, at: postedAt });
  }
  return { summary, tickets };
}
