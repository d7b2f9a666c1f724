import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DomainRoutes } from '../platform/http/app.ts';
import { can } from '../platform/auth/policies.ts';
import { AppError, forbidden, unauthorized } from '../platform/http/errors.ts';
import { actorOf } from '../platform/http/access.ts';
import { allowAnyOrigin } from '../platform/http/cors.ts';
import { actorFromKey, keyFromAuthorization } from '../workspaces/credentials.ts';
import { appendEvents, type TrackedEvent } from '../journeys/store.ts';
import { acceptTelemetry } from './telemetry.ts';
import { batchSchema, EventError, MAX_BATCH_BYTES, MAX_EVENT_BYTES, SEGMENT_TYPES, toJourneyEvent, type SegmentType } from './segment.ts';

export interface IngestOptions {
  /** Called after events are stored, to start the journey processor. */
  onStored: () => void;
  /** Called as a request comes in, before anything waits for the database: events are on their way. */
  onArriving: () => void;
}

const okSchema = z.object({ success: z.literal(true) });

/**
 * The Segment-compatible tracking API (the visitor side, split from the
 * management API): write key as HTTP Basic user or `writeKey` in the body;
 * answered 200 only once the events are committed.
 */
export function ingestRoutes(options: IngestOptions): DomainRoutes {
  return async (app, { ctx }) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    // Browsers post here from customers' sites: allow any origin (the write key is public by design).
    allowAnyOrigin(app, '/v1/*', 'POST');
    acceptTelemetry(app);

    /** As soon as a request starts (before its body is read), so enrichment yields to it. */
    function announce(_req: FastifyRequest, _reply: FastifyReply, done: () => void): void {
      options.onArriving();
      done();
    }

    /** Runs before body validation, so a caller without a valid key learns nothing else. */
    async function authenticate(req: FastifyRequest): Promise<void> {
      const bodyKey = (req.body as { writeKey?: unknown } | undefined)?.writeKey;
      const key = keyFromAuthorization(req.headers.authorization) ?? (typeof bodyKey === 'string' ? bodyKey : undefined);
      if (!key) throw unauthorized('Send your write key as the HTTP Basic user name (empty password) or as "writeKey" in the body.');
      const actor = await actorFromKey(ctx.db, key);
      if (!actor) throw unauthorized('Unknown or revoked key.');
      if (!can(actor, 'events:write')) throw forbidden();
      req.actor = actor;
    }

    async function store(events: TrackedEvent[], reply: FastifyReply) {
      await appendEvents(ctx.db, events);
      options.onStored();
      return reply.code(200).send({ success: true as const });
    }

    function rejectEvent(err: unknown): never {
      if (err instanceof EventError) throw new AppError(err.code === 'event_too_large' ? 413 : 400, err.code, err.message);
      throw err;
    }

    // analytics.js (analytics-next) posts to short paths: /v1/t, /v1/p, /v1/i … and /v1/b for batches.
    const paths = (type: string) => [`/v1/${type}`, `/v1/${type[0]}`];
    for (const type of SEGMENT_TYPES) for (const url of paths(type)) {
      r.post(
        url,
        {
          bodyLimit: MAX_EVENT_BYTES,
          onRequest: announce,
          preValidation: authenticate,
          schema: {
            tags: ['ingestion'],
            hide: url.length <= 5,
            summary: `Segment-compatible ${type} call`,
            security: [{ writeKey: [] }],
            body: z.record(z.string(), z.unknown()),
            response: { 200: okSchema },
          },
        },
        async (req, reply) => {
          const { workspaceId } = actorOf(req);
          const receivedAt = new Date();
          let event: TrackedEvent;
          try {
            event = toJourneyEvent(req.body, { type: type as SegmentType, workspaceId, receivedAt, where: type });
          } catch (err) {
            rejectEvent(err);
          }
          return store([event], reply);
        },
      );
    }

    for (const url of paths('batch')) r.post(
      url,
      {
        bodyLimit: MAX_BATCH_BYTES,
        onRequest: announce,
        preValidation: authenticate,
        schema: {
          tags: ['ingestion'],
          hide: url === '/v1/b',
          summary: 'Segment-compatible batch: up to 500 KB, each event up to 32 KB; all stored or none',
          security: [{ writeKey: [] }],
          body: batchSchema,
          response: { 200: okSchema },
        },
      },
      async (req, reply) => {
        const { workspaceId } = actorOf(req);
        const receivedAt = new Date();
        const events: TrackedEvent[] = [];
        try {
          for (const [i, raw] of req.body.batch.entries()) {
            events.push(toJourneyEvent(raw, { workspaceId, receivedAt, batchSentAt: req.body.sentAt, batchContext: req.body.context, where: `batch[${i}]` }));
          }
        } catch (err) {
          rejectEvent(err);
        }
        return store(events, reply);
      },
    );
  };
}
