// Text insights benchmark (src/insights/text/):
//
//   - BANKING77: 5-fold stratified cross-validated accuracy of the classifier, with the
//     same code `touchpoint text train` runs; training time on 10,000 texts; prediction
//     texts/s on one core; model file size.
//   - Sentiment: accuracy on the UCI sentences (each file and overall) and on the
//     hand-written customer-service posts, side by side with VADER (compound >= 0.05
//     positive, <= -0.05 negative, else neutral) and AFINN (`sentiment`: score > 0
//     positive, < 0 negative, else neutral), and texts/s for all three.
//
// The bundled sentiment model learned from the UCI sentences, so its UCI figures here
// come from retraining it with the sentences held out: 10-fold cross-validation (the
// support data stays in every training set), and leave-one-file-out (e.g. trained on
// IMDb + Yelp, tested on Amazon). The hand-written posts are never used in training.
//
//   node bin/run-ts.js bench/text.ts
//
// Everything runs on the main thread (one core). Results are printed and written to
// bench/results/text.md.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Sentiment from 'sentiment';
import vader from 'vader-sentiment';
import { readCsv } from '../src/platform/csv.ts';
import { createPredictor, trainClassifier } from '../src/insights/text/classifier.ts';
import { crossValidate } from '../src/insights/text/cross-validation.ts';
import { stratifiedFolds } from '../src/insights/text/folds.ts';
import { classifierToJson } from '../src/insights/text/model-file.ts';
import { createSentimentScorer } from '../src/insights/text/sentiment.ts';
import { defaultSentimentModel } from '../src/insights/text/sentiment-file.ts';
import type { SentimentLabel } from '../src/insights/text/sentiment-model.ts';
import { loadSentimentCorpus, trainDefaultSentiment } from '../src/insights/text/sentiment-training.ts';
import { openSentimentData } from './lib/open-data.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = openSentimentData();
const fixtureFile = path.join(root, 'src/insights/text/fixtures/customer-posts.csv');
const socialFile = path.join(root, 'src/insights/text/fixtures/social-posts.csv');
const loadAtStart = os.loadavg()[0];
const lines: string[] = [];
const status = (s: string) => {
  if (process.stderr.isTTY) process.stderr.write(`  ${s}\r`);
};
const out = (s = '') => {
  console.log(s);
  lines.push(s);
};
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const int = (x: number) => Math.round(x).toLocaleString('en');

async function readRows(file: string, columns: string[]): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  for await (const r of readCsv(file, { requiredColumns: columns })) rows.push(r.values);
  return rows;
}

/**
 * Texts per second over `texts` (after one warm-up pass), best of `repeats` runs, by
 * CPU time of this process (all its threads, so it errs low) and by wall time. CPU
 * time measures what one core does even when other work shares the machine.
 */
function throughput(texts: string[], f: (t: string) => unknown, repeats = 3): { cpu: number; wall: number } {
  for (const t of texts.slice(0, 2000)) f(t);
  let cpu = Infinity;
  let wall = Infinity;
  for (let r = 0; r < repeats; r++) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    for (const t of texts) f(t);
    wall = Math.min(wall, performance.now() - w0);
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1000);
  }
  return { cpu: texts.length / (cpu / 1000), wall: texts.length / (wall / 1000) };
}
const rate = (r: { cpu: number; wall: number }) => `**${int(r.cpu)}** per CPU-second (${int(r.wall)} by wall clock)`;

/** Wall and CPU seconds of f(). */
function timed<T>(f: () => T): { value: T; wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  const value = f();
  const c = process.cpuUsage(c0);
  return { value, wall: (performance.now() - w0) / 1000, cpu: (c.user + c.system) / 1e6 };
}
const secs = (t: { wall: number; cpu: number }) => `${t.wall.toFixed(1)} s (${t.cpu.toFixed(1)} s CPU)`;

// ---- classifier -------------------------------------------------------------------------

const banking = await readRows(path.join(dataDir, 'banking77/train.csv'), ['text', 'category']);
const texts = banking.map((r) => r.text);
const labels = banking.map((r) => r.category);

out('## Text classification and sentiment (src/insights/text)');
out();
out(`Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, load average ${loadAtStart.toFixed(2)} at start (the machine is shared with other work: wall-clock figures vary from run to run; CPU-time figures less so).`);
out();
out('### Ticket classifier on BANKING77 (10,003 texts, 77 intents)');
out();

const cvRun = timed(() => crossValidate(texts, labels, { folds: 5, onProgress: (d, k) => status(`cross-validation fold ${d}/${k}`) }));
const cv = cvRun.value;

// How accuracy grows with the training set: folds train on (k-1)/k of the texts. The final model
// trains on all of them, so the curve says more about it than 5-fold CV alone. Balanced accuracy
// is what a test set with as many texts of each intent would see: BANKING77's official split has
// 40 of each, while the training file has 35 to 187.
const curve = [3, 5, 10].map((k) => {
  const run = k === 5 ? cv : crossValidate(texts, labels, { folds: k, onProgress: (d) => status(`learning curve: ${k}-fold CV, fold ${d}/${k}`) });
  return { folds: k, trainTexts: Math.round((texts.length * (k - 1)) / k), accuracy: run.accuracy, balanced: run.balancedAccuracy };
});
// The curve flattens as it grows, so its last step (in ln n) extended to all texts is the cautious guess.
const [before, last] = curve.slice(-2);
const extend = (at: (p: (typeof curve)[number]) => number) =>
  at(last) + ((at(last) - at(before)) / Math.log(last.trainTexts / before.trainTexts)) * Math.log(texts.length / last.trainTexts);

const first10k = { texts: texts.slice(0, 10_000), labels: labels.slice(0, 10_000) };
const trainRun = timed(() => trainClassifier(first10k.texts, first10k.labels, { temperature: cv.temperature }));
const classifier = trainRun.value;
const trainHoldoutRun = timed(() => trainClassifier(first10k.texts, first10k.labels, { temperature: 'holdout' }));
const modelBytes = JSON.stringify(classifierToJson(classifier)).length;
const predict = createPredictor(classifier);
const predictRate = throughput([...texts, ...texts], predict);

out('| measure | result |');
out('|---|---|');
out(`| 5-fold stratified CV accuracy (same code as \`touchpoint text train\`) | **${pct(cv.accuracy)}** (folds ${cv.foldAccuracies.map(pct).join(', ')}) |`);
out(`| 10-fold CV accuracy (${int(last.trainTexts)} training texts per fold) | **${pct(last.accuracy)}** |`);
out(`| learning curve, accuracy / balanced accuracy by training texts per fold (3-, 5-, 10-fold CV) | ${curve.map((p) => `${int(p.trainTexts)}: ${pct(p.accuracy)} / ${pct(p.balanced)}`).join('; ')} |`);
out(`| the curve's last step (linear in ln n) extended to all ${int(texts.length)} texts, as \`touchpoint text train\` trains: an estimate for that model, not a measurement | accuracy ${(100 * extend((p) => p.accuracy)).toFixed(2)}%, balanced ${(100 * extend((p) => p.balanced)).toFixed(2)}% |`);
out(`| CV macro-F1 | ${cv.macroF1.toFixed(3)} |`);
out(`| CV expected calibration error of the confidences | ${cv.calibrationError.toFixed(3)} |`);
out(`| 5-fold CV time | ${secs(cvRun)} |`);
out(`| training on 10,000 texts (temperature from CV, as the CLI does) | ${secs(trainRun)} |`);
out(`| training on 10,000 texts with hold-out calibration (\`--folds 0\`) | ${secs(trainHoldoutRun)} |`);
out(`| prediction, one core (texts/s) | ${rate(predictRate)} |`);
out(`| model file | ${(modelBytes / 1e6).toFixed(1)} MB, ${int(classifier.model.cols)} n-gram columns |`);
out();
out('Features: TF-IDF (sublinear tf, smoothed idf, L2 per block) over word 1-2-grams and unordered content-word pairs, plus character 2-5-grams within word boundaries, kept when seen in at least 2 texts; one-vs-rest linear SVM (squared hinge, C = 1) by dual coordinate descent; softmax temperature fitted on out-of-fold scores. The official BANKING77 test split is not in the open data folder, so no test-set figure is measured here. Other settings and learners tried (n-gram ranges, C, loss, min-df, stemming, an SVM + logistic ensemble, NB-SVM, Crammer-Singer, nearest neighbours, word vectors, label-name words, augmentation) stayed within 0.3 points of this figure; re-ranking the top two classes with one-vs-one models reached 91.5% but needs a model per confusable pair (about 30 MB): src/insights/text/README.md.');
out();

// ---- sentiment --------------------------------------------------------------------------

type Method = (text: string) => { label: SentimentLabel; score: number };
const afinn = new Sentiment();
const vaderMethod: Method = (t) => {
  const c = vader.SentimentIntensityAnalyzer.polarity_scores(t).compound;
  return { label: c >= 0.05 ? 'positive' : c <= -0.05 ? 'negative' : 'neutral', score: c };
};
const afinnMethod: Method = (t) => {
  const s = afinn.analyze(t).score;
  return { label: s > 0 ? 'positive' : s < 0 ? 'negative' : 'neutral', score: s };
};
const oursFrom = (model = defaultSentimentModel()): Method => {
  const score = createSentimentScorer(model);
  return (t) => {
    const r = score(t);
    return { label: r.sentiment, score: r.score };
  };
};

interface Tally {
  n: number;
  exact: number;
  sign: number;
}
const tally = (): Tally => ({ n: 0, exact: 0, sign: 0 });
function add(t: Tally, truth: SentimentLabel, got: { label: SentimentLabel; score: number }): void {
  t.n++;
  if (got.label === truth) t.exact++;
  if ((truth === 'positive' && got.score > 0) || (truth === 'negative' && got.score < 0)) t.sign++;
}

const corpus = await loadSentimentCorpus(dataDir);
const sources = ['uci-amazon', 'uci-imdb', 'uci-yelp'];
const byMethod: Record<string, Record<string, Tally>> = { cv: {}, lofo: {}, vader: {}, afinn: {} };
for (const m of Object.keys(byMethod)) for (const s of [...sources, 'all']) byMethod[m][s] = tally();

// Ours, 10-fold CV over the UCI sentences (stratified by file and label).
const uci = corpus.uci;
const strata = Int32Array.from(uci, (e) => sources.indexOf(e.source) * 2 + (e.label === 'positive' ? 1 : 0));
const uciFolds = stratifiedFolds(strata, 10, 11);
const sentimentStart = performance.now();
for (let f = 0; f < 10; f++) {
  const model = trainDefaultSentiment(
    corpus,
    uci.filter((_, i) => uciFolds[i] !== f),
  );
  const score = oursFrom(model);
  uci.forEach((e, i) => {
    if (uciFolds[i] !== f) return;
    const got = score(e.text);
    add(byMethod.cv[e.source], e.label, got);
    add(byMethod.cv.all, e.label, got);
  });
  status(`sentiment CV fold ${f + 1}/10`);
}
const sentimentTrainSeconds = (performance.now() - sentimentStart) / 10000;
// Ours, leave one file out: the model never saw that site's sentences.
for (const s of sources) {
  const score = oursFrom(trainDefaultSentiment(corpus, uci.filter((e) => e.source !== s)));
  for (const e of uci.filter((x) => x.source === s)) {
    const got = score(e.text);
    add(byMethod.lofo[s], e.label, got);
    add(byMethod.lofo.all, e.label, got);
  }
}
for (const [name, method] of [
  ['vader', vaderMethod],
  ['afinn', afinnMethod],
] as const) {
  for (const e of uci) {
    const got = method(e.text);
    add(byMethod[name][e.source], e.label, got);
    add(byMethod[name].all, e.label, got);
  }
}

out('### Sentiment');
out();
out('UCI Sentiment Labelled Sentences (1,000 sentences per file, half positive, half negative; no neutral). "3-class" counts a neutral answer as wrong; "sign" asks only whether the score is on the right side of zero (zero is wrong).');
out();
out('| method | Amazon 3-class / sign | IMDb 3-class / sign | Yelp 3-class / sign | all 3,000 3-class / sign |');
out('|---|---|---|---|---|');
const row = (name: string, m: Record<string, Tally>) =>
  out(`| ${name} | ${[...sources, 'all'].map((s) => `${pct(m[s].exact / m[s].n)} / ${pct(m[s].sign / m[s].n)}`).join(' | ')} |`);
row('**ours**, 10-fold CV (UCI fold held out)', byMethod.cv);
row('**ours**, leave-one-file-out', byMethod.lofo);
row('VADER (`vader-sentiment`)', byMethod.vader);
row('AFINN (`sentiment`)', byMethod.afinn);
out();

// Hand-written posts (never used in training): 3-class accuracy and macro-F1, overall and by kind.
type Post = { text: string; sentiment: SentimentLabel; kind: string; round?: string };
const methods: [string, Method][] = [
  ['**ours** (bundled model)', oursFrom()],
  ['VADER', vaderMethod],
  ['AFINN', afinnMethod],
];
function postsTable(posts: Post[], groups: [string, (p: Post) => boolean][]) {
  out(`| method | accuracy | macro-F1 | ${groups.map(([g]) => g).join(' | ')} |`);
  out(`|---|---|---|${groups.map(() => '---').join('|')}|`);
  for (const [name, m] of methods) {
    const got = posts.map((f) => m(f.text).label);
    const acc = got.filter((g, i) => g === posts[i].sentiment).length / posts.length;
    const f1s = (['negative', 'neutral', 'positive'] as const).map((c) => {
      const tp = got.filter((g, i) => g === c && posts[i].sentiment === c).length;
      const fp = got.filter((g, i) => g === c && posts[i].sentiment !== c).length;
      const fn = got.filter((g, i) => g !== c && posts[i].sentiment === c).length;
      return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    });
    const perGroup = groups.map(([, inGroup]) => {
      const idx = posts.map((_, i) => i).filter((i) => inGroup(posts[i]));
      return pct(idx.filter((i) => got[i] === posts[i].sentiment).length / idx.length);
    });
    out(`| ${name} | **${pct(acc)}** | ${(f1s.reduce((a, b) => a + b, 0) / 3).toFixed(3)} | ${perGroup.join(' | ')} |`);
  }
  out();
}
const byKind = (posts: Post[]) => [...new Set(posts.map((f) => f.kind))].map((k): [string, (p: Post) => boolean] => [k, (p) => p.kind === k]);
const kindCounts = (posts: Post[]) => byKind(posts).map(([k, inKind]) => `${posts.filter(inKind).length} ${k}`).join(', ');

const fixture = (await readRows(fixtureFile, ['text', 'sentiment', 'kind'])) as Post[];
out(`Hand-written customer-service posts (src/insights/text/fixtures/customer-posts.csv, ${fixture.length} posts: ${kindCounts(fixture)}).`);
out();
postsTable(fixture, byKind(fixture));
out('The posts were written and labelled by the same author as the complaint cues in src/insights/text/cues.ts, and one setting (`positiveWithoutEvidence`, sentiment-model.ts) was chosen after seeing the plain statements misread as positive; read the figures as a check that the design works, not as an unbiased estimate for real traffic.');
out();

const social = (await readRows(socialFile, ['text', 'sentiment', 'kind', 'round'])) as Post[];
out(`Hand-written posts to brands on social media (src/insights/text/fixtures/social-posts.csv, ${social.length} posts: ${kindCounts(social)}), with handles, links, hashtags, abbreviations and emoji.`);
out();
postsTable(social, [...byKind(social), ['round 1', (p) => p.round === '1'], ['round 2', (p) => p.round === '2']]);
out("Round 1 (60 posts) was written first and seen while the social-media handling was added (handles and links dropped, 'mins' and 'hrs', 'thx', sarcasm cues such as \"thanks for nothing\"); round 2 (36 posts) was written after those changes and measured once. Before the changes the bundled model scored 76.7% on round 1 and 77.8% on round 2.");
out();

const speedTexts = [...fixture.map((f) => f.text), ...uci.map((e) => e.text), ...corpus.support.slice(0, 7000).map((e) => e.text)];
const ours = oursFrom();
out(`| throughput, one core (${int(speedTexts.length)} mixed texts) | texts/s |`);
out('|---|---|');
out(`| **ours** | ${rate(throughput(speedTexts, ours))} |`);
out(`| VADER | ${rate(throughput(speedTexts, vaderMethod, 1))} |`);
out(`| AFINN | ${rate(throughput(speedTexts, afinnMethod))} |`);
out();
out(`Retraining the sentiment model (${int(corpus.uci.length + corpus.support.length)} texts less a tenth of UCI) and scoring the held-out fold: ${sentimentTrainSeconds.toFixed(1)} s per fold; model file ${(fs.statSync(path.join(root, 'src/insights/text/sentiment-model.json')).size / 1024).toFixed(0)} KiB.`);

const resultsDir = path.join(root, 'bench/results');
fs.mkdirSync(resultsDir, { recursive: true });
fs.writeFileSync(path.join(resultsDir, 'text.md'), lines.join('\n') + '\n');
console.log(`\nwritten to ${path.relative(root, path.join(resultsDir, 'text.md'))}`);
