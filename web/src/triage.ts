// The workspace's triage model and its predictions, as the API gives them
// (see src/insights/triage/presenters.ts): trained and applied by the server.

export type TriageTarget = 'team' | 'field';

export interface TriageModel {
  target: TriageTarget;
  field: string | null;
  labels: { label: string; examples: number }[];
  examples: number;
  source: 'tickets' | 'upload';
  folds: number;
  accuracy: number;
  /** Mean recall per label; null for models trained before it was kept. */
  balancedAccuracy: number | null;
  macroF1: number;
  threshold: number;
  trainedAt: string;
  trainedBy: { kind: 'user' | 'key'; id: string };
  inUse: { predicted: number; applied: number; corrected: number };
}

export interface TriageState {
  model: TriageModel | null;
  training: { state: 'queued' | 'failed'; examples: number; requestedAt: string; message: string | null } | null;
}

export interface TriagePrediction {
  target: TriageTarget;
  field: string | null;
  label: string;
  confidence: number;
  alternatives: { label: string; confidence: number }[];
  applied: boolean;
  reason: string | null;
  at: string;
  corrected: { to: string | null; at: string } | null;
}

export interface TriageTry {
  label: string;
  confidence: number;
  alternatives: { label: string; confidence: number }[];
  flags: string[];
}

/** Why a prediction did not change the ticket, in words. */
export const TRIAGE_REASONS: Record<string, string> = {
  below_threshold: 'below the threshold, so left for an agent',
  already_set: 'already set when it came in, so kept',
  unknown_team: 'no team has that name any more',
};

/** "team" or the custom field's name. */
export const targetName = (p: { target: TriageTarget; field: string | null }) => (p.target === 'team' ? 'team' : (p.field ?? 'field'));
