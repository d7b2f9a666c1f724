// Triage benchmark (src/insights/triage/): how long a workspace's training takes,
// cross-validation included, at the most work trained while the request waits
// (INLINE_MAX_WORK: examples × labels) and beyond, with a dozen labels (a help
// desk's teams) and with BANKING77's 77 intents; and how many tickets a second the triage job's
// predictor labels. BANKING77 texts, one core.
//
//   node bin/run-ts.js bench/triage.ts        → bench/results/triage.md

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCsv } from '../src/platform/csv.ts';
import { createRanker } from '../src/insights/text/classifier.ts';
import { classifierFromJson } from '../src/insights/text/model-file.ts';
import { trainingSet } from '../src/insights/triage/examples.ts';
import { INLINE_MAX_WORK, trainTriage } from '../src/insights/triage/train.ts';
import { fmtInt, fmtS, machineLine } from './lib/measure.ts';
import { openDataFile } from './lib/open-data.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rows: { text: string; label: string }[] = [];
for await (const r of readCsv(openDataFile('banking77/train.csv'), { requiredColumns: ['text', 'category'] })) rows.push({ text: r.values.text!, label: r.values.category! });
const intents = [...new Set(rows.map((r) => r.label))].sort();
const loadAtStart = os.loadavg()[0]!;

/** `n` examples spread evenly over the first `labels` intents. */
function sample(labels: number, n: number) {
  const chosen = new Set(intents.slice(0, labels));
  return rows.filter((r) => chosen.has(r.label)).filter((_, i, all) => i % Math.max(1, Math.floor(all.length / n)) === 0).slice(0, n);
}

const lines = [`## Triage training (${machineLine()}; load average at start ${loadAtStart.toFixed(2)})`, '', '| labels | examples | 5-fold CV + training | CV accuracy | tickets predicted/s |', '|---|---|---|---|---|'];
for (const [labels, n] of [[12, INLINE_MAX_WORK / 12], [12, 1500], [30, 4000], [77, 1000]] as const) {
  const examples = sample(labels, n);
  const t0 = performance.now();
  const trained = trainTriage(trainingSet(examples));
  const seconds = (performance.now() - t0) / 1000;
  const rank = createRanker(classifierFromJson(JSON.parse(trained.model)));
  const t1 = performance.now();
  for (const e of examples) rank(e.text);
  const perSecond = examples.length / ((performance.now() - t1) / 1000);
  lines.push(`| ${labels} | ${fmtInt(examples.length)} | ${fmtS(seconds)} | ${(trained.accuracy * 100).toFixed(1)}% | ${fmtInt(perSecond)} |`);
  console.log(lines.at(-1));
}
lines.push('', `Up to ${fmtInt(INLINE_MAX_WORK)} examples × labels train while the request waits; more run as a durable job (either way the fit runs in a worker thread, off the server's event loop; timed here on the main thread).`);
fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench/results/triage.md'), lines.join('\n') + '\n');
