import type { Command } from 'commander';
import { Option } from 'commander';
import { loadConfig } from '../platform/config.ts';
import { createTouchpoint, ensureWorkspaceChains } from '../server.ts';
import { offlineServiceDeps } from '../service/offline-deps.ts';
import { ensureWorkspaceWithCatalog } from '../workspaces/bootstrap.ts';
import { grantAccess, type Granted } from '../workspaces/grant.ts';
import { createApiKey, findWorkspaceBySlug } from '../workspaces/store.ts';
import { printJson, resolveWorkspace, withDatabase } from './context.ts';

function checkEmail(option: string, email: string): void {
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new Error(`${option}: "${email}" is not an email address.`);
}

const oneTimePasswordLine = (who: string, granted: Granted) => `${who} ${granted.email}, one-time password (shown once, never again): ${granted.generatedPassword}`;

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
        // At the first start, or at a start that found the default workspace without an admin.
        console.log(`\nThe default workspace's admin: log in as ${tp.firstAdmin.email}`);
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

  const workspaces = program.command('workspaces').description('Manage workspaces (each one sees only its own data)');
  workspaces
    .command('create')
    .description('Create a workspace with the default touchpoint catalog, and optionally its admin')
    .argument('<slug>', 'short name: lowercase letters, digits and dashes (used by --workspace elsewhere)')
    .option('--name <name>', 'display name (default: the slug)')
    .option('--admin <email>', 'make this person an admin of it; a new user gets a one-time password, printed once')
    .option('--json', 'print {"id","slug","name","admin"?} as JSON')
    .addHelpText('after', '\nExample:\n  touchpoint workspaces create acme --name "Acme Ltd" --admin ops@acme.test\n  touchpoint keys create --type secret --workspace acme')
    .action(async (slug: string, opts: { name?: string; admin?: string; json?: boolean }) => {
      if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) throw new Error(`"${slug}" is not a slug: use 1-63 lowercase letters, digits and dashes, starting with a letter or digit.`);
      if (opts.admin !== undefined) checkEmail('--admin', opts.admin);
      await withDatabase(async (db, config) => {
        if (await findWorkspaceBySlug(db, slug)) throw new Error(`A workspace "${slug}" already exists.`);
        const workspace = await ensureWorkspaceWithCatalog(db, slug, opts.name ?? slug);
        const admin = opts.admin ? await grantAccess(db, workspace.id, { email: opts.admin, role: 'admin' }) : undefined;
        // Its daily refits and backfills, for a server that is already running (the next start would add them too).
        await ensureWorkspaceChains(db, offlineServiceDeps(db, config), [workspace.id]);
        if (opts.json) printJson({ id: workspace.id, slug: workspace.slug, name: workspace.name, ...(admin ? { admin } : {}) });
        else {
          console.log(`Workspace "${workspace.slug}" (${workspace.name}) created.`);
          if (admin) console.log(admin.generatedPassword ? oneTimePasswordLine('Admin', admin) : `${admin.email} is an admin of it.`);
        }
      });
    });

  const users = program.command('users').description('Manage who may log in, and where');
  users
    .command('add')
    .description('Give a person a role in a workspace: a new user gets a one-time password, printed once; an existing one keeps theirs')
    .argument('<email>', 'their email address, which they log in with')
    .addOption(new Option('--role <role>', 'admin: everything; agent: the service desk; analyst: reports and insights').choices(['admin', 'agent', 'analyst']).makeOptionMandatory())
    .option('--workspace <slug>', 'workspace slug (default: the default workspace, created if there is none)')
    .option('--name <name>', 'their name, for a new user (default: the part of the email before @)')
    .option('--json', 'print {"email","workspace","role","generatedPassword"?} as JSON')
    .addHelpText('after', '\nExample (an admin for the default workspace):\n  touchpoint users add ops@example.com --role admin')
    .action(async (email: string, opts: { role: 'admin' | 'agent' | 'analyst'; workspace?: string; name?: string; json?: boolean }) => {
      checkEmail('<email>', email);
      await withDatabase(async (db) => {
        const workspace = await resolveWorkspace(db, opts.workspace);
        const granted = await grantAccess(db, workspace.id, { email, name: opts.name, role: opts.role });
        if (opts.json) printJson({ email: granted.email, workspace: workspace.slug, role: opts.role, ...(granted.generatedPassword ? { generatedPassword: granted.generatedPassword } : {}) });
        else console.log(granted.generatedPassword ? oneTimePasswordLine(`${opts.role} of "${workspace.slug}":`, granted) : `${granted.email} is ${opts.role} of "${workspace.slug}" (their password is unchanged).`);
      });
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
