/**
 * `touchpoint text ...`: train a ticket classifier on a workspace's own labelled
 * CSV, label new tickets with it, and score sentiment, all from the command line.
 * CSV in and out is RFC 4180 (platform/csv.ts); progress bars go to stderr only
 * when it is a terminal, results go to files or stdout.
 */
import fs from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { readCsv, writeCsv } from '../platform/csv.ts';
import { readCsvHeader } from './csv-header.ts';
import { createProgress } from './progress.ts';
import { adaptSentiment } from './text/adapt-sentiment.ts';
import { createPredictor, trainClassifier } from './text/classifier.ts';
import { crossValidate } from './text/cross-validation.ts';
import { type TextFlag, MAX_TEXT_CHARS } from './text/input.ts';
import { loadClassifier, saveClassifier } from './text/model-file.ts';
import { createSentimentScorer } from './text/sentiment.ts';
import { defaultSentimentModel, loadSentimentModel, saveSentimentModel } from './text/sentiment-file.ts';
import { TrainingDataError } from './text/training-data.ts';

export function registerInsightsCommands(program: Command): void {
  const text = program
    .command('text')
    .description('Text insights: train a ticket classifier on your own labels, predict labels, score sentiment');

  text
    .command('train')
    .description('Train a text classifier (e.g. ticket category) from a labelled CSV and save it as a model file')
    .requiredOption('--input <file>', 'labelled CSV (RFC 4180, header row)')
    .option('--text-column <name>', 'column with the text', 'text')
    .option('--label-column <name>', 'column with the label', 'category')
    .requiredOption('--model <file>', 'where to write the model (JSON)')
    .option('--folds <n>', 'stratified cross-validation folds to report accuracy; 0 skips it', parseFolds, 5)
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText(
      'after',
      `
Rows with an empty text or label are skipped (and counted). Texts longer than
${MAX_TEXT_CHARS.toLocaleString('en')} characters are truncated. Cross-validation trains the model once per fold,
so it takes about --folds times as long as training; its out-of-fold scores also
calibrate the model's confidences (with --folds 0 a held-out fifth does that).

Example:
  touchpoint text train --input tickets.csv --text-column body --label-column queue --model queue-model.json`,
    )
    .action(async (opts: TrainOptions) => {
      await trainCommand(opts);
    });

  text
    .command('predict')
    .description('Label the texts of a CSV with a trained model: adds the columns label and confidence')
    .requiredOption('--model <file>', 'model file written by `touchpoint text train`')
    .requiredOption('--input <file>', 'CSV with a header row')
    .option('--text-column <name>', 'column with the text', 'text')
    .requiredOption('--output <file>', 'CSV to write: every input column, then label and confidence')
    .option('--flags', 'also write a flags column (empty, truncated, unrecognised)')
    .addHelpText(
      'after',
      `
confidence is the model's calibrated probability that the label is right (0-1).
Empty texts get an empty label and confidence 0.

Example:
  touchpoint text predict --model queue-model.json --input new-tickets.csv --text-column body --output routed.csv`,
    )
    .action(async (opts: PredictOptions) => {
      await predictCommand(opts);
    });

  text
    .command('sentiment')
    .description('Score the sentiment of the texts of a CSV: adds the columns sentiment and score')
    .requiredOption('--input <file>', 'CSV with a header row')
    .option('--text-column <name>', 'column with the text', 'text')
    .requiredOption('--output <file>', 'CSV to write: every input column, then sentiment and score')
    .option('--model <file>', 'a workspace sentiment model from `touchpoint text adapt-sentiment` (default: the built-in English model)')
    .option('--flags', 'also write a flags column (empty, truncated, unrecognised)')
    .addHelpText(
      'after',
      `
sentiment is negative, neutral or positive; score runs from -1 (surely negative)
to 1 (surely positive). The built-in model knows customer-service complaints
that use no emotional words ("my order never arrived") and treats questions and
plain requests as neutral. Empty texts are neutral with score 0; text it cannot
read (another language) is neutral with score 0 and the flag "unrecognised".

Example:
  touchpoint text sentiment --input survey.csv --text-column comment --output survey-scored.csv`,
    )
    .action(async (opts: SentimentOptions) => {
      await sentimentCommand(opts);
    });

  text
    .command('adapt-sentiment')
    .description('Tune the sentiment model to your own survey comments, labelled by their NPS score')
    .requiredOption('--input <file>', 'CSV of survey answers')
    .option('--text-column <name>', 'column with the comment', 'comment')
    .option('--score-column <name>', 'column with the 0-10 NPS answer', 'score')
    .requiredOption('--model <file>', 'where to write the workspace sentiment model (JSON)')
    .addHelpText(
      'after',
      `
Scores 0-6 count as negative, 7-8 neutral, 9-10 positive. Needs comments from at
least two of those groups. Use the result with \`touchpoint text sentiment --model\`.`,
    )
    .action(async (opts: AdaptOptions) => {
      await adaptCommand(opts);
    });
}

interface TrainOptions {
  input: string;
  textColumn: string;
  labelColumn: string;
  model: string;
  folds: number;
  json?: boolean;
}

interface PredictOptions {
  model: string;
  input: string;
  textColumn: string;
  output: string;
  flags?: boolean;
}

interface SentimentOptions {
  input: string;
  textColumn: string;
  output: string;
  model?: string;
  flags?: boolean;
}

interface AdaptOptions {
  input: string;
  textColumn: string;
  scoreColumn: string;
  model: string;
}

function parseFolds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n === 1) throw new InvalidArgumentError('folds must be 0 (no cross-validation) or an integer of at least 2');
  return n;
}

async function readRows(file: string, required: string[]): Promise<{ columns: string[]; rows: Record<string, string>[] }> {
  const columns = readCsvHeader(file, required);
  const rows: Record<string, string>[] = [];
  for await (const row of readCsv(file, { requiredColumns: required })) rows.push(row.values);
  return { columns, rows };
}

async function trainCommand(opts: TrainOptions): Promise<void> {
  const started = performance.now();
  const { rows } = await readRows(opts.input, [opts.textColumn, opts.labelColumn]);
  const texts: string[] = [];
  const labels: string[] = [];
  let skipped = 0;
  for (const r of rows) {
    const t = r[opts.textColumn] ?? '';
    const l = (r[opts.labelColumn] ?? '').trim();
    if (t.trim() === '' || l === '') skipped++;
    else {
      texts.push(t);
      labels.push(l);
    }
  }
  if (texts.length === 0) throw new TrainingDataError(`${opts.input}: no rows with both a text and a label`);
  const distinct = new Set(labels);
  if (distinct.size < 2) {
    throw new TrainingDataError(
      `${opts.input}: the column "${opts.labelColumn}" has only one label ("${labels[0]}"); a classifier needs at least two`,
    );
  }
  if (opts.folds > texts.length) {
    throw new TrainingDataError(`--folds ${opts.folds} is more than the ${texts.length} usable rows; use fewer folds or --folds 0`);
  }

  let cv: ReturnType<typeof crossValidate> | undefined;
  if (opts.folds > 0) {
    const bar = createProgress('cross-validate', opts.folds);
    try {
      cv = crossValidate(texts, labels, { folds: opts.folds, onProgress: (done) => bar.update(done) });
    } finally {
      bar.stop();
    }
  }
  // Without cross-validation, training runs twice: a preliminary model to calibrate on a held-out fifth, then the final one.
  const stages = cv ? 1 : 2;
  const bar = createProgress('train', distinct.size * stages);
  let classifier;
  try {
    classifier = trainClassifier(texts, labels, {
      temperature: cv ? cv.temperature : 'holdout',
      onProgress: (p) => bar.update(p.stage === 'training' ? (stages - 1) * p.total + p.done : p.done),
    });
  } finally {
    bar.stop();
  }
  const crossValidation = cv
    ? {
        folds: cv.folds,
        accuracy: round(cv.accuracy),
        balancedAccuracy: round(cv.balancedAccuracy),
        macroF1: round(cv.macroF1),
        foldAccuracies: cv.foldAccuracies.map(round),
        calibrationError: round(cv.calibrationError),
      }
    : null;
  saveClassifier(opts.model, classifier, { trainedFrom: opts.input, textColumn: opts.textColumn, labelColumn: opts.labelColumn, crossValidation });
  const seconds = (performance.now() - started) / 1000;
  const summary = {
    examples: texts.length,
    skippedRows: skipped,
    labels: classifier.labels.length,
    crossValidation,
    model: opts.model,
    modelBytes: fs.statSync(opts.model).size,
    seconds: Math.round(seconds * 10) / 10,
  };
  if (opts.json) {
    console.log(JSON.stringify(summary, null, 2));
    return;
  }
  console.log(`Trained on ${texts.length.toLocaleString('en')} texts, ${classifier.labels.length} labels${skipped ? ` (${skipped} rows without text or label skipped)` : ''}.`);
  if (cv) {
    console.log(
      `${cv.folds}-fold cross-validated accuracy: ${pct(cv.accuracy)} (balanced over the labels ${pct(cv.balancedAccuracy)}, macro-F1 ${cv.macroF1.toFixed(3)}, ` +
        `folds ${cv.foldAccuracies.map(pct).join(' / ')}, calibration error ${cv.calibrationError.toFixed(3)})`,
    );
  } else console.log('Cross-validation skipped (--folds 0).');
  console.log(`Model written to ${opts.model} (${(summary.modelBytes / 1e6).toFixed(1)} MB) in ${seconds.toFixed(1)} s.`);
}

async function predictCommand(opts: PredictOptions): Promise<void> {
  const classifier = loadClassifier(opts.model);
  const { columns, rows } = await readRows(opts.input, [opts.textColumn]);
  const added = ['label', 'confidence', ...(opts.flags ? ['flags'] : [])];
  refuseClash(opts.input, columns, added);
  const predict = createPredictor(classifier);
  const bar = createProgress('predict', rows.length);
  const tally = new Map<TextFlag, number>();
  try {
    const out = rows.map((r, i) => {
      const p = predict(r[opts.textColumn] ?? '');
      count(tally, p.flags);
      if (i % 1000 === 0) bar.update(i);
      const empty = p.flags.includes('empty');
      return { ...r, label: p.label, confidence: empty ? '' : p.confidence.toFixed(4), flags: p.flags.join(' ') };
    });
    bar.update(rows.length);
    await writeCsv(opts.output, [...columns, ...added], out);
  } finally {
    bar.stop();
  }
  report(opts.output, rows.length, tally);
}

async function sentimentCommand(opts: SentimentOptions): Promise<void> {
  const model = opts.model ? loadSentimentModel(opts.model) : defaultSentimentModel();
  const { columns, rows } = await readRows(opts.input, [opts.textColumn]);
  const added = ['sentiment', 'score', ...(opts.flags ? ['flags'] : [])];
  refuseClash(opts.input, columns, added);
  const score = createSentimentScorer(model);
  const bar = createProgress('sentiment', rows.length);
  const tally = new Map<TextFlag, number>();
  try {
    const out = rows.map((r, i) => {
      const s = score(r[opts.textColumn] ?? '');
      count(tally, s.flags);
      if (i % 1000 === 0) bar.update(i);
      return { ...r, sentiment: s.sentiment, score: s.score.toFixed(4), flags: s.flags.join(' ') };
    });
    bar.update(rows.length);
    await writeCsv(opts.output, [...columns, ...added], out);
  } finally {
    bar.stop();
  }
  report(opts.output, rows.length, tally);
}

async function adaptCommand(opts: AdaptOptions): Promise<void> {
  const { rows } = await readRows(opts.input, [opts.textColumn, opts.scoreColumn]);
  const comments = [];
  let skipped = 0;
  for (const r of rows) {
    const raw = (r[opts.scoreColumn] ?? '').trim();
    const score = Number(raw);
    if (raw === '' || !Number.isInteger(score) || score < 0 || score > 10) skipped++;
    else comments.push({ text: r[opts.textColumn] ?? '', score });
  }
  const model = adaptSentiment(comments);
  saveSentimentModel(opts.model, model);
  console.log(
    `Adapted the sentiment model on ${comments.length} comments${skipped ? ` (${skipped} rows without a 0-10 score skipped)` : ''}; written to ${opts.model}.`,
  );
}

function refuseClash(file: string, columns: string[], added: string[]): void {
  const clash = added.filter((c) => columns.includes(c));
  if (clash.length > 0) {
    throw new TrainingDataError(`${file} already has a column ${clash.map((c) => `"${c}"`).join(', ')}; rename it so the output does not overwrite it`);
  }
}

function count(tally: Map<TextFlag, number>, flags: TextFlag[]): void {
  for (const f of flags) tally.set(f, (tally.get(f) ?? 0) + 1);
}

function report(file: string, rows: number, tally: Map<TextFlag, number>): void {
  const notes: string[] = [];
  if (tally.get('empty')) notes.push(`${tally.get('empty')} empty`);
  if (tally.get('truncated')) notes.push(`${tally.get('truncated')} truncated to ${MAX_TEXT_CHARS.toLocaleString('en')} characters`);
  if (tally.get('unrecognised')) notes.push(`${tally.get('unrecognised')} with no recognised words`);
  console.error(`Wrote ${rows.toLocaleString('en')} rows to ${file}${notes.length ? ` (${notes.join(', ')})` : ''}.`);
}

const round = (x: number) => Math.round(x * 10000) / 10000;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
