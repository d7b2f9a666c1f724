/**
 * Trains the bundled sentiment model from the open data in TOUCHPOINT_DATA (default ../shared/data) and
 * writes src/insights/text/sentiment-model.json (committed, so that sentiment works
 * with no download). Run: node bin/run-ts.js scripts/train-sentiment.ts [--data DIR]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { saveSentimentModel } from '../src/insights/text/sentiment-file.ts';
import { loadSentimentCorpus, trainDefaultSentiment } from '../src/insights/text/sentiment-training.ts';
import { openSentimentData } from '../bench/lib/open-data.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataArg = process.argv.indexOf('--data');
const dataDir = openSentimentData(dataArg > 0 ? path.resolve(process.argv[dataArg + 1]!) : undefined);
const out = path.join(root, 'src/insights/text/sentiment-model.json');

const started = performance.now();
const corpus = await loadSentimentCorpus(dataDir);
const model = trainDefaultSentiment(corpus);
// Terms whose weights all stay under 0.01 change no prediction measurably; dropping them keeps the file small.
saveSentimentModel(out, model, 0.01);
const size = fs.statSync(out).size;
console.log(`trained on ${corpus.uci.length + corpus.support.length} texts in ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(JSON.stringify(model.info.examples));
console.log(`wrote ${path.relative(root, out)} (${(size / 1024).toFixed(0)} KiB, ${model.terms.length} terms before pruning)`);
