import type { Db } from '../../platform/db/client.ts';
import { scoredResponses } from '../../feedback/store.ts';
import { analyseDrivers, type DriverAnalysis } from './analysis.ts';
import type { DriverFeatureSource, Respondent } from './features.ts';
import { outcomeOf, type DriverMetric } from './outcome.ts';
import { DRIVER_SOURCES } from './sources.ts';

export interface DriverQuery {
  metric: DriverMetric;
  from: Date;
  to: Date;
  surveyId?: string;
  /** Features are taken from this many days before each answer. */
  windowDays: number;
}

export interface DriverReport extends DriverAnalysis {
  /** Answers without a known customer: they have no journey to look at, so they are left out. */
  anonymous: number;
}

/**
 * The drivers of a metric over the answers of a period, computed on request from
 * the answers, journeys and tickets (nothing is stored); null when no known
 * customer answered.
 */
export async function driversReport(db: Db, workspaceId: string, q: DriverQuery, sources: readonly DriverFeatureSource[] = DRIVER_SOURCES): Promise<DriverReport | null> {
  const answers = await scoredResponses(db, workspaceId, { kind: q.metric, from: q.from, to: q.to, surveyId: q.surveyId });
  const known = answers.flatMap((a) => (a.customerId === null ? [] : [{ ...a, customerId: a.customerId }]));
  if (known.length === 0) return null;
  const respondents: Respondent[] = known.map((a) => ({ responseId: a.responseId, customerId: a.customerId, at: a.at }));
  const features = (await Promise.all(sources.map((s) => s.features(db, workspaceId, respondents, q.windowDays)))).flat();
  return { anonymous: answers.length - known.length, ...analyseDrivers(known.map((a) => outcomeOf(q.metric, a)), features) };
}
