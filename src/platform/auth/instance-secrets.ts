import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { queryRows } from '../db/query.ts';
import { seal, unseal } from './sealed.ts';

// The installation's secrets (the key that signs survey links, the key that seals
// webhook secrets) are made on first use and kept in the database, so that every
// server process of a PostgreSQL deployment uses the same ones. They are kept sealed
// with the installation key, which is not in the database: TOUCHPOINT_SECRET_KEY, or
// with the embedded database a key file beside it. A copy of the database alone (a
// dump, a backup, its WAL) then opens no webhook secret and forges no link.

export interface InstallationKey {
  key: Buffer;
  /** Where it comes from, for messages. */
  source: string;
}

/** The name of the key file in an embedded database's data directory. */
export const KEY_FILE = 'secret.key';

const SEALED = 'sealed:';

/** Any long random text serves as the key: it is stretched to 32 bytes for AES-256-GCM. */
const derive = (secret: string): Buffer => Buffer.from(crypto.hkdfSync('sha256', secret.trim(), 'touchpoint', 'instance secrets', 32));

/**
 * TOUCHPOINT_SECRET_KEY when set; with the embedded database on disk, the key file in
 * its data directory (made 0600 on first use); in memory, a key of this process (the
 * database goes with it). Undefined on PostgreSQL without TOUCHPOINT_SECRET_KEY: the
 * secrets are then kept in the clear, as before there was a key (see NO_KEY_NOTICE).
 */
export function installationKey(config: Pick<Config, 'secretKey' | 'databaseUrl' | 'dataDir'>): InstallationKey | undefined {
  if (config.secretKey) return { key: derive(config.secretKey), source: 'TOUCHPOINT_SECRET_KEY' };
  if (config.databaseUrl) return undefined;
  if (config.dataDir.startsWith('memory://')) return { key: crypto.randomBytes(32), source: 'the key of this process' };
  const file = path.join(config.dataDir, KEY_FILE);
  try {
    // Its text is a TOUCHPOINT_SECRET_KEY too: to move to one, set it to this.
    fs.writeFileSync(file, `${crypto.randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const secret = fs.readFileSync(file, 'utf8');
  if (secret.trim().length < 32) throw new Error(`The key file ${file} holds no key: restore it from the backup it was copied with.`);
  return { key: derive(secret), source: `the key file ${file}` };
}

export const NO_KEY_NOTICE =
  'TOUCHPOINT_SECRET_KEY is not set: the keys that sign survey links and seal webhook secrets are kept in the database in the clear, ' +
  'so whoever can read the database (a dump, a backup, a replica) can read every webhook secret and forge survey links. ' +
  'Set TOUCHPOINT_SECRET_KEY to a long random value (openssl rand -base64 32), the same on every server process: the next start seals them with it.';

/** The installation's secret of this name (32 bytes), made the first time it is asked for. */
export async function instanceSecret(db: Db, name: string, installation: InstallationKey | undefined): Promise<Buffer> {
  const stored = (value: string) => (installation ? `${SEALED}${seal(installation.key, value)}` : value);
  return db.transaction(async (tx) => {
    await tx.execute(sql`insert into instance_secrets (name, value) values (${name}, ${stored(crypto.randomBytes(32).toString('base64url'))}) on conflict (name) do nothing`);
    // For update: server processes starting together seal a secret kept in the clear once.
    const [row] = await queryRows<{ value: string }>(tx, sql`select value from instance_secrets where name = ${name} for update`);
    const value = row!.value;
    if (!value.startsWith(SEALED)) {
      // Made before there was an installation key (an older version, or PostgreSQL without one): sealed now that there is one.
      if (installation) await tx.execute(sql`update instance_secrets set value = ${stored(value)} where name = ${name}`);
      return Buffer.from(value, 'base64url');
    }
    if (!installation) throw new Error('The secrets in this database are sealed with TOUCHPOINT_SECRET_KEY, which is not set: set it to the value they were sealed with.');
    try {
      return Buffer.from(unseal(installation.key, value.slice(SEALED.length)), 'base64url');
    } catch {
      throw new Error(`${installation.source} does not open the secrets in this database: they were sealed with another key (was it changed, or the database restored without its key?).`);
    }
  });
}
