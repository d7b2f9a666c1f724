import type { Db } from '../../platform/db/client.ts';
import type { JobQueue, JobRow } from '../../platform/jobs/queue.ts';
import { ThreadError } from '../../platform/threads/run.ts';
import type { TicketLabel } from '../../service/store.ts';
import { trainingSet, TriageDataError, type TrainingSet } from './examples.ts';
import { failTraining, getTraining, queueTraining, saveTriageModel, type TriageModel, type TriageTraining } from './store.ts';
import { trainsInline, trainTriageInThread } from './train.ts';

export const TRAIN_JOB = 'triage.train';

export interface TrainRequest {
  workspaceId: string;
  target: TicketLabel;
  source: 'tickets' | 'upload';
  /** Kept from the current model when not given. */
  threshold?: number;
  by: { kind: 'user' | 'key'; id: string };
}

/** Trains now when the set is small; otherwise queues a durable job that holds the examples. */
export async function requestTraining(db: Db, jobs: JobQueue, req: TrainRequest, set: TrainingSet): Promise<{ model: TriageModel } | { training: TriageTraining }> {
  if (trainsInline(set)) return { model: await trainAndSave(db, req, set) };
  return db.transaction(async (tx) => {
    const training = await queueTraining(tx, req.workspaceId, set.texts.length);
    const payload = { request: { ...req }, requestedAt: training.requestedAt.toISOString(), texts: set.texts, labels: set.labels };
    await jobs.enqueue({ kind: TRAIN_JOB, workspaceId: req.workspaceId, payload, maxAttempts: 2 }, tx);
    return { training };
  });
}

async function trainAndSave(db: Db, req: TrainRequest, set: TrainingSet): Promise<TriageModel> {
  const trained = await trainTriageInThread(set);
  return saveTriageModel(db, {
    workspaceId: req.workspaceId,
    target: req.target.kind,
    field: req.target.kind === 'field' ? req.target.field : null,
    model: trained.model,
    labelCounts: set.counts,
    examples: set.texts.length,
    source: req.source,
    folds: trained.folds,
    accuracy: trained.accuracy,
    balancedAccuracy: trained.balancedAccuracy,
    macroF1: trained.macroF1,
    threshold: req.threshold,
    trainedAt: new Date(),
    trainedByKind: req.by.kind,
    trainedById: req.by.id,
  });
}

/**
 * The `triage.train` job: a large training. Data it cannot train on, and a fit that
 * fails (the same data would fail again), are reported on the training, not retried;
 * a server that stops mid-training leaves the job to be run again after its lease.
 */
export function triageTrainer() {
  return async function train(job: JobRow, db: Db): Promise<void> {
    if (!job.workspaceId) return;
    const { request, requestedAt, texts, labels } = job.payload as { request: TrainRequest; requestedAt: string; texts: string[]; labels: string[] };
    // A later training, or deleting the model, has replaced this request.
    if ((await getTraining(db, job.workspaceId))?.requestedAt.getTime() !== Date.parse(requestedAt)) return;
    try {
      await trainAndSave(db, request, trainingSet(texts.map((text, i) => ({ text, label: labels[i]! }))));
    } catch (err) {
      if (err instanceof TriageDataError) await failTraining(db, job.workspaceId, err.message);
      else if (err instanceof ThreadError) await failTraining(db, job.workspaceId, `Training failed: ${err.message}`);
      else throw err;
    }
  };
}
