import type { FastifyInstance } from 'fastify';
import type { Config } from './platform/config.ts';
import { openDatabase, type Database, type Db } from './platform/db/client.ts';
import { startStatisticsRefresh } from './platform/db/statistics.ts';
import { buildApp } from './platform/http/app.ts';
import { createJobQueue, type JobQueue } from './platform/jobs/queue.ts';
import { createHub, type Hub } from './platform/realtime/hub.ts';
import { liveRoutes } from './platform/realtime/routes.ts';
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
import { peopleRoutes } from './workspaces/people-routes.ts';
import { LOCKOUT_NOTICE_JOB, lockoutNotifier } from './workspaces/lockout-notice.ts';
import { listWorkspaceIds } from './workspaces/store.ts';
import { mailDomainOf, serviceRoutes } from './service/routes.ts';
import type { ServiceDeps } from './service/tickets.ts';
import { reassignTickets } from './service/store.ts';
import { serviceReportRoutes } from './service/report-routes.ts';
import { ticketImportRoutes } from './service/import-routes.ts';
import { slaPolicyRoutes } from './service/sla/routes.ts';
import { slaChecker } from './service/sla/escalation.ts';
import { ensureFacts, FACTS_JOB, factsFiller } from './service/facts.ts';
import { routingAssigner } from './service/routing/assign.ts';
import { ROUTING_JOB } from './service/routing/request.ts';
import { routingRoutes } from './service/routing/routes.ts';
import { automationRoutes } from './service/automation/routes.ts';
import { recoveryRoutes } from './service/recovery/routes.ts';
import { ticketExportRoutes } from './service/export-routes.ts';
import { insightRoutes } from './insights/routes.ts';
import { driverRoutes } from './insights/drivers/routes.ts';
import { SENTIMENT_JOB, sentimentReader } from './insights/sentiment-jobs.ts';
import { reassignSentiments } from './insights/store.ts';
import { noteCorrection, triageRunner } from './insights/triage/apply.ts';
import { requestTriage, TRIAGE_JOB } from './insights/triage/request.ts';
import { triageRoutes } from './insights/triage/routes.ts';
import { TRAIN_JOB, triageTrainer } from './insights/triage/training.ts';
import { ensureThemeRuns, THEMES_JOB, themeFinder } from './insights/themes/job.ts';
import { themeRoutes } from './insights/themes/routes.ts';
import { mailSender } from './service/mail/outbound.ts';
import { startSmtpListener, type SmtpListener } from './service/mail/inbound.ts';
import { chatRoutes } from './service/chat/routes.ts';
import { predictionRefresh } from './predict/refresh.ts';
import { predictRoutes } from './predict/routes.ts';
import { recommendationRefresh } from './recommend/refresh.ts';
import { recommendRoutes } from './recommend/routes.ts';
import { instanceSecret, installationKey, NO_KEY_NOTICE } from './platform/auth/instance-secrets.ts';
import { tokenSigner } from './platform/auth/signed-tokens.ts';
import { invitationSender } from './feedback/email.ts';
import { SEND_JOB, type FeedbackDeps } from './feedback/invitations.ts';
import { loopRunner } from './feedback/loop.ts';
import { LOOP_JOB } from './feedback/responses.ts';
import { feedbackPublicRoutes } from './feedback/public-routes.ts';
import { feedbackReportRoutes } from './feedback/report-routes.ts';
import { feedbackRoutes } from './feedback/routes.ts';
import { reviewRoutes } from './feedback/review-routes.ts';
import { reassignFeedback } from './feedback/store.ts';
import { feedbackWidgetRoutes } from './feedback/widget-routes.ts';
import { ensurePeriodic, inviteAfterEvents, inviteAfterSolvedTicket, PERIODIC_JOB, periodicInviter } from './feedback/triggers.ts';
import { webhookDeliverer } from './webhooks/deliver.ts';
import { compileAllowList } from './webhooks/destination.ts';
import { DELIVER_JOB } from './webhooks/publish.ts';
import { webhookRoutes } from './webhooks/routes.ts';
import { segmentRoutes } from './segments/routes.ts';
import { reassignMemberships } from './segments/store.ts';
import { OUTREACH_EVENT_JOB, outreachAfterAnswer, outreachAfterEvents, outreachEvaluation, outreachEventRunner } from './outreach/evaluate.ts';
import { outreachRoutes } from './outreach/routes.ts';

// The composition root: the one place that knows every domain and wires them.

/** Records that point at a customer move with a merge; each domain that keeps such records is listed here. */
export function wireDomains(): void {
  onCustomerMerged(reassignJourney);
  onCustomerMerged(reassignTickets);
  onCustomerMerged(reassignSentiments);
  onCustomerMerged(reassignFeedback);
  onCustomerMerged(reassignMemberships);
}

const dailiesOf = (serviceDeps: ServiceDeps) => [predictionRefresh, recommendationRefresh, outreachEvaluation(serviceDeps)];

/**
 * The durable jobs each workspace keeps waiting (daily refits, the service-facts
 * backfill, periodic surveys, themes): at every start for all workspaces, and by
 * whoever creates a workspace, so a server that is already running serves it fully.
 */
export async function ensureWorkspaceChains(db: Db, serviceDeps: ServiceDeps, workspaceIds: string[]): Promise<void> {
  const { jobs } = serviceDeps;
  for (const daily of dailiesOf(serviceDeps)) await daily.ensure(db, jobs, workspaceIds);
  await ensureFacts(db, jobs, workspaceIds);
  await ensurePeriodic(db, jobs, workspaceIds);
  await ensureThemeRuns(db, jobs, workspaceIds);
}

export interface Touchpoint {
  app: FastifyInstance;
  database: Database;
  jobs: JobQueue;
  hub: Hub;
  processor: JourneyProcessor;
  firstAdmin?: FirstAdmin;
  /** Started by `listen`: the inbound SMTP listener, when mail is on. */
  smtp?: SmtpListener;
  /** Starts HTTP, the inbound SMTP listener and the job worker. */
  listen(options?: { port?: number; host?: string; smtpPort?: number }): Promise<string>;
  close(): Promise<void>;
}

export async function createTouchpoint(config: Config, options: { logger?: boolean } = {}): Promise<Touchpoint> {
  wireDomains();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const { db } = database;
    const { firstAdmin } = await bootstrap(db, config.admin);
    const key = installationKey(config);
    let app: FastifyInstance | undefined;
    const jobs = createJobQueue(db, (msg, err) => app?.log.warn({ err }, msg));
    const hub = createHub();
    // Links in emails point here: TOUCHPOINT_PUBLIC_URL, else the address the server listens on.
    let listeningAt = `http://localhost:${config.port}`;
    const feedbackDeps: FeedbackDeps = {
      jobs,
      signer: tokenSigner(await instanceSecret(db, 'link-signing', key)),
      baseUrl: () => (config.publicUrl ?? listeningAt).replace(/\/$/, ''),
      timeZone: config.timeZone,
    };
    const serviceDeps: ServiceDeps = {
      jobs,
      hub,
      mailDomain: mailDomainOf(config.mail.from),
      timeZone: config.timeZone,
      onSolved: (tx, ticket, at) => inviteAfterSolvedTicket(tx, feedbackDeps, ticket, at),
      onOpened: (tx, ticket, message) => requestTriage(tx, jobs, ticket, message),
      onUpdated: noteCorrection,
    };
    jobs.register('sla.check', slaChecker(serviceDeps));
    jobs.register(ROUTING_JOB, routingAssigner(serviceDeps));
    jobs.register(SENTIMENT_JOB, sentimentReader());
    jobs.register(TRIAGE_JOB, triageRunner(serviceDeps));
    jobs.register(TRAIN_JOB, triageTrainer());
    jobs.register(THEMES_JOB, themeFinder(jobs));
    jobs.register('mail.send', mailSender({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, timeZone: config.timeZone }));
    for (const daily of dailiesOf(serviceDeps)) jobs.register(daily.kind, daily.handler(jobs));
    jobs.register(OUTREACH_EVENT_JOB, outreachEventRunner(serviceDeps));
    const sealingKey = await instanceSecret(db, 'secret-sealing', key);
    jobs.register(DELIVER_JOB, webhookDeliverer(sealingKey, compileAllowList(config.webhookAllow)));
    jobs.register(SEND_JOB, invitationSender(feedbackDeps, { smtpUrl: config.mail.smtpUrl, from: config.mail.from }));
    jobs.register(LOOP_JOB, loopRunner(serviceDeps, (tx, answer) => outreachAfterAnswer(tx, jobs, answer)));
    jobs.register(PERIODIC_JOB, periodicInviter(feedbackDeps));
    jobs.register(FACTS_JOB, factsFiller(jobs, config.timeZone));
    jobs.register(LOCKOUT_NOTICE_JOB, lockoutNotifier({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, log: (msg) => app?.log.warn(msg) }));
    await ensureWorkspaceChains(db, serviceDeps, await listWorkspaceIds(db));
    const processor = startJourneyProcessor(db, (err) => app?.log.error({ err }, 'journey processor failed'), {
      vacuumEvery: database.engine === 'pglite' ? 50_000 : undefined,
      // PGlite runs in this thread: a chunk holds up every request while it runs, so keep it short.
      ...(database.engine === 'pglite' ? { chunkSize: 500 } : {}),
      onProcessed: async (tx, workspaceId, events) => {
        await inviteAfterEvents(tx, feedbackDeps, workspaceId, events);
        await outreachAfterEvents(tx, jobs, workspaceId, events);
      },
    });
    // PGlite has no autovacuum to keep the planner's statistics current (see statistics.ts).
    const statistics = database.engine === 'pglite' ? startStatisticsRefresh(db, (err) => app?.log.warn({ err }, 'refreshing planner statistics failed')) : undefined;
    app = await buildApp({
      ctx: { db, config, jobs, hub, resolveActor: actorResolver(db) },
      api: [workspaceRoutes, peopleRoutes, customerRoutes, journeyRoutes, touchpointRoutes, serviceRoutes(() => serviceDeps), serviceReportRoutes, ticketImportRoutes(() => serviceDeps), slaPolicyRoutes, routingRoutes(() => serviceDeps), automationRoutes(() => serviceDeps), recoveryRoutes, ticketExportRoutes, insightRoutes, themeRoutes, driverRoutes, triageRoutes, predictRoutes, recommendRoutes, segmentRoutes, outreachRoutes(() => serviceDeps), feedbackRoutes(() => feedbackDeps), feedbackReportRoutes, reviewRoutes(() => serviceDeps), webhookRoutes(sealingKey), liveRoutes],
      root: [ingestRoutes({ onStored: () => processor.kick(), onArriving: () => processor.arriving() }), chatRoutes(() => serviceDeps), feedbackPublicRoutes(() => feedbackDeps), feedbackWidgetRoutes(() => feedbackDeps)],
      logger: options.logger,
    });
    for (const notice of [...database.notices, ...(key ? [] : [NO_KEY_NOTICE])]) app.log.warn(notice);
    const tp: Touchpoint = {
      app,
      database,
      jobs,
      hub,
      processor,
      firstAdmin,
      async listen(options = {}) {
        const address = await app!.listen({ port: options.port ?? config.port, host: options.host ?? config.host });
        const { port } = new URL(address);
        const host = options.host ?? config.host;
        listeningAt = `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${port}`;
        tp.smtp = await startSmtpListener(db, serviceDeps, {
          port: options.smtpPort ?? config.mail.smtpPort,
          host: options.host ?? config.host,
          maxBytes: config.mail.maxBytes,
          maxClients: config.mail.maxClients,
          log: (msg, err) => app!.log.error({ err }, msg),
        });
        jobs.start();
        return address;
      },
      async close() {
        await tp.smtp?.close();
        await app!.close();
        await jobs.stop();
        await processor.stop();
        await statistics?.stop();
        await database.close();
      },
    };
    return tp;
  } catch (err) {
    await database.close();
    throw err;
  }
}
