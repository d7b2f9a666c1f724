import fs from 'node:fs';
import type { Command } from 'commander';
import { Argument, Option } from 'commander';
import cliProgress from 'cli-progress';
import { printJson, resolveWorkspace, withDatabase } from '../cli/context.ts';
import { importCsv } from './import-csv.ts';

export function registerImportCommands(program: Command): void {
  program
    .command('import')
    .description('Import customers or events from a CSV file (RFC 4180, UTF-8, header row); re-running skips rows already imported')
    .addArgument(new Argument('<kind>', 'what the file holds').choices(['customers', 'events']))
    .argument('<file>', 'the CSV file')
    .option('--workspace <slug>', 'workspace slug (default: the default workspace)')
    .addOption(new Option('--json', 'print the summary as JSON'))
    .addHelpText(
      'after',
      `
customers.csv columns: user_id and/or email (one is required), then any traits: name, phone, city, plan…
events.csv columns:    timestamp (ISO 8601), event (or type=page with path), user_id, anonymous_id or email;
                       message_id (optional; otherwise derived from the row); other columns become properties.

With the embedded database, stop the server first (only one process may open it), or set DATABASE_URL.`,
    )
    .action(async (kind: 'customers' | 'events', file: string, opts: { workspace?: string; json?: boolean }) => {
      if (!fs.existsSync(file)) throw new Error(`File not found: ${file}`);
      const total = fs.statSync(file).size;
      const bar = process.stderr.isTTY && !opts.json
        ? new cliProgress.SingleBar({ format: ` importing ${kind} [{bar}] {percentage}% | {value}/{total} bytes`, stream: process.stderr }, cliProgress.Presets.shades_classic)
        : null;
      const summary = await withDatabase(async (db) => {
        const workspace = await resolveWorkspace(db, opts.workspace);
        bar?.start(total, 0);
        try {
          return await importCsv(db, workspace.id, kind, file, (bytes) => bar?.update(bytes));
        } finally {
          bar?.update(total);
          bar?.stop();
        }
      });
      if (opts.json) {
        printJson(summary);
      } else {
        console.log(`${summary.read} rows read, ${summary.stored} stored, ${summary.skipped} already imported, ${summary.rejected} rejected`);
        for (const e of summary.errors.slice(0, 20)) console.log(`  line ${e.line}: ${e.reason}`);
        if (summary.errors.length > 20) console.log(`  … and ${summary.rejected - 20} more (use --json for all)`);
      }
      if (summary.rejected > 0) process.exitCode = 2;
    });
}
