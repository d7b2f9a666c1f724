import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { createPredictor, createRanker, trainClassifier } from './classifier.ts';
import { balancedAccuracy, crossValidate } from './cross-validation.ts';
import { stratifiedFolds } from './folds.ts';
import { MAX_TEXT_CHARS } from './input.ts';
import { CLASSIFIER_FORMAT_VERSION, ModelFileError, classifierToJson, loadClassifier, saveClassifier, classifierFromJson } from './model-file.ts';
import { mulberry32 } from './random.ts';
import { TrainingDataError } from './training-data.ts';

/** 100 texts of each of 15 BANKING77 intents (test/data/README.md). */
const BANKING77 = path.resolve(import.meta.dirname, '../../../test/data/banking77/train-subset.csv');

/** Three topics with their own vocabulary plus shared filler words, generated from a fixed seed. */
function synthetic(n: number, seed: number): { texts: string[]; labels: string[] } {
  const topics: Record<string, string[]> = {
    billing: ['invoice', 'charge', 'refund', 'payment', 'billed', 'price'],
    shipping: ['parcel', 'courier', 'tracking', 'delivery', 'shipped', 'address'],
    login: ['password', 'login', 'account', 'locked', 'reset', 'username'],
  };
  const filler = ['please', 'help', 'my', 'the', 'with', 'today', 'again', 'hello', 'is', 'not'];
  const rand = mulberry32(seed);
  const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)];
  const names = Object.keys(topics);
  const texts: string[] = [];
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    const label = names[i % names.length];
    const words = [pick(topics[label]), pick(topics[label]), pick(filler), pick(filler), pick(filler)];
    texts.push(words.sort(() => rand() - 0.5).join(' '));
    labels.push(label);
  }
  return { texts, labels };
}

function readBanking77(): { text: string; category: string }[] {
  return parse(fs.readFileSync(BANKING77), { columns: true }) as { text: string; category: string }[];
}

describe('text classifier', () => {
  it('learns a small synthetic problem', () => {
    const train = synthetic(300, 1);
    const test = synthetic(150, 2);
    const predict = createPredictor(trainClassifier(train.texts, train.labels));
    const hits = test.texts.filter((t, i) => predict(t).label === test.labels[i]).length;
    expect(hits / test.texts.length).toBeGreaterThan(0.95);
  });

  it('is well above chance on a BANKING77 subset it did not train on', () => {
    const subset = readBanking77();
    const keep = new Set([...new Set(subset.map((r) => r.category))].sort());
    expect(keep.size).toBe(15); // chance is ~7%
    const folds = stratifiedFolds(
      Int32Array.from(subset, (r) => [...keep].indexOf(r.category)),
      4,
      3,
    );
    const train = subset.filter((_, i) => folds[i] !== 0);
    const test = subset.filter((_, i) => folds[i] === 0);
    const classifier = trainClassifier(
      train.map((r) => r.text),
      train.map((r) => r.category),
    );
    const predict = createPredictor(classifier);
    const results = test.map((r) => ({ ok: predict(r.text).label === r.category, p: predict(r.text).confidence }));
    const accuracy = results.filter((r) => r.ok).length / results.length;
    expect(accuracy).toBeGreaterThan(0.85);
    // Calibrated: the mean confidence is close to the accuracy actually reached.
    const meanConfidence = results.reduce((s, r) => s + r.p, 0) / results.length;
    expect(Math.abs(meanConfidence - accuracy)).toBeLessThan(0.07);
  });

  it('cross-validates with stratified folds', () => {
    const data = synthetic(240, 4);
    const cv = crossValidate(data.texts, data.labels, { folds: 4 });
    expect(cv.folds).toBe(4);
    expect(cv.foldAccuracies).toHaveLength(4);
    expect(cv.accuracy).toBeGreaterThan(0.9);
    expect(cv.predicted).toHaveLength(240);
    expect(cv.temperature).toBeGreaterThan(0);
    expect(cv.balancedAccuracy).toBeGreaterThan(0.9);
  });

  it('balanced accuracy weighs each label alike', () => {
    // Three of four right, but the rare label never: accuracy 0.75, balanced (1 + 0) / 2.
    expect(balancedAccuracy([0, 0, 0, 1], [0, 0, 0, 0], 2)).toBe(0.5);
    // A label that never occurs in the truth (only predicted) has no recall to average.
    expect(balancedAccuracy([0, 0, 2, 2], [0, 1, 2, 2], 3)).toBe(0.75);
  });

  it('refuses a label column with only one class', () => {
    expect(() => trainClassifier(['a', 'b', 'c'], ['x', 'x', 'x'])).toThrow(TrainingDataError);
    expect(() => trainClassifier(['a', 'b', 'c'], ['x', 'x', 'x'])).toThrow(/only one class/);
    expect(() => crossValidate(['a', 'b'], ['x', 'x'], { folds: 2 })).toThrow(/only one class/);
  });

  it('flags empty, very long and unrecognisable texts', () => {
    const data = synthetic(300, 5);
    const predict = createPredictor(trainClassifier(data.texts, data.labels));
    expect(predict('   ')).toEqual({ label: '', confidence: 0, flags: ['empty'] });
    const long = predict('refund invoice charge '.repeat(1000));
    expect(long.flags).toContain('truncated');
    expect(long.label).toBe('billing');
    expect(predict('发票退款').flags).toContain('unrecognised');
    expect(MAX_TEXT_CHARS).toBe(5000);
  });

  it('ranks the runners-up with the same best label and confidence as the predictor', () => {
    const data = synthetic(300, 6);
    const classifier = trainClassifier(data.texts, data.labels);
    const predict = createPredictor(classifier);
    const rank = createRanker(classifier, 2);
    for (const text of ['my refund for the invoice', 'courier lost the parcel', 'password locked again']) {
      const ranked = rank(text);
      expect({ label: ranked.label, confidence: ranked.confidence }).toEqual({ label: predict(text).label, confidence: predict(text).confidence });
      expect(ranked.alternatives.map((a) => a.label).sort()).toEqual(['billing', 'login', 'shipping'].filter((l) => l !== ranked.label));
      expect(ranked.alternatives[0].confidence).toBeGreaterThanOrEqual(ranked.alternatives[1].confidence);
      expect(ranked.confidence + ranked.alternatives[0].confidence + ranked.alternatives[1].confidence).toBeCloseTo(1, 6);
    }
    expect(rank('')).toEqual({ label: '', confidence: 0, flags: ['empty'], alternatives: [] });
  });
});

describe('model file', () => {
  const data = synthetic(300, 6);
  const classifier = trainClassifier(data.texts, data.labels);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-text-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('round-trips through JSON with the same predictions', () => {
    const file = path.join(dir, 'model.json');
    saveClassifier(file, classifier);
    const loaded = loadClassifier(file);
    const a = createPredictor(classifier);
    const b = createPredictor(loaded);
    const probe = synthetic(90, 7).texts;
    for (const t of probe) {
      expect(b(t).label).toBe(a(t).label);
      expect(Math.abs(b(t).confidence - a(t).confidence)).toBeLessThan(0.02); // int8 weights
    }
    expect(loaded.labels).toEqual(classifier.labels);
  });

  it('refuses a file from another format version', () => {
    const json = { ...classifierToJson(classifier), version: CLASSIFIER_FORMAT_VERSION + 1 };
    expect(() => classifierFromJson(json, 'm.json')).toThrow(ModelFileError);
    expect(() => classifierFromJson(json, 'm.json')).toThrow(/format version 2.*reads version 1/);
  });

  it('refuses corrupt and foreign files with a clear message', () => {
    const truncated = path.join(dir, 'truncated.json');
    fs.writeFileSync(truncated, JSON.stringify(classifierToJson(classifier)).slice(0, 500));
    expect(() => loadClassifier(truncated)).toThrow(/not valid JSON/);
    const good = classifierToJson(classifier);
    expect(() => classifierFromJson({ ...good, idf: good.idf.slice(0, 12) })).toThrow(/corrupt: idf/);
    expect(() => classifierFromJson({ ...good, labels: 'x' })).toThrow(/corrupt: labels/);
    expect(() => classifierFromJson({ format: 'touchpoint-sentiment-model', version: 1 })).toThrow(/not a Touchpoint text classifier/);
    expect(() => loadClassifier(path.join(dir, 'missing.json'))).toThrow(/cannot read model file/);
  });
});

describe('stratified folds', () => {
  it('keeps label proportions in every fold', () => {
    const labels = Int32Array.from({ length: 1000 }, (_, i) => (i % 10 < 7 ? 0 : i % 10 < 9 ? 1 : 2));
    const folds = stratifiedFolds(labels, 5, 9);
    for (let f = 0; f < 5; f++) {
      const inFold = labels.filter((_, i) => folds[i] === f);
      expect(inFold.length).toBe(200);
      expect(inFold.filter((l) => l === 0).length).toBe(140);
      expect(inFold.filter((l) => l === 2).length).toBe(20);
    }
    expect(() => stratifiedFolds(labels, 1)).toThrow(/at least 2/);
  });
});
