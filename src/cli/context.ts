import { loadConfig, type Config } from '../platform/config.ts';
import { openDatabase, type Db } from '../platform/db/client.ts';
import { DataDirLockedError } from '../platform/db/lock.ts';
import { wireDomains } from '../server.ts';
import { DEFAULT_WORKSPACE, ensureWorkspaceWithCatalog } from '../workspaces/bootstrap.ts';
import { findWorkspaceBySlug, type Workspace } from '../workspaces/store.ts';

/** Opens the configured database for one CLI command and closes it afterwards. */
export async function withDatabase<T>(fn: (db: Db, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  wireDomains();
  let database;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 4 });
  } catch (err) {
    if (err instanceof DataDirLockedError) throw new Error(`${err.message}`);
    throw err;
  }
  for (const notice of database.notices) console.error(`touchpoint: ${notice}`);
  try {
    return await fn(database.db, config);
  } finally {
    await database.close();
  }
}

/** The workspace a command acts on: the named one, or the default one (created if there is none). */
export async function resolveWorkspace(db: Db, slug: string | undefined): Promise<Workspace> {
  if (!slug || slug === DEFAULT_WORKSPACE.slug) return ensureWorkspaceWithCatalog(db, DEFAULT_WORKSPACE.slug, DEFAULT_WORKSPACE.name);
  const workspace = await findWorkspaceBySlug(db, slug);
  if (!workspace) throw new Error(`No workspace "${slug}". Create it with \`touchpoint workspaces create ${slug}\`.`);
  return workspace;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
