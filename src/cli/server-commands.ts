import type { Command } from 'commander';
import { Option } from 'commander';
import { loadConfig } from '../platform/config.ts';
import { createTouchpoint } from '../server.ts';
import { createApiKey } from '../workspaces/store.ts';
import { printJson, resolveWorkspace, withDatabase } from './context.ts';

export function registerServerCommands(program: Command): void {
  program
    .command('start')
    .description('Run the Touchpoint server (web app, API, ingestion) on PORT (default 3000)')
    .action(async () => {
      const config = loadConfig();
      const tp = await createTouchpoint(config);
      const address = await tp.listen();
      const engine = tp.database.engine === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
      console.log(`\nTouchpoint is running on ${address.replace('0.0.0.0', 'localhost')} with ${engine}`);
      console.log(`Inbound email (SMTP) on port ${tp.smtp?.port}; outbound ${config.mail.smtpUrl ? 'through SMTP_URL' : 'kept in the outbox (set SMTP_URL to send)'}`);
      if (tp.firstAdmin) {
        console.log(`\nFirst start: log in as ${tp.firstAdmin.email}`);
        if (tp.firstAdmin.generatedPassword) {
          console.log(`One-time password (shown once, never again): ${tp.firstAdmin.generatedPassword}\n`);
        }
      }
      let closing = false;
      const shutdown = async (signal: string) => {
        if (closing) return;
        closing = true;
        tp.app.log.info(`${signal}: shutting down`);
        await tp.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void shutdown('SIGINT'));
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
    });

  const keys = program.command('keys').description('Manage API keys');
  keys
    .command('create')
    .description('Create an API key; prints it once (only its hash is stored)')
    .addOption(new Option('--type <type>', 'write: ingest only, safe in web pages; secret: the whole API').choices(['write', 'secret']).makeOptionMandatory())
    .option('--workspace <slug>', 'workspace slug (default: the default workspace, created if there is none)')
    .option('--name <name>', 'a label to recognise the key by', 'CLI key')
    .option('--json', 'print {"key":"..."} as JSON')
    .action(async (opts: { type: 'write' | 'secret'; workspace?: string; name: string; json?: boolean }) => {
      await withDatabase(async (db) => {
        const workspace = await resolveWorkspace(db, opts.workspace);
        const { key } = await createApiKey(db, workspace.id, opts.type, opts.name);
        if (opts.json) printJson({ key });
        else console.log(`${opts.type} key for workspace "${workspace.slug}" (shown once):\n${key}`);
      });
    });
}
