/**
 * Draws the small open-data subsets the tests read (test/data/) from the full data
 * sets in TOUCHPOINT_DATA (default ../shared/data), so that the tests pass on a fresh
 * clone and the subsets can be redrawn. Run: node bin/run-ts.js scripts/draw-test-data.ts
 *
 * - cdnow/: the 2,357-customer CDNOW sample as CSV and its published calibration/holdout
 *   split, unchanged (the published BG/NBD and Gamma-Gamma figures are about exactly
 *   these), and the whitespace-separated original of sample customers 1-100.
 * - banking77/: the first 100 training texts (in file order) of 15 intents: the eight the
 *   triage tests route, then the first seven others in alphabetical order.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { openDataFile } from '../bench/lib/open-data.ts';

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test/data');
const TRIAGE_INTENTS = [
  'card_arrival',
  'lost_or_stolen_card',
  'declined_transfer',
  'transfer_not_received_by_recipient',
  'change_pin',
  'passcode_forgotten',
  'card_payment_fee_charged',
  'top_up_failed',
];
const BANKING77_INTENTS = 15;
const BANKING77_TEXTS_PER_INTENT = 100;
const CDNOW_TXT_CUSTOMERS = 100;

function write(file: string, text: string | Buffer): void {
  const to = path.join(OUT, file);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.writeFileSync(to, text);
  console.log(`wrote test/data/${file} (${(fs.statSync(to).size / 1024).toFixed(0)} KiB)`);
}

for (const file of ['transactions_sample.csv', 'cdnow_cbs_cal39_holdout39.csv', 'LICENSE_lifetimes.txt']) {
  write(`cdnow/${file}`, fs.readFileSync(openDataFile(`cdnow/${file}`)));
}
// master_id sample_id yyyymmdd number_of_cds dollar_value, ordered by sample_id.
const txt = fs.readFileSync(openDataFile('cdnow/CDNOW_sample.txt'), 'utf8').split('\n');
write('cdnow/CDNOW_sample_1-100.txt', txt.filter((l) => l.trim() !== '' && Number(l.trim().split(/\s+/)[1]) <= CDNOW_TXT_CUSTOMERS).join('\n') + '\n');

const banking = parse(fs.readFileSync(openDataFile('banking77/train.csv')), { columns: true }) as { text: string; category: string }[];
const others = [...new Set(banking.map((r) => r.category))].filter((c) => !TRIAGE_INTENTS.includes(c)).sort();
const intents = new Set([...TRIAGE_INTENTS, ...others.slice(0, BANKING77_INTENTS - TRIAGE_INTENTS.length)]);
const taken = new Map<string, number>();
const subset = banking.filter((r) => {
  if (!intents.has(r.category)) return false;
  taken.set(r.category, (taken.get(r.category) ?? 0) + 1);
  return taken.get(r.category)! <= BANKING77_TEXTS_PER_INTENT;
});
write('banking77/train-subset.csv', stringify(subset, { header: true, columns: ['text', 'category'] }));
write('banking77/LICENSE', fs.readFileSync(openDataFile('banking77/LICENSE')));
console.log(`banking77: ${subset.length} texts of ${intents.size} intents`);
