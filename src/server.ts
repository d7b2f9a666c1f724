import type { FastifyInstance } from 'fastify';
import type { Config } from './platform/config.ts';
import { openDatabase, type Database } from './platform/db/client.ts';
import { buildApp } from './platform/http/app.ts';
import { createJobQueue, type JobQueue } from './platform/jobs/queue.ts';
import { onCustomerMerged } from './customers/merge.ts';
import { customerRoutes } from './customers/routes.ts';
import { ingestRoutes } from './ingest/routes.ts';
import { startJourneyProcessor, type JourneyProcessor } from './journeys/processor.ts';
import { journeyRoutes } from './journeys/routes.ts';
import { reassignJourney } from './journeys/store.ts';
import { touchpointRoutes } from './touchpoints/routes.ts';
import { bootstrap, type FirstAdmin } from './workspaces/bootstrap.ts';
import { actorResolver } from './workspaces/credentials.ts';
import { workspaceRoutes } from './workspaces/routes.ts';

// The composition root: the one place that knows every domain and wires them.

/** Records that point at a customer move with a merge; each domain that keeps such records is listed here. */
export function wireDomains(): void {
  onCustomerMerged(reassignJourney);
}

export interface Touchpoint {
  app: FastifyInstance;
  database: Database;
  jobs: JobQueue;
  processor: JourneyProcessor;
  firstAdmin?: FirstAdmin;
  close(): Promise<void>;
}

export async function createTouchpoint(config: Config, options: { logger?: boolean } = {}): Promise<Touchpoint> {
  wireDomains();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const { db } = database;
    const { firstAdmin } = await bootstrap(db, config.admin);
    const jobs = createJobQueue(db);
    let app: FastifyInstance | undefined;
    const processor = startJourneyProcessor(db, (err) => app?.log.error({ err }, 'journey processor failed'));
    app = await buildApp({
      ctx: { db, config, jobs, resolveActor: actorResolver(db) },
      api: [workspaceRoutes, customerRoutes, journeyRoutes, touchpointRoutes],
      root: [ingestRoutes({ onStored: () => processor.kick() })],
      logger: options.logger,
    });
    return {
      app,
      database,
      jobs,
      processor,
      firstAdmin,
      async close() {
        await app!.close();
        await jobs.stop();
        await processor.stop();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}
