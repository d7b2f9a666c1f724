import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Real child processes through the real entry point, as a user would run them.
const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

async function touchpoint(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/touchpoint.js', ...args], { cwd: root, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const topics: Record<string, string[]> = {
  billing: ['invoice', 'charged', 'refund', 'payment', 'bill'],
  shipping: ['parcel', 'courier', 'tracking', 'delivery', 'shipped'],
  account: ['password', 'login', 'locked', 'reset', 'username'],
};

/** Texts full of what breaks naive CSV handling: commas, "quotes" and line breaks inside fields. */
function ticket(label: string, i: number): string {
  const w = topics[label];
  const a = w[i % w.length];
  const b = w[(i * 3 + 1) % w.length];
  const forms = [
    `Hello, my ${a} and ${b} need help`,
    `He said "${a}" then "${b}", twice`,
    `Line one about ${a}\nline two about ${b}`,
    `${a}, ${b}, and more, please`,
  ];
  return forms[i % forms.length];
}

let dir: string;
let trainCsv: string;
let modelFile: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-text-cli-'));
  trainCsv = path.join(dir, 'train.csv');
  modelFile = path.join(dir, 'model.json');
  const rows = [];
  for (let i = 0; i < 90; i++) {
    const label = Object.keys(topics)[i % 3];
    rows.push({ id: String(i), body: ticket(label, Math.floor(i / 3)), queue: label });
  }
  fs.writeFileSync(trainCsv, '\ufeff' + stringify(rows, { header: true, columns: ['id', 'body', 'queue'], record_delimiter: 'windows' }));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('touchpoint text (child process)', () => {
  it('trains, cross-validates and writes a model', async () => {
    const r = await touchpoint('text', 'train', '--input', trainCsv, '--text-column', 'body', '--label-column', 'queue', '--model', modelFile, '--folds', '3', '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/\d+%/); // no progress bar when stderr is not a terminal
    const summary = JSON.parse(r.stdout) as { examples: number; labels: number; crossValidation: { folds: number; accuracy: number; balancedAccuracy: number } };
    expect(summary.examples).toBe(90); // quoted newlines did not split rows
    expect(summary.labels).toBe(3);
    expect(summary.crossValidation.folds).toBe(3);
    expect(summary.crossValidation.accuracy).toBeGreaterThan(0.8);
    expect(summary.crossValidation.balancedAccuracy).toBeGreaterThan(0.8);
    expect(JSON.parse(fs.readFileSync(modelFile, 'utf8')).format).toBe('touchpoint-text-classifier');
  });

  it('predicts, keeping every input column and quoted field intact', async () => {
    const input = path.join(dir, 'new.csv');
    const output = path.join(dir, 'labelled.csv');
    const rows = [
      { ref: 'a', body: 'my "invoice", the refund\nand the bill', 'note, with comma': 'x' },
      { ref: 'b', body: 'courier lost the parcel, tracking says "delivered"', 'note, with comma': '' },
      { ref: 'c', body: '', 'note, with comma': 'empty one' },
    ];
    fs.writeFileSync(input, stringify(rows, { header: true, columns: ['ref', 'body', 'note, with comma'] }));
    const r = await touchpoint('text', 'predict', '--model', modelFile, '--input', input, '--text-column', 'body', '--output', output);
    expect(r.code).toBe(0);
    const out = parse(fs.readFileSync(output), { columns: true }) as Record<string, string>[];
    expect(Object.keys(out[0])).toEqual(['ref', 'body', 'note, with comma', 'label', 'confidence']);
    expect(out.map((o) => o.body)).toEqual(rows.map((o) => o.body));
    expect(out[0]['note, with comma']).toBe('x');
    expect(out[0].label).toBe('billing');
    expect(out[1].label).toBe('shipping');
    expect(Number(out[0].confidence)).toBeGreaterThan(0.5);
    expect(Number(out[0].confidence)).toBeLessThanOrEqual(1);
    expect(out[2].label).toBe('');
    expect(r.stderr).toMatch(/3 rows.*1 empty/);
  });

  it('scores sentiment of a quoted CSV', async () => {
    const input = path.join(dir, 'posts.csv');
    const output = path.join(dir, 'scored.csv');
    fs.writeFileSync(
      input,
      'text,id\r\n"Thank you, the agent was ""brilliant""!",1\r\n"My flight was delayed 3 hours,\r\nand nobody told us why",2\r\n"How do I change my address?",3\r\n',
    );
    const r = await touchpoint('text', 'sentiment', '--input', input, '--output', output);
    expect(r.code).toBe(0);
    const out = parse(fs.readFileSync(output), { columns: true }) as Record<string, string>[];
    expect(out).toHaveLength(3);
    expect(Object.keys(out[0])).toEqual(['text', 'id', 'sentiment', 'score']);
    expect(out[0].text).toBe('Thank you, the agent was "brilliant"!');
    expect(out[1].text).toBe('My flight was delayed 3 hours,\r\nand nobody told us why');
    expect(out.map((o) => o.sentiment)).toEqual(['positive', 'negative', 'neutral']);
    expect(Number(out[0].score)).toBeGreaterThan(0);
    expect(Number(out[1].score)).toBeLessThan(0);
  });

  it('adapts sentiment to NPS-labelled survey comments and scores with the workspace model', async () => {
    const survey = path.join(dir, 'survey.csv');
    const rows = [];
    for (let i = 0; i < 30; i++) {
      rows.push({ comment: `resync loop on the ${['tablet', 'laptop', 'phone'][i % 3]} every morning`, score: String(i % 6) });
      rows.push({ comment: `the ${['reports', 'export', 'calendar'][i % 3]} feature is handy`, score: String(9 + (i % 2)) });
      rows.push({ comment: `we use it for ${['invoices', 'rotas', 'notes'][i % 3]}`, score: String(7 + (i % 2)) });
    }
    rows.push({ comment: 'no score given', score: '' });
    fs.writeFileSync(survey, stringify(rows, { header: true, columns: ['comment', 'score'] }));
    const model = path.join(dir, 'workspace-sentiment.json');
    const a = await touchpoint('text', 'adapt-sentiment', '--input', survey, '--model', model);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/90 comments \(1 rows without a 0-10 score skipped\)/);
    const input = path.join(dir, 'probe.csv');
    fs.writeFileSync(input, 'text\nresync loop on the desktop\n');
    const base = await touchpoint('text', 'sentiment', '--input', input, '--output', path.join(dir, 'p0.csv'));
    const tuned = await touchpoint('text', 'sentiment', '--input', input, '--output', path.join(dir, 'p1.csv'), '--model', model);
    expect(base.code + tuned.code).toBe(0);
    const s0 = parse(fs.readFileSync(path.join(dir, 'p0.csv')), { columns: true }) as Record<string, string>[];
    const s1 = parse(fs.readFileSync(path.join(dir, 'p1.csv')), { columns: true }) as Record<string, string>[];
    expect(Number(s1[0].score)).toBeLessThan(Number(s0[0].score));
    expect(s1[0].sentiment).toBe('negative');
  });

  it('fails clearly on a missing column, one label, and a model from another version', async () => {
    const missing = await touchpoint('text', 'sentiment', '--input', trainCsv, '--text-column', 'comment', '--output', path.join(dir, 'x.csv'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/missing column "comment" \(found: id, body, queue\)/);

    const oneLabel = path.join(dir, 'one.csv');
    fs.writeFileSync(oneLabel, 'text,category\nhello,a\nworld,a\n');
    const one = await touchpoint('text', 'train', '--input', oneLabel, '--model', path.join(dir, 'one.json'));
    expect(one.code).toBe(1);
    expect(one.stderr).toMatch(/only one label/);
    expect(fs.existsSync(path.join(dir, 'one.json'))).toBe(false);

    const old = path.join(dir, 'old.json');
    fs.writeFileSync(old, JSON.stringify({ ...JSON.parse(fs.readFileSync(modelFile, 'utf8')), version: 99 }));
    const input = path.join(dir, 'new.csv');
    const v = await touchpoint('text', 'predict', '--model', old, '--input', input, '--text-column', 'body', '--output', path.join(dir, 'y.csv'));
    expect(v.code).toBe(1);
    expect(v.stderr).toMatch(/format version 99/);
  });
});
