import fs from 'node:fs';
import path from 'node:path';

// The embedded database's directory holds customers' data, password hashes and the
// installation's key file: only its owner may enter it (0700) or read its files
// (0600), as PostgreSQL keeps its own. PGlite writes the files of a new database
// 0666 whatever the umask (it copies its template with those modes, and recycled
// WAL segments keep them), so they are tightened after it opens the directory too.

/**
 * Creates the directory 0700, or takes group and other access off an existing one and
 * everything in it. Returns how many entries had to change (0 when all were already
 * owner-only). Sets the process umask to 077 first, so directories and files made
 * later in this process are owner-only too, as PostgreSQL's postmaster does.
 */
export function ownerOnlyDataDir(dataDir: string): number {
  process.umask(0o077);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return restrictToOwner(fs.realpathSync(dataDir));
}

function restrictToOwner(entry: string): number {
  const st = fs.lstatSync(entry);
  // A symbolic link's own mode means nothing, and chmod would change its target.
  if (st.isSymbolicLink()) return 0;
  let changed = 0;
  if (st.mode & 0o077) {
    fs.chmodSync(entry, st.mode & 0o700);
    changed++;
  }
  if (st.isDirectory()) for (const name of fs.readdirSync(entry)) changed += restrictToOwner(path.join(entry, name));
  return changed;
}
