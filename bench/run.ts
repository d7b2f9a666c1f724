// `npm run bench`: runs every benchmark of BENCHMARKS present in bench/,
// each in its own process with this environment, streaming its
// output; then assembles bench/RESULTS.md from the sections they wrote to
// bench/results/*.md. A missing script is skipped; a failing one is reported and
// makes the runner exit non-zero once everything else has run.
//
//   npm run bench                                   # everything present
//   node bin/run-ts.js bench/run.ts ingest text     # only these
//   node bin/run-ts.js bench/run.ts --assemble      # only rebuild RESULTS.md from bench/results/

import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { machineLine } from './lib/measure.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BENCH = path.join(ROOT, 'bench');
const RESULTS_DIR = path.join(BENCH, 'results');
const BENCHMARKS = ['ingest', 'clv', 'text', 'service', 'mail-size', 'feedback', 'recommend', 'triage', 'drivers', 'themes', 'need-help'] as const;

interface Outcome {
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  seconds: number;
  detail?: string;
}

function runScript(name: string): Promise<Outcome> {
  const script = path.join('bench', `${name}.ts`);
  if (!fs.existsSync(path.join(ROOT, script))) return Promise.resolve({ name, status: 'skipped', seconds: 0, detail: `${script} is not there` });
  console.log(`\n=== ${script} ===\n`);
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'run-ts.js'), script], { cwd: ROOT, env: process.env, stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    const done = (outcome: Omit<Outcome, 'name' | 'seconds'>) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve({ name, seconds: (performance.now() - t0) / 1000, ...outcome });
    };
    child.once('error', (err) => done({ status: 'failed', detail: err.message }));
    child.once('exit', (code, signal) =>
      done(code === 0 ? { status: 'passed' } : { status: 'failed', detail: signal ? `killed by ${signal}` : `exit code ${code}` }),
    );
  });
}

/** bench/results/*.md in a stable order: the known benchmarks first, then the rest by name. */
function sections(): { file: string; text: string }[] {
  if (!fs.existsSync(RESULTS_DIR)) return [];
  const files = fs.readdirSync(RESULTS_DIR).filter((f) => f.endsWith('.md'));
  const rank = (f: string) => {
    const i = (BENCHMARKS as readonly string[]).indexOf(f.replace(/\.md$/, ''));
    return i === -1 ? BENCHMARKS.length : i;
  };
  files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return files.map((file) => ({ file, text: fs.readFileSync(path.join(RESULTS_DIR, file), 'utf8').trim() }));
}

function assemble(outcomes: Outcome[]): string {
  const parts = sections();
  const lines = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (`bench/run.ts`), which runs each benchmark script present in `bench/` (' + BENCHMARKS.map((b) => `\`${b}.ts\``).join(', ') + ') ' +
      'in its own process and joins the sections they write to `bench/results/`. Every figure below was measured, not estimated; ' +
      'each section says how, and on what.',
    '',
    'Run it yourself:',
    '',
    '```sh',
    'npm run bench                                                            # PGlite only',
    'BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench  # PGlite and PostgreSQL',
    'BENCH_EVENTS=50000 node bin/run-ts.js bench/ingest.ts                    # a quick ingestion run',
    'node bin/run-ts.js bench/run.ts --assemble                               # rebuild this file from bench/results/',
    '```',
    '',
    `Assembled on: ${machineLine()}. Each section names the machine and date of its own run; on a machine shared with other work, ` +
      'wall-clock figures are a floor (the ingestion section also gives CPU cost per event, which does not depend on the load).',
    '',
  ];
  if (outcomes.length) {
    lines.push('| Benchmark | Outcome | Time |', '|---|---|---|');
    for (const o of outcomes) lines.push(`| \`bench/${o.name}.ts\` | ${o.status}${o.detail ? ` (${o.detail})` : ''} | ${o.status === 'skipped' ? '' : `${o.seconds.toFixed(0)} s`} |`);
    lines.push('');
  }
  if (parts.length === 0) lines.push('_No results yet: no benchmark wrote to `bench/results/`._', '');
  for (const p of parts) lines.push(p.text, '', `<sub>from \`bench/results/${p.file}\`</sub>`, '');
  return lines.join('\n');
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const assembleOnly = args.includes('--assemble');
  const wanted = args.filter((a) => !a.startsWith('--')).map((a) => a.replace(/^bench\//, '').replace(/\.ts$/, ''));
  for (const w of wanted) if (!(BENCHMARKS as readonly string[]).includes(w)) throw new Error(`unknown benchmark "${w}" (known: ${BENCHMARKS.join(', ')})`);

  const outcomes: Outcome[] = [];
  if (!assembleOnly) {
    for (const name of BENCHMARKS) {
      if (wanted.length && !wanted.includes(name)) continue;
      const outcome = await runScript(name);
      outcomes.push(outcome);
      if (outcome.status === 'skipped') console.log(`\n--- bench/${name}.ts: skipped (${outcome.detail})`);
      else if (outcome.status === 'failed') console.error(`\n--- bench/${name}.ts FAILED (${outcome.detail})`);
    }
  }

  const file = path.join(BENCH, 'RESULTS.md');
  fs.writeFileSync(file, assemble(outcomes));
  console.log('\n=== summary ===');
  for (const o of outcomes) console.log(`${o.status.padEnd(8)} bench/${o.name}.ts${o.detail ? ` (${o.detail})` : ''}${o.status === 'skipped' ? '' : `, ${o.seconds.toFixed(0)} s`}`);
  console.log(`results: ${path.relative(ROOT, file)} (from ${sections().length} section(s) in bench/results/)`);
  const failed = outcomes.filter((o) => o.status === 'failed');
  if (failed.length) console.error(`${failed.length} benchmark(s) failed: ${failed.map((o) => o.name).join(', ')}`);
  return failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error('bench/run.ts:', err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
