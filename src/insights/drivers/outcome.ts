import { npsCategory } from '../../feedback/questions.ts';

export const DRIVER_METRICS = ['nps', 'csat', 'ces'] as const;
export type DriverMetric = (typeof DRIVER_METRICS)[number];

/**
 * Each answer as its share of the metric the reports show, so that a mean over
 * answers is the metric itself and a difference is in its points: NPS +100 for a
 * promoter, 0 for a passive, −100 for a detractor (the mean is the NPS); CSAT and
 * CES 100 for a favourable answer (top box; agreeing it was easy, in the
 * question's own direction), else 0 (the mean is the % favourable).
 */
export function outcomeOf(metric: DriverMetric, answer: { value: number; favourable: boolean | null }): number {
  if (metric === 'nps') return { promoter: 100, passive: 0, detractor: -100 }[npsCategory(answer.value)];
  return answer.favourable ? 100 : 0;
}
