import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db/client.ts';
import { createJobQueue } from '../platform/jobs/queue.ts';
import { createHub } from '../platform/realtime/hub.ts';
import { mailDomainOf } from './routes.ts';
import type { ServiceDeps } from './tickets.ts';

/**
 * What a CLI command that writes tickets (an import, the demo) needs of the service
 * desk without a running server: jobs go to the durable queue for the server to run
 * later, and no agent is listening live.
 */
export function offlineServiceDeps(db: Db, config: Config): ServiceDeps {
  return { jobs: createJobQueue(db), hub: createHub(), mailDomain: mailDomainOf(config.mail.from), timeZone: config.timeZone };
}
