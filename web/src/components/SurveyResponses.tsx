import { Link } from 'wouter';
import { api, query } from '../api';
import { formatDateTime, formatRelative } from '../format';
import { KIND_LABELS, questionText, scoreTone, type Survey } from '../feedback';
import type { Page, Sentiment } from '../types';
import { useAsync } from '../useAsync';
import { EmptyState, ErrorMessage, Loading } from './Feedback';
import { SentimentBadge } from './SentimentBadge';

interface SurveyResponse {
  id: string;
  customerId: string | null;
  channel: string;
  answers: Record<string, number | string | string[]>;
  completed: boolean;
  submittedAt: string;
  followUpTicketId: string | null;
  /** The comment's sentiment, once the server has read it. */
  sentiment: Sentiment | null;
}

/** The latest answers to a survey, as people read them: the score, what they wrote, who, and the follow-up. */
export function SurveyResponses({ survey }: { survey: Survey }) {
  const responses = useAsync(() => api.get<Page<SurveyResponse>>(`/responses${query({ surveyId: survey.id, limit: 20 })}`), [survey.id]);
  const scored = survey.questions.find((q) => q.type in KIND_LABELS);
  const texts = survey.questions.filter((q) => q.type === 'text');
  const rows = responses.data?.data ?? [];

  return (
    <div className="survey-responses">
      <ErrorMessage message={responses.error} onRetry={responses.reload} />
      {responses.loading && !responses.data ? (
        <Loading />
      ) : rows.length === 0 ? (
        <EmptyState title="No answers yet" />
      ) : (
        <ul aria-label={`Latest answers to ${survey.name}`}>
          {rows.map((r) => {
            const score = scored ? r.answers[scored.id] : undefined;
            const said = texts.map((q) => r.answers[q.id]).filter((t): t is string => typeof t === 'string' && t !== '');
            return (
              <li key={r.id} className="survey-response">
                {scored && typeof score === 'number' ? (
                  <span className={`score-chip ${scoreTone(scored.type, score)}`}>
                    {KIND_LABELS[scored.type]} {score}
                  </span>
                ) : (
                  <span className="score-chip">{questionText(survey.questions[0]!.text).slice(0, 12)}…</span>
                )}
                <span className="survey-response-text">
                  {said.length ? said.join(' · ') : <span className="muted">No comment</span>} <SentimentBadge sentiment={r.sentiment} />
                </span>
                <span className="muted small" title={formatDateTime(r.submittedAt)}>
                  {r.customerId ? <Link href={`/customers/${r.customerId}`}>Customer</Link> : 'Anonymous'} · {r.channel} · {formatRelative(r.submittedAt, 'short')}
                  {!r.completed && ' · partial'}
                  {r.followUpTicketId && (
                    <>
                      {' · '}
                      <Link href={`/tickets/${r.followUpTicketId}`}>Follow-up ticket</Link>
                    </>
                  )}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
