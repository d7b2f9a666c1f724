import { z } from 'zod';
import type { InUse, TriageModel, TriagePrediction, TriageTraining } from './store.ts';

const scored = z.object({ label: z.string(), confidence: z.number() });

export const modelSchema = z.object({
  target: z.enum(['team', 'field']).describe('team: predicts the team (label = team name); field: a custom field (label = its value)'),
  field: z.string().nullable(),
  labels: z.array(z.object({ label: z.string(), examples: z.number() })),
  examples: z.number(),
  source: z.enum(['tickets', 'upload']),
  folds: z.number(),
  accuracy: z.number().describe('Stratified cross-validated accuracy on the training examples (0-1)'),
  balancedAccuracy: z.number().nullable().describe('Cross-validated mean recall per label: the accuracy if every label were equally common (null for models trained before it was kept)'),
  macroF1: z.number(),
  threshold: z.number().describe('Predictions at least this confident are applied to new tickets'),
  trainedAt: z.string(),
  trainedBy: z.object({ kind: z.enum(['user', 'key']), id: z.string() }),
  inUse: z
    .object({ predicted: z.number(), applied: z.number(), corrected: z.number() })
    .describe("This model's predictions on new tickets: made, applied, and applied but then changed by a person"),
});

export const trainingSchema = z.object({
  state: z.enum(['queued', 'failed']),
  examples: z.number(),
  requestedAt: z.string(),
  message: z.string().nullable(),
});

export const stateSchema = z.object({
  model: modelSchema.nullable(),
  training: trainingSchema.nullable().describe('A large training running as a background job, or why it failed'),
});

export const predictionSchema = z.object({
  target: z.enum(['team', 'field']),
  field: z.string().nullable(),
  label: z.string(),
  confidence: z.number(),
  alternatives: z.array(scored),
  applied: z.boolean(),
  reason: z.string().nullable().describe('Why it was not applied: below_threshold, already_set, unknown_team'),
  at: z.string(),
  corrected: z.object({ to: z.string().nullable(), at: z.string() }).nullable().describe('A person changed the applied value afterwards'),
});

export function presentModel(m: TriageModel, inUse: InUse): z.infer<typeof modelSchema> {
  return {
    target: m.target,
    field: m.field,
    labels: Object.entries(m.labelCounts).map(([label, examples]) => ({ label, examples })),
    examples: m.examples,
    source: m.source,
    folds: m.folds,
    accuracy: m.accuracy,
    balancedAccuracy: m.balancedAccuracy,
    macroF1: m.macroF1,
    threshold: m.threshold,
    trainedAt: m.trainedAt.toISOString(),
    trainedBy: { kind: m.trainedByKind, id: m.trainedById },
    inUse,
  };
}

export function presentTraining(t: TriageTraining): z.infer<typeof trainingSchema> {
  return { state: t.failedAt ? 'failed' : 'queued', examples: t.examples, requestedAt: t.requestedAt.toISOString(), message: t.message };
}

export function presentPrediction(p: TriagePrediction): z.infer<typeof predictionSchema> {
  return {
    target: p.target,
    field: p.field,
    label: p.label,
    confidence: p.confidence,
    alternatives: p.alternatives,
    applied: p.applied,
    reason: p.reason,
    at: p.at.toISOString(),
    corrected: p.correctedAt ? { to: p.correctedTo, at: p.correctedAt.toISOString() } : null,
  };
}
