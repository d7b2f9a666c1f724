import fs from 'node:fs';
import type { Command } from 'commander';
import { Argument, Option } from 'commander';
import cliProgress from 'cli-progress';
import { printJson, resolveWorkspace, withDatabase } from '../cli/context.ts';
import { importCsv } from './import-csv.ts';
import { importReviewFile } from '../feedback/review-file.ts';

export function registerImportCommands(program: Command): void {
  program
    .command('import')
    .description('Import customers, events (CSV: RFC 4180, UTF-8, header row) or reviews (CSV or JSON); re-running skips what is already imported')
    .addArgument(new Argument('<kind>', 'what the file holds').choices(['customers', 'events', 'reviews']))
    .argument('<file>', 'the CSV file')
    .option('--workspace <slug>', 'workspace slug (default: the default workspace)')
    .addOption(new Option('--json', 'print the summary as JSON'))
    .addHelpText(
      'after',
      `
customers.csv columns: user_id and/or email (one is required), then any traits: name, phone, city, plan…
events.csv columns:    timestamp (ISO 8601), event (or type=page with path), user_id, anonymous_id or email;
                       message_id (optional; otherwise derived from the row); other columns become properties.
reviews.csv columns:   source (google, trustpilot, app-store, x…), posted_at, rating and/or text; optional:
                       external_id, scale (default 5), title, author, url, kind (review or social), email or
                       user_id of a known customer (puts the review on their journey).
reviews.json:          an array of reviews as POST /api/v1/reviews takes them.

With the embedded database, stop the server first (only one process may open it), or set DATABASE_URL.`,
    )
    .action(async (kind: 'customers' | 'events' | 'reviews', file: string, opts: { workspace?: string; json?: boolean }) => {
      if (!fs.existsSync(file)) throw new Error(`File not found: ${file}`);
      if (kind === 'reviews') return importReviewsCommand(file, opts);
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

async function importReviewsCommand(file: string, opts: { workspace?: string; json?: boolean }): Promise<void> {
  const summary = await withDatabase(async (db, config) => importReviewFile(db, config, (await resolveWorkspace(db, opts.workspace)).id, file));
  if (opts.json) {
    printJson(summary);
  } else {
    console.log(`${summary.read} reviews read, ${summary.stored} stored, ${summary.duplicates} already imported, ${summary.rejected} rejected; ${summary.onJourneys} on customers' journeys, ${summary.followUps} follow-up tickets`);
    for (const e of summary.errors.slice(0, 20)) console.log(`  ${'line' in e ? `line ${e.line}` : `item ${e.item}`}: ${e.reason}`);
  }
  if (summary.rejected > 0) process.exitCode = 2;
}
