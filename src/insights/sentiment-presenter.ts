import { z } from 'zod';
import type { TextSentiment } from './store.ts';

/** How every domain shows a customer text's sentiment: the same field on messages, answers and reviews. */
export const sentimentSchema = z.object({ label: z.enum(['negative', 'neutral', 'positive']), score: z.number() });

export const presentSentiment = (s: Pick<TextSentiment, 'sentiment' | 'score'> | undefined): z.infer<typeof sentimentSchema> | null =>
  s ? { label: s.sentiment, score: s.score } : null;
