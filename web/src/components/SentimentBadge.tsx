import type { Sentiment } from '../types';

/** How the customer felt in what they wrote; neutral says nothing worth a badge. */
export function SentimentBadge({ sentiment }: { sentiment: Sentiment | null | undefined }) {
  if (!sentiment || sentiment.label === 'neutral') return null;
  return (
    <span className={`badge sentiment-${sentiment.label}`} title={`Sentiment score ${sentiment.score.toFixed(2)} (from −1 to 1)`}>
      {sentiment.label}
    </span>
  );
}

/** A journey entry keeps the reading in its details (`sentiment`, `sentimentScore`), added when the job has read the text. */
export function sentimentOfDetails(details: Record<string, unknown>): Sentiment | null {
  const { sentiment: label, sentimentScore: score } = details;
  if ((label === 'negative' || label === 'neutral' || label === 'positive') && typeof score === 'number') return { label, score };
  return null;
}
