import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DomainRoutes } from '../../platform/http/app.ts';
import { actorOf } from '../../platform/http/access.ts';
import { badRequest, notFound } from '../../platform/http/errors.ts';
import { isUuid } from '../../platform/http/ids.ts';
import { CsvError } from '../../platform/csv.ts';
import { getTicket, type TicketLabel } from '../../service/store.ts';
import { trainingSet, TriageDataError } from './examples.ts';
import { rankerOf, roundConfidence } from './predictor.ts';
import { predictionSchema, presentModel, presentPrediction, presentTraining, stateSchema } from './presenters.ts';
import { collectExamples, MAX_UPLOAD, type ExampleSource } from './sources.ts';
import { deleteTriageModel, getTraining, getTriageModel, predictionOf, predictionsInUse, setThreshold } from './store.ts';
import { INLINE_MAX_WORK } from './train.ts';
import { requestTraining } from './training.ts';

const tags = ['insights'];
const threshold = z.number().min(0).max(1).describe('Apply predictions at least this confident (0-1); 1 records predictions without applying any');

const trainBody = z
  .object({
    target: z.enum(['team', 'field']).default('team').describe('team: predict the team (labels are team names); field: predict the custom field named by `field`'),
    field: z.string().regex(/^[\w.-]{1,64}$/, 'a custom field name: letters, digits, _ . - (at most 64)').optional(),
    source: z.enum(['tickets', 'examples', 'csv']).describe("tickets: this workspace's tickets that have the label (subject + first customer message); examples: `examples`; csv: `csv`"),
    examples: z.array(z.object({ text: z.string().max(100_000), label: z.string().max(200) })).max(MAX_UPLOAD).optional(),
    csv: z.string().max(20_000_000).optional().describe('RFC 4180 CSV text with a header row'),
    textColumn: z.string().min(1).default('text'),
    labelColumn: z.string().min(1).default('label'),
    threshold: threshold.optional().describe('Default: the current model’s, else 0.7'),
  })
  .strict()
  .superRefine((b, issues) => {
    if (b.target === 'field' && !b.field) issues.addIssue({ code: 'custom', path: ['field'], message: 'name the custom field to predict' });
    if (b.source === 'examples' && !b.examples) issues.addIssue({ code: 'custom', path: ['examples'], message: 'required with source "examples"' });
    if (b.source === 'csv' && b.csv === undefined) issues.addIssue({ code: 'custom', path: ['csv'], message: 'required with source "csv"' });
  });

export const triageRoutes: DomainRoutes = async (app, { ctx }) => {
  const { db } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();

  async function stateOf(workspaceId: string): Promise<z.infer<typeof stateSchema>> {
    const model = await getTriageModel(db, workspaceId);
    const training = await getTraining(db, workspaceId);
    return {
      model: model ? presentModel(model, await predictionsInUse(db, workspaceId, model.trainedAt)) : null,
      training: training ? presentTraining(training) : null,
    };
  }

  r.post(
    '/insights/triage/train',
    {
      onRequest: ctx.guard('models:train'),
      bodyLimit: 25 * 1024 * 1024,
      schema: {
        tags,
        summary: "Train the workspace's triage model (replaces the current one): a small set at once (201), a larger one in a background job (202)",
        description: `Trained at once when examples × labels is at most ${INLINE_MAX_WORK.toLocaleString('en')} (500 examples of 12 labels), otherwise in a background job. Labels with fewer than 5 examples are left out (listed in skippedLabels); at least two labels and 20 examples must remain. Uploads: at most ${MAX_UPLOAD.toLocaleString('en')} rows, none with an empty text or label.`,
        body: trainBody,
        response: { 201: stateSchema.extend({ skippedLabels: z.array(z.object({ label: z.string(), examples: z.number() })) }), 202: stateSchema.extend({ skippedLabels: z.array(z.object({ label: z.string(), examples: z.number() })) }) },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const b = req.body;
      const target: TicketLabel = b.target === 'team' ? { kind: 'team' } : { kind: 'field', field: b.field! };
      const source: ExampleSource =
        b.source === 'tickets' ? { kind: 'tickets' } : b.source === 'examples' ? { kind: 'examples', rows: b.examples! } : { kind: 'csv', text: b.csv!, textColumn: b.textColumn, labelColumn: b.labelColumn };
      let set;
      try {
        set = trainingSet(await collectExamples(db, actor.workspaceId, target, source));
      } catch (err) {
        if (err instanceof TriageDataError || err instanceof CsvError) throw badRequest(b.source === 'tickets' ? `From this workspace's tickets: ${err.message}` : err.message);
        throw err;
      }
      const by = actor.kind === 'user' ? { kind: 'user' as const, id: actor.userId } : { kind: 'key' as const, id: actor.keyId };
      const result = await requestTraining(db, ctx.jobs, { workspaceId: actor.workspaceId, target, source: b.source === 'tickets' ? 'tickets' : 'upload', threshold: b.threshold, by }, set);
      const skippedLabels = Object.entries(set.skipped).map(([label, examples]) => ({ label, examples }));
      return reply.code('model' in result ? 201 : 202).send({ ...(await stateOf(actor.workspaceId)), skippedLabels });
    },
  );

  r.get(
    '/insights/triage/model',
    { onRequest: ctx.guard('reports:read'), schema: { tags, summary: "The workspace's triage model (null until trained): accuracy, labels with their examples, threshold, and how it does on tickets", response: { 200: stateSchema } } },
    async (req) => stateOf(actorOf(req).workspaceId),
  );

  r.patch(
    '/insights/triage/model',
    {
      onRequest: ctx.guard('models:train'),
      schema: { tags, summary: 'Set the confidence from which predictions are applied to new tickets', body: z.object({ threshold }).strict(), response: { 200: stateSchema } },
    },
    async (req) => {
      const { workspaceId } = actorOf(req);
      if (!(await setThreshold(db, workspaceId, req.body.threshold))) throw notFound('Triage model');
      return stateOf(workspaceId);
    },
  );

  r.delete(
    '/insights/triage/model',
    { onRequest: ctx.guard('models:train'), schema: { tags, summary: 'Stop triage: forget the model (and a training under way); past predictions stay on their tickets' } },
    async (req, reply) => {
      if (!(await deleteTriageModel(db, actorOf(req).workspaceId))) throw notFound('Triage model');
      return reply.code(204).send();
    },
  );

  r.post(
    '/insights/triage/predict',
    {
      onRequest: ctx.guard('reports:read'),
      schema: {
        tags,
        summary: 'Try the model on a text: the label it predicts, its confidence and the runners-up',
        body: z.object({ text: z.string().max(100_000) }).strict(),
        response: {
          200: z.object({
            label: z.string(),
            confidence: z.number(),
            alternatives: z.array(z.object({ label: z.string(), confidence: z.number() })),
            flags: z.array(z.string()).describe('truncated: read up to 5,000 characters; unrecognised: no word the model knows'),
          }),
        },
      },
    },
    async (req) => {
      const model = await getTriageModel(db, actorOf(req).workspaceId);
      if (!model) throw notFound('Triage model');
      if (req.body.text.trim() === '') throw badRequest('text: write something to classify');
      const p = rankerOf(model)(req.body.text);
      return { label: p.label, confidence: roundConfidence(p.confidence), alternatives: p.alternatives.map((a) => ({ label: a.label, confidence: roundConfidence(a.confidence) })), flags: p.flags };
    },
  );

  r.get(
    '/insights/triage/tickets/:id',
    {
      onRequest: ctx.guard('tickets:read'),
      schema: { tags, summary: "What triage predicted for a ticket from its first message (null when it did not: no model, or not a customer's message)", params: z.object({ id: z.string() }), response: { 200: z.object({ prediction: predictionSchema.nullable() }) } },
    },
    async (req) => {
      const { workspaceId } = actorOf(req);
      if (!isUuid(req.params.id) || !(await getTicket(db, workspaceId, req.params.id))) throw notFound('Ticket');
      const p = await predictionOf(db, workspaceId, req.params.id);
      return { prediction: p ? presentPrediction(p) : null };
    },
  );
};
