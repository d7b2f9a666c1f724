import type { Db } from '../platform/db/client.ts';
import { customerIdsWithEmail, customersByIds } from '../customers/store.ts';
import { getSegment, listMembers, membersAmong } from '../segments/store.ts';
import type { Survey } from './store.ts';

// Who a survey may ask: everyone, or the customers of its segment. Membership is
// asked of the segments domain, at the moment of each invitation, so a customer
// added to the segment tomorrow is asked tomorrow.

/** Why this customer is outside the survey's audience, or null when they are in it. */
export async function outsideAudience(db: Db, survey: Survey, customerId: string): Promise<string | null> {
  if (!survey.segmentId) return null;
  const segment = await getSegment(db, survey.workspaceId, survey.segmentId);
  // A deleted segment asks nobody: a survey meant for a few must not start asking everyone.
  if (!segment) return `not in segment ${survey.segmentId} (deleted)`;
  return (await membersAmong(db, segment.id, [customerId])).has(customerId) ? null : `not in segment ${segment.name}`;
}

export interface AudiencePage {
  /** Those of the page with an email address, in id order. */
  customerIds: string[];
  /** Where the next page starts, or null after the last. */
  next: string | null;
}

/**
 * A page of the survey's audience that email reaches, in customer id order: the
 * segment's members when it has one (read from the segment, not by checking every
 * customer), else every customer with an email.
 */
export async function audiencePage(db: Db, survey: Survey, after: string | undefined, limit: number): Promise<AudiencePage> {
  if (!survey.segmentId) {
    const ids = await customerIdsWithEmail(db, survey.workspaceId, after, limit);
    return { customerIds: ids, next: ids.length === limit ? ids.at(-1)! : null };
  }
  const segment = await getSegment(db, survey.workspaceId, survey.segmentId);
  if (!segment) return { customerIds: [], next: null };
  const members = (await listMembers(db, segment, { limit, afterCustomerId: after })).map((m) => m.customerId);
  const reachable = new Set((await customersByIds(db, survey.workspaceId, members)).filter((c) => c.email && !c.mergedIntoId).map((c) => c.id));
  return { customerIds: members.filter((id) => reachable.has(id)), next: members.length === limit ? members.at(-1)! : null };
}
