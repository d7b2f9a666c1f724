import type { Db } from '../../platform/db/client.ts';
import type { JobRow } from '../../platform/jobs/queue.ts';
import { getTicket, type Ticket } from '../../service/store.ts';
import { announce, updateTicket, type ServiceDeps, type TicketActor, type TicketPatch } from '../../service/tickets.ts';
import { getTeam, listTeams } from '../../service/routing/store.ts';
import { decide } from './decide.ts';
import { rankerOf, roundConfidence } from './predictor.ts';
import { getTriageModel, markCorrected, predictionOf, savePrediction, type TriageModel } from './store.ts';

/** Who triage's changes are by, in ticket histories. */
export const TRIAGE_ACTOR: TicketActor = { kind: 'system', id: 'triage' };

const currentValue = (ticket: Ticket, model: Pick<TriageModel, 'target' | 'field'>): unknown =>
  model.target === 'team' ? ticket.teamId : ticket.customFields[model.field!];

/** The change that sets the predicted label; null when the predicted team no longer exists. */
async function patchFor(db: Db, ticket: Ticket, model: TriageModel, label: string): Promise<TicketPatch | null> {
  if (model.target === 'field') return { customFields: { [model.field!]: label } };
  const team = (await listTeams(db, ticket.workspaceId)).find((t) => t.name === label);
  return team ? { teamId: team.id } : null;
}

/**
 * The `triage.predict` job: predicts a new ticket's label from its first message
 * and records the prediction; a confident one for a target nobody has set is
 * applied through the service desk's own update, so the history shows it and
 * routing follows a new team.
 */
export function triageRunner(deps: ServiceDeps) {
  return async function triage(job: JobRow, db: Db): Promise<void> {
    const workspaceId = job.workspaceId;
    if (!workspaceId) return;
    const { ticketId, text } = job.payload as { ticketId: string; text: string };
    const model = await getTriageModel(db, workspaceId);
    if (!model) return; // deleted since the ticket came in
    const p = rankerOf(model)(text);
    if (!p.label) return;
    const changed = await db.transaction(async (tx) => {
      const ticket = await getTicket(tx, workspaceId, ticketId, true);
      if (!ticket || (await predictionOf(tx, workspaceId, ticketId))) return undefined;
      const decision = decide(p.confidence, model.threshold, currentValue(ticket, model));
      const patch = decision.apply ? await patchFor(tx, ticket, model, p.label) : null;
      const updated = patch ? await updateTicket(tx, deps, workspaceId, ticketId, patch, TRIAGE_ACTOR) : undefined;
      await savePrediction(tx, {
        workspaceId,
        ticketId,
        target: model.target,
        field: model.field,
        label: p.label,
        confidence: roundConfidence(p.confidence),
        alternatives: p.alternatives.map((a) => ({ label: a.label, confidence: roundConfidence(a.confidence) })),
        applied: Boolean(updated),
        reason: decision.apply ? (updated ? null : 'unknown_team') : decision.reason,
        modelTrainedAt: model.trainedAt,
      });
      return updated;
    });
    if (changed) announce(deps, changed, 'ticket.updated');
  };
}

/**
 * Told of every ticket update: a person (not routing, an automation or triage
 * itself) changing the value triage applied is a correction, counted once.
 */
export async function noteCorrection(db: Db, before: Ticket, after: Ticket, actor: TicketActor): Promise<void> {
  if (actor.kind === 'system') return;
  const teamChanged = before.teamId !== after.teamId;
  if (!teamChanged && JSON.stringify(before.customFields) === JSON.stringify(after.customFields)) return;
  const p = await predictionOf(db, after.workspaceId, after.id);
  if (!p?.applied || p.correctedAt) return;
  const was = currentValue(before, p);
  const now = currentValue(after, p);
  if (was === now) return;
  const to = now === null || now === undefined ? null : p.target === 'team' ? ((await getTeam(db, after.workspaceId, String(now)))?.name ?? String(now)) : String(now);
  await markCorrected(db, after.workspaceId, after.id, to);
}
