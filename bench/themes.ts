// Themes benchmark (src/insights/themes/): how well themes found without labels match
// the 77 intents of BANKING77 (banking77/train.csv of the open data folder, TOUCHPOINT_DATA, 10,003 texts, labels
// hidden from the clustering), as normalised mutual information (arithmetic mean, as
// scikit-learn), with k = 77 and with the automatic k, and the time each takes, by the
// same findThemes the workspace job runs. "other" (texts in no theme) counts as one label.
//
//   node bin/run-ts.js bench/themes.ts       (or: node bin/run-ts.js bench/run.ts themes)
//
// One thread. Writes bench/results/themes.md.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCsv } from '../src/platform/csv.ts';
import { findThemes, type ThemeClusters } from '../src/insights/themes/find-themes.ts';
import { normalisedMutualInformation } from '../src/insights/themes/nmi.ts';
import { machineLine } from './lib/measure.ts';
import { openDataFile } from './lib/open-data.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const file = openDataFile('banking77/train.csv');
const SEEDS = [1, 2, 3];

const texts: string[] = [];
const intents: string[] = [];
for await (const r of readCsv(file, { requiredColumns: ['text', 'category'] })) {
  texts.push(r.values.text!);
  intents.push(r.values.category!);
}

interface Run {
  seed: number;
  nmi: number;
  k: number;
  themes: number;
  other: number;
  wall: number;
  cpu: number;
  found: ThemeClusters;
}

function run(seed: number, k?: number): Run {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const found = findThemes(texts, { seed, k });
  const wall = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu0);
  const label = new Array<number>(texts.length).fill(-1);
  found.themes.forEach((t, i) => t.members.forEach((m) => (label[m] = i)));
  const nmi = normalisedMutualInformation(intents, label);
  console.log(`k=${k ?? 'auto'} seed ${seed}: NMI ${nmi.toFixed(4)}, ${found.k} clusters, ${found.themes.length} themes, ${found.other.length} in other, ${wall.toFixed(1)} s`);
  return { seed, nmi, k: found.k, themes: found.themes.length, other: found.other.length, wall, cpu: (used.user + used.system) / 1e6, found };
}

const auto = SEEDS.map((s) => run(s));
const fixed = SEEDS.map((s) => run(s, 77));
const loadAtEnd = os.loadavg()[0]!;

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const row = (name: string, runs: Run[]) => {
  const nmis = runs.map((r) => r.nmi);
  return `| ${name} | **${mean(nmis).toFixed(3)}** (${Math.min(...nmis).toFixed(3)}–${Math.max(...nmis).toFixed(3)}) | ${[...new Set(runs.map((r) => r.k))].join(', ')} | ${Math.round(mean(runs.map((r) => r.themes)))} | ${Math.round(mean(runs.map((r) => r.other)))} | ${mean(runs.map((r) => r.wall)).toFixed(1)} s | ${mean(runs.map((r) => r.cpu)).toFixed(1)} s |`;
};
const sample = auto[0]!.found.themes
  .slice()
  .sort((a, b) => b.members.length - a.members.length)
  .slice(0, 8)
  .map((t) => {
    const counts = new Map<string, number>();
    for (const m of t.members) counts.set(intents[m]!, (counts.get(intents[m]!) ?? 0) + 1);
    const [top, n] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    return `| ${t.name} | ${t.members.length} | ${top} (${Math.round((100 * n) / t.members.length)}%) |`;
  });

const md = `## Themes: BANKING77 intents found without labels (\`bench/themes.ts\`)

Machine: ${machineLine()}. One thread; the CPU column is this process's time (load average at the end: ${loadAtEnd.toFixed(1)}).

Data: ${texts.length.toLocaleString('en-US')} texts of BANKING77's \`train.csv\`, intents hidden from the clustering and used only to score it.
Method (\`src/insights/themes/\`, the workspace job's own code): words and character 4-grams, TF-IDF, unit rows; spherical k-means
seeded by k-means++; automatic k: the silhouette's best k once two larger candidates do not beat it, over k = 2, 3, 4, 5, 6, 8, 10 … up to √n,
chosen on 2,000 of the texts; 5,000 texts (a seeded sample) are clustered and the others placed in the nearest cluster, as in a workspace;
clusters under 0.5% of the texts folded into "other" (one label in the score).
NMI: mutual information over the mean of the two entropies (scikit-learn's default), three seeds (mean, range).

| k | NMI with the 77 intents | clusters | themes | texts in "other" | wall | CPU |
|---|---|---:|---:|---:|---:|---:|
${row('77 (given)', fixed)}
${row('automatic', auto)}

Silhouette of each k tried (seed 1): ${auto[0]!.found.tried.map((t) => `${t.k}: ${t.silhouette}`).join(', ')}.

The largest themes of the automatic run (seed 1), with the intent most of their texts have:

| theme | texts | main intent |
|---|---:|---|
${sample.join('\n')}
`;
fs.mkdirSync(path.join(here, 'results'), { recursive: true });
fs.writeFileSync(path.join(here, 'results', 'themes.md'), md);
console.log(`\nwrote bench/results/themes.md`);
