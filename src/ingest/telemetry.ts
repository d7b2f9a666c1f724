import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

// analytics.js (analytics-next) reports counters about itself (calls made,
// integrations failed) to POST {apiHost}/m every 30 seconds, without a write key.
// Segment keeps them to watch its library; here they say nothing about customers,
// so they are accepted and dropped: answering 404 made every customer's page log a
// failed request and console errors.

const MAX_TELEMETRY_BYTES = 64 * 1024;

/** One counter, as analytics-next's RemoteMetrics sends it; fields it may add later pass through. */
const counterSchema = z
  .object({
    type: z.string().max(50),
    metric: z.string().max(200),
    value: z.number(),
    tags: z.record(z.string(), z.string().max(2000)).optional(),
  })
  .passthrough();

export function acceptTelemetry(app: FastifyInstance): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/v1/m',
    {
      bodyLimit: MAX_TELEMETRY_BYTES,
      schema: {
        tags: ['ingestion'],
        summary: "analytics.js's own telemetry (counters about the library): accepted and not stored",
        body: z.object({ series: z.array(counterSchema).max(1000) }).passthrough(),
        response: { 200: z.object({ success: z.literal(true) }) },
      },
    },
    async () => ({ success: true as const }),
  );
}
