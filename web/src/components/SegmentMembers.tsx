import { Link } from 'wouter';
import { api, query } from '../api';
import { customerTitle } from '../customer';
import { formatDateTime, formatRelative } from '../format';
import type { Segment } from '../outreach';
import type { Page } from '../types';
import { useAsync } from '../useAsync';
import { ErrorMessage, Loading } from './Feedback';

interface Member {
  customer: { id: string; name: string | null; email: string | null };
  addedBy: string;
  addedAt: string;
}

const MEMBERS_SHOWN = 50;

/** Who added a customer, in words: a rule, a person or the API (the API's addedBy is "outreach-rule:…", "user:…" or "api"). */
const addedByWords = (by: string) => (by.startsWith('outreach-rule:') ? 'by a rule' : by.startsWith('user:') ? 'by hand' : 'by the API');

/** A segment's members (the first page), each linked to their customer page, with how they came in. */
export function SegmentMembers({ segment }: { segment: Segment }) {
  const members = useAsync(() => api.get<Page<Member>>(`/segments/${segment.id}/members${query({ limit: MEMBERS_SHOWN })}`), [segment.id]);
  return (
    <div className="survey-responses">
      <ErrorMessage message={members.error} onRetry={members.reload} />
      {members.loading && !members.data ? (
        <Loading />
      ) : members.data?.data.length === 0 ? (
        <p className="muted small">Nobody in this segment yet.</p>
      ) : (
        <ul aria-label={`Members of ${segment.name}`}>
          {(members.data?.data ?? []).map((m) => (
            <li key={m.customer.id} className="segment-member">
              <Link href={`/customers/${m.customer.id}`}>{customerTitle(m.customer)}</Link>
              <span className="muted small" title={formatDateTime(m.addedAt)}>
                added {addedByWords(m.addedBy)} {formatRelative(m.addedAt, 'short')}
              </span>
            </li>
          ))}
        </ul>
      )}
      {members.data?.nextCursor && <p className="muted small">Showing the first {MEMBERS_SHOWN}.</p>}
    </div>
  );
}
