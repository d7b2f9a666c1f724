import type { Db } from '../../platform/db/client.ts';

// What the drivers look at, for each survey answer: features of the window before
// the answer (and of the answer's own comment, for themes). Each kind comes from a
// source, so another kind is one more source in sources.ts, without touching the statistics.

export const DRIVER_KINDS = ['touchpoint', 'event', 'service', 'theme'] as const;
export type DriverKind = (typeof DRIVER_KINDS)[number];

/** One survey answer of a known customer. */
export interface Respondent {
  /** For sources that read the answer itself (the themes of its comment). */
  responseId: string;
  customerId: string;
  /** When they answered: features are taken from the window before it. */
  at: Date;
}

/** A yes/no feature of the respondents: who had it. */
export interface DriverFeature {
  /** Stable across requests: `touchpoint:<id>`, `event:<touchpointId>:<name>`, `service:reopened`, `theme:<id>`… */
  key: string;
  kind: DriverKind;
  label: string;
  /** Indices (into the respondents) of those who had it, each once. */
  with: number[];
}

export interface DriverFeatureSource {
  /** The features of these respondents from the `windowDays` before each answer; features nobody had may be left out. */
  features(db: Db, workspaceId: string, respondents: readonly Respondent[], windowDays: number): Promise<DriverFeature[]>;
}

/** Groups (key, respondent index) pairs into features, in first-seen order, each respondent once per feature. */
export function collectFeatures(pairs: Iterable<{ key: string; index: number }>, describe: (key: string) => Pick<DriverFeature, 'kind' | 'label'>): DriverFeature[] {
  const byKey = new Map<string, Set<number>>();
  for (const { key, index } of pairs) {
    const set = byKey.get(key) ?? new Set<number>();
    set.add(index);
    byKey.set(key, set);
  }
  return [...byKey.entries()].map(([key, set]) => ({ key, ...describe(key), with: [...set].sort((a, b) => a - b) }));
}
