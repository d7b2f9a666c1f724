import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DomainRoutes } from '../platform/http/app.ts';
import { actorOf } from '../platform/http/access.ts';
import { badRequest, notFound } from '../platform/http/errors.ts';
import { isUuid } from '../platform/http/ids.ts';
import { seal } from '../platform/auth/sealed.ts';
import { compileAllowList, destinationRefusal } from './destination.ts';
import { WEBHOOK_EVENTS } from './publish.ts';
import { newWebhookSecret } from './signature.ts';
import { deleteEndpoint, deliveriesOf, getEndpoint, insertEndpoint, listEndpoints, updateEndpoint, type WebhookDelivery, type WebhookEndpoint } from './store.ts';

const endpointSchema = z.object({ id: z.string(), url: z.string(), events: z.array(z.string()), enabled: z.boolean(), createdAt: z.string() });
const present = (e: WebhookEndpoint): z.infer<typeof endpointSchema> => ({ id: e.id, url: e.url, events: e.events, enabled: e.enabled, createdAt: e.createdAt.toISOString() });

const deliverySchema = z.object({
  id: z.string(),
  type: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number(),
  lastStatusCode: z.number().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});
const presentDelivery = (d: WebhookDelivery): z.infer<typeof deliverySchema> => ({
  id: d.id,
  type: d.type,
  status: d.status,
  attempts: d.attempts,
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  deliveredAt: d.deliveredAt?.toISOString() ?? null,
  createdAt: d.createdAt.toISOString(),
});

const url = z
  .string()
  .url()
  .max(2000)
  .refine((u) => /^https?:\/\//i.test(u), 'an http or https URL');
const events = z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length);

/** Webhook endpoints of a workspace (admins and secret keys). The signing secret is shown once, when created. */
export function webhookRoutes(sealingKey: Buffer): DomainRoutes {
  return async (app, { ctx }) => {
    const { db } = ctx;
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['webhooks'];
    const allow = compileAllowList(ctx.config.webhookAllow);

    /** Internal addresses are refused up front (deliveries check again: DNS answers change). */
    async function checkDestination(url: string | undefined): Promise<void> {
      const refused = url === undefined ? undefined : await destinationRefusal(url, allow);
      if (refused) throw badRequest(`url: ${refused}`, [{ path: '/url', message: refused }]);
    }

    async function load(workspaceId: string, id: string) {
      const endpoint = isUuid(id) ? await getEndpoint(db, workspaceId, id) : undefined;
      if (!endpoint) throw notFound('Webhook');
      return endpoint;
    }

    r.get('/webhooks', { onRequest: ctx.guard('webhooks:manage'), schema: { tags, summary: 'Webhook endpoints', response: { 200: z.object({ data: z.array(endpointSchema) }) } } }, async (req) => ({
      data: (await listEndpoints(db, actorOf(req).workspaceId)).map(present),
    }));

    r.post(
      '/webhooks',
      {
        onRequest: ctx.guard('webhooks:manage'),
        schema: {
          tags,
          summary: 'Add an endpoint; the answer holds its signing secret (Standard Webhooks, whsec_…), shown this once',
          body: z.object({ url, events }).strict(),
          response: { 201: endpointSchema.extend({ secret: z.string() }) },
        },
      },
      async (req, reply) => {
        await checkDestination(req.body.url);
        const secret = newWebhookSecret();
        const endpoint = await insertEndpoint(db, { workspaceId: actorOf(req).workspaceId, url: req.body.url, events: req.body.events, secretSealed: seal(sealingKey, secret) });
        return reply.code(201).send({ ...present(endpoint), secret });
      },
    );

    r.patch(
      '/webhooks/:id',
      { onRequest: ctx.guard('webhooks:manage'), schema: { tags, summary: 'Change an endpoint’s URL, events or switch it off', params: z.object({ id: z.string() }), body: z.object({ url, events, enabled: z.boolean() }).partial().strict(), response: { 200: endpointSchema } } },
      async (req) => {
        const { workspaceId } = actorOf(req);
        const endpoint = await load(workspaceId, req.params.id);
        await checkDestination(req.body.url);
        return present((await updateEndpoint(db, workspaceId, endpoint.id, req.body))!);
      },
    );

    r.delete('/webhooks/:id', { onRequest: ctx.guard('webhooks:manage'), schema: { tags, summary: 'Remove an endpoint and its deliveries', params: z.object({ id: z.string() }) } }, async (req, reply) => {
      const removed = isUuid(req.params.id) && (await deleteEndpoint(db, actorOf(req).workspaceId, req.params.id));
      if (!removed) throw notFound('Webhook');
      return reply.code(204).send();
    });

    r.get(
      '/webhooks/:id/deliveries',
      { onRequest: ctx.guard('webhooks:manage'), schema: { tags, summary: 'The latest 100 deliveries to an endpoint and how each went', params: z.object({ id: z.string() }), response: { 200: z.object({ data: z.array(deliverySchema) }) } } },
      async (req) => {
        const { workspaceId } = actorOf(req);
        const endpoint = await load(workspaceId, req.params.id);
        return { data: (await deliveriesOf(db, workspaceId, endpoint.id)).map(presentDelivery) };
      },
    );
  };
}
