import type { Command } from 'commander';
import { printJson, withDatabase } from '../cli/context.ts';
import { toJourneyEvent } from '../ingest/segment.ts';
import { appendEvents } from '../journeys/store.ts';
import { processPendingEvents } from '../journeys/processor.ts';
import { ensureWorkspaceWithCatalog, DEFAULT_WORKSPACE } from '../workspaces/bootstrap.ts';
import { addMember, adminsOf, findWorkspaceBySlug } from '../workspaces/store.ts';
import { countCustomers } from '../customers/resolve.ts';
import { generateCafe } from './cafe.ts';
import { seededRandom } from './random.ts';
import { seedDemoFeedback } from './feedback.ts';
import { seedDemoSupport } from './support.ts';
import { seedDemoOutreach } from './outreach.ts';
import { seedDemoReviews } from './reviews.ts';

export function registerDemoCommands(program: Command): void {
  program
    .command('demo')
    .description('Fill a demo workspace ("Café Lumen", a café with an online shop) with customers and realistic journeys')
    .option('--workspace <slug>', 'workspace slug for the demo', 'demo')
    .option('--customers <n>', 'number of known customers', (v) => Number.parseInt(v, 10), 250)
    .option('--seed <n>', 'random seed (the same seed gives the same data; re-running adds nothing)', (v) => Number.parseInt(v, 10), 42)
    .option('--json', 'print a JSON summary')
    .addHelpText('after', '\nThe admins of the default workspace become admins of the demo workspace: switch to it in the web app.')
    .action(async (opts: { workspace: string; customers: number; seed: number; json?: boolean }) => {
      if (!Number.isInteger(opts.customers) || opts.customers < 1 || opts.customers > 100_000) throw new Error('--customers must be a whole number from 1 to 100000');
      const summary = await withDatabase(async (db, config) => {
        const workspace = await ensureWorkspaceWithCatalog(db, opts.workspace, 'Café Lumen (demo)');
        const home = await findWorkspaceBySlug(db, DEFAULT_WORKSPACE.slug);
        for (const admin of home ? await adminsOf(db, home.id) : []) await addMember(db, workspace.id, admin.userId, 'admin');
        // Anchored to today's date so the demo always looks current; the seed fixes everything else.
        const today = new Date(new Date().toISOString().slice(0, 10) + 'T12:00:00Z');
        const { calls, contacts } = generateCafe(seededRandom(opts.seed), { customers: opts.customers, anonymousVisitors: Math.round(opts.customers * 0.4), days: 180, now: today });
        const receivedAt = new Date();
        const events = calls.map((c, i) => ({
          ...toJourneyEvent({ ...c, messageId: `${c.messageId}-s${opts.seed}` }, { type: c.type, workspaceId: workspace.id, receivedAt, where: `demo[${i}]` }),
          source: 'demo',
        }));
        let stored = 0;
        for (let i = 0; i < events.length; i += 500) stored += await appendEvents(db, events.slice(i, i + 500));
        while ((await processPendingEvents(db)) > 0) {
          // resolve identities and touchpoints
        }
        const tickets = await seedDemoSupport(db, config, workspace.id, contacts, opts.seed);
        const responses = await seedDemoFeedback(db, config, workspace.id, seededRandom(opts.seed + 1));
        const reviews = await seedDemoReviews(db, config, workspace.id, seededRandom(opts.seed + 2));
        await seedDemoOutreach(db, workspace.id);
        return { workspace: workspace.slug, events: events.length, stored, customers: await countCustomers(db, workspace.id), tickets, surveyResponses: responses, reviews };
      });
      if (opts.json) printJson(summary);
      else console.log(`Demo workspace "${summary.workspace}": ${summary.stored} new events (${summary.events} generated), ${summary.customers} customers, ${summary.tickets} new support tickets, ${summary.surveyResponses} new survey answers, ${summary.reviews} new reviews. Start the server and switch to it in the web app.`);
    });
}
