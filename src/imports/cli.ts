import fs from 'node:fs';
import type { Command } from 'commander';
import { Argument, Option } from 'commander';
import cliProgress from 'cli-progress';
import { printJson, resolveWorkspace, withDatabase } from '../cli/context.ts';
import { importCsv } from './import-csv.ts';
import { importReviewFile } from '../feedback/review-file.ts';
import { importPurchases } from './import-purchases.ts';

export function registerImportCommands(program: Command): void {
  program
    .command('import')
    .description('Import customers, events, purchases (CSV: RFC 4180, UTF-8, header row) or reviews (CSV or JSON); re-running skips what is already imported')
    .addArgument(new Argument('<kind>', 'what the file holds').choices(['customers', 'events', 'purchases', 'reviews']))
    .argument('[file]', 'the file (or --input)')
    .option('--input <file>', 'the file, instead of the argument')
    .option('--workspace <slug>', 'workspace slug (default: the default workspace)')
    .option('--strict', 'purchases: import nothing if any row is refused')
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
purchases.csv columns: customer_id (the user id) or email, date (YYYY-MM-DD, YYYYMMDD or ISO 8601), amount
                       (or revenue, total: the line's amount, >= 0); optional: order_id (rows sharing one are one
                       order, its revenue their sum), currency, sku (or product_id), product (a name), quantity.
                       Other columns are ignored. Each order becomes an Order Completed event; a row without an
                       order_id is an order of its own. A refused row refuses its whole order.

With the embedded database, stop the server first (only one process may open it), or set DATABASE_URL.`,
    )
    .action(async (kind: 'customers' | 'events' | 'purchases' | 'reviews', argument: string | undefined, opts: ImportOptions) => {
      const file = opts.input ?? argument;
      if (!file) throw new Error('Name the file: touchpoint import <kind> FILE, or --input FILE');
      if (!fs.existsSync(file)) throw new Error(`File not found: ${file}`);
      if (opts.strict && kind !== 'purchases') throw new Error('--strict is only for purchases');
      if (kind === 'reviews') return importReviewsCommand(file, opts);
      if (kind === 'purchases') return importPurchasesCommand(file, opts);
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

interface ImportOptions {
  input?: string;
  workspace?: string;
  strict?: boolean;
  json?: boolean;
}

async function importPurchasesCommand(file: string, opts: ImportOptions): Promise<void> {
  const summary = await withDatabase(async (db) => importPurchases(db, (await resolveWorkspace(db, opts.workspace)).id, file, { strict: opts.strict }));
  if (opts.json) {
    printJson(summary);
  } else {
    const counts = Object.entries(summary.errorCounts)
      .filter(([, n]) => n > 0)
      .map(([kind, n]) => `${n} ${kind.replaceAll('_', ' ')}`)
      .join(', ');
    const stored = summary.strict && summary.rejected > 0 ? 'nothing imported (--strict)' : `${summary.stored} stored, ${summary.skipped} already imported`;
    console.log(`${summary.read} rows read, ${summary.orders} orders: ${stored}; ${summary.rejected} rows rejected${counts ? ` (${counts})` : ''}`);
    for (const e of summary.errors.slice(0, 20)) console.log(`  line ${e.line}: ${e.reason}`);
    if (summary.rejected > 20) console.log(`  … and ${summary.rejected - 20} more (use --json for all)`);
  }
  if (summary.rejected > 0) process.exitCode = 2;
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
