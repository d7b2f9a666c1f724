import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import Sentiment from 'sentiment';
import vader from 'vader-sentiment';
import { describe, expect, it } from 'vitest';
import { adaptSentiment, npsSentiment } from './adapt-sentiment.ts';
import { findCues } from './cues.ts';
import { analyseSentiment, createSentimentScorer } from './sentiment.ts';
import {
  SENTIMENT_FORMAT_VERSION,
  SentimentModelError,
  defaultSentimentModel,
  sentimentFromJson,
  sentimentToJson,
} from './sentiment-file.ts';
import { TrainingDataError } from './training-data.ts';

const score = createSentimentScorer();
type Post = { text: string; sentiment: string; kind: string };
const readPosts = (file: string) => parse(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', file)), { columns: true }) as Post[];
const fixture = readPosts('customer-posts.csv');

/** How many posts each method labels as their author did. */
function hits(posts: Post[]) {
  const afinn = new Sentiment();
  return {
    ours: posts.filter((r) => score(r.text).sentiment === r.sentiment).length,
    v: posts.filter((r) => {
      const c = vader.SentimentIntensityAnalyzer.polarity_scores(r.text).compound;
      return (c >= 0.05 ? 'positive' : c <= -0.05 ? 'negative' : 'neutral') === r.sentiment;
    }).length,
    a: posts.filter((r) => {
      const s = afinn.analyze(r.text).score;
      return (s > 0 ? 'positive' : s < 0 ? 'negative' : 'neutral') === r.sentiment;
    }).length,
  };
}

describe('sentiment', () => {
  it('gets clear cases right, with the score on the matching side of zero', () => {
    const cases: [string, string][] = [
      ['Thank you so much, your team was brilliant!', 'positive'],
      ['I love this app, it works perfectly.', 'positive'],
      ['This is the worst service I have ever had.', 'negative'],
      ['Absolutely terrible, I am so angry.', 'negative'],
      ['How do I change my address?', 'neutral'],
      ['What are your opening hours on Saturday?', 'neutral'],
    ];
    for (const [text, expected] of cases) {
      const r = score(text);
      expect(r.sentiment, text).toBe(expected);
      if (expected === 'positive') expect(r.score).toBeGreaterThan(0.2);
      if (expected === 'negative') expect(r.score).toBeLessThan(-0.2);
      if (expected === 'neutral') expect(Math.abs(r.score)).toBeLessThan(0.5);
    }
  });

  it('reads complaints without sentiment words as negative', () => {
    for (const text of [
      'My flight was delayed 3 hours',
      'I was charged twice for the same order',
      'Still waiting for my refund after three weeks',
      'The parcel never arrived',
      'My internet has been down since Monday and nobody called back',
    ]) {
      expect(score(text).sentiment, text).toBe('negative');
    }
  });

  describe('social posts', () => {
    it('ignores handles and links, and reads HTML escapes as the characters they stand for', () => {
      const plain = score('the agent was really helpful');
      const social = score('@NorthRail the agent was really helpful https://t.co/x8Fq2LmZ www.example.com/help');
      expect(social.probabilities).toEqual(plain.probabilities);
      expect(social.flags).not.toContain('unrecognised');
      expect(score('delayed &amp; cancelled, I can&#39;t believe it').probabilities).toEqual(score("delayed & cancelled, I can't believe it").probabilities);
    });

    it('reads sarcasm as negative, and the same words said plainly as positive', () => {
      for (const text of ['@FlyAway thanks for nothing. stranded at york', 'what a joke of a company', 'oh great, the app is down again']) {
        expect(score(text).sentiment, text).toBe('negative');
      }
      expect(score('@FlyAway thanks for rebooking us').sentiment).toBe('positive');
      expect(score('great, the app works again').sentiment).toBe('positive');
    });

    it("understands the abbreviations of short posts: 'hrs', 'mins', 'thx'", () => {
      expect(score('2 hrs on hold').sentiment).toBe('negative');
      expect(score('45 mins in the queue').sentiment).toBe('negative');
      expect(score('thx, all sorted').sentiment).toBe('positive');
      // Minutes are the time of a quick fix more often than of a delay.
      expect(score('sorted my card issue in 5 mins on chat. impressed').sentiment).toBe('positive');
    });

    it('does not count a problem that was put right as a complaint', () => {
      expect(findCues('the engineer fixed the leak').find((c) => c.name === 'broken')?.negated).toBe(true);
      expect(findCues('the tap is leaking').find((c) => c.name === 'broken')?.negated).toBe(false);
      expect(findCues('we found a leak').find((c) => c.name === 'broken')?.negated).toBe(false);
      expect(score('the engineer fixed the leak').score).toBeGreaterThan(score('the engineer found a leak').score + 0.3);
      expect(score('fixed the leak. top service').sentiment).toBe('positive');
      expect(score('refund came through already').sentiment).toBe('positive');
      expect(score('refund has not come through').sentiment).toBe('negative');
    });

    it('beats VADER and AFINN on hand-written social posts, including the round written after the changes', () => {
      const social = readPosts('social-posts.csv') as (Post & { round: string })[];
      expect(social).toHaveLength(96);
      const all = hits(social);
      expect(all.ours).toBeGreaterThan(all.v + 10); // more than 10 points better
      expect(all.ours).toBeGreaterThan(all.a + 10);
      const fresh = hits(social.filter((p) => p.round === '2'));
      expect(fresh.ours).toBeGreaterThan(Math.max(fresh.v, fresh.a) + 3);
    });
  });

  it('handles negation', () => {
    expect(score('The agent was helpful').sentiment).toBe('positive');
    expect(score('The agent was not helpful').sentiment).toBe('negative');
    expect(score('Still not fixed').sentiment).toBe('negative');
  });

  it('beats VADER and AFINN on the hand-written customer posts', () => {
    const { ours, v, a } = hits(fixture);
    expect(fixture).toHaveLength(150);
    expect(ours).toBeGreaterThan(v + 15); // at least 10 points better
    expect(ours).toBeGreaterThan(a + 15);
    const plain = fixture.filter((r) => r.kind === 'complaint-plain');
    const plainHits = plain.filter((r) => score(r.text).sentiment === 'negative').length;
    expect(plainHits / plain.length).toBeGreaterThan(0.8);
  });

  it('marks empty, long and unrecognised text instead of guessing', () => {
    expect(score('')).toMatchObject({ sentiment: 'neutral', score: 0, flags: ['empty'] });
    expect(score('  \n ')).toMatchObject({ sentiment: 'neutral', score: 0, flags: ['empty'] });
    const long = score('The delivery was late. '.repeat(400));
    expect(long.flags).toContain('truncated');
    expect(long.sentiment).toBe('negative');
    for (const foreign of ['Das Paket ist nie angekommen', '我的航班延误了三个小时', 'Mi pedido nunca llegó']) {
      const r = score(foreign);
      expect(r.sentiment, foreign).toBe('neutral');
      expect(r.flags, foreign).toContain('unrecognised');
      expect(r.confidence).toBeLessThan(0.5);
    }
  });

  it('keeps probabilities and score consistent', () => {
    for (const r of fixture.slice(0, 40).map((f) => score(f.text))) {
      const p = r.probabilities;
      expect(p.negative + p.neutral + p.positive).toBeCloseTo(1, 5);
      expect(r.score).toBeCloseTo(p.positive - p.negative, 5);
      expect(r.score).toBeGreaterThanOrEqual(-1);
      expect(r.score).toBeLessThanOrEqual(1);
    }
  });
});

describe('sentiment model file', () => {
  it('round-trips and refuses another version', () => {
    const model = defaultSentimentModel();
    const again = sentimentFromJson(JSON.parse(JSON.stringify(sentimentToJson(model))));
    for (const f of fixture.slice(0, 30)) expect(analyseSentiment(f.text, again).sentiment).toBe(score(f.text).sentiment);
    const json = { ...sentimentToJson(model), version: SENTIMENT_FORMAT_VERSION + 1 };
    expect(() => sentimentFromJson(json, 'x.json')).toThrow(SentimentModelError);
    expect(() => sentimentFromJson(json, 'x.json')).toThrow(/version 2/);
    expect(() => sentimentFromJson({ ...sentimentToJson(model), weights: [1, 2] })).toThrow(/corrupt/);
  });

  it('is small enough to commit', () => {
    const size = fs.statSync(path.join(import.meta.dirname, 'sentiment-model.json')).size;
    expect(size).toBeLessThan(2_000_000);
  });
});

describe('adaptSentiment', () => {
  it('maps NPS scores to classes', () => {
    expect([0, 6, 7, 8, 9, 10].map(npsSentiment)).toEqual(['negative', 'negative', 'neutral', 'neutral', 'positive', 'positive']);
    expect(() => npsSentiment(11)).toThrow(/0 to 10/);
  });

  it("learns a workspace's own complaint words and keeps general English", () => {
    // In this workspace "resync" problems are the top complaint: a word the base model has never seen.
    const comments = [];
    for (let i = 0; i < 40; i++) {
      comments.push({ text: `resync loop on the ${['tablet', 'laptop', 'phone', 'watch'][i % 4]} every morning`, score: i % 5 });
      comments.push({ text: `the ${['reports', 'export', 'calendar', 'sharing'][i % 4]} feature is handy`, score: 9 + (i % 2) });
      comments.push({ text: `we use it for ${['invoices', 'rotas', 'planning', 'notes'][i % 4]}`, score: 7 + (i % 2) });
    }
    const probe = 'resync loop on the desktop';
    const before = analyseSentiment(probe);
    const model = adaptSentiment(comments);
    const after = analyseSentiment(probe, model);
    expect(after.score).toBeLessThan(before.score - 0.2);
    expect(after.sentiment).toBe('negative');
    expect(analyseSentiment('Thank you, the support team was wonderful!', model).sentiment).toBe('positive');
    expect(analyseSentiment('This is awful, I am very disappointed', model).sentiment).toBe('negative');
    // Pure: the same input gives the same model.
    expect(sentimentToJson(adaptSentiment(comments)).weights).toEqual(sentimentToJson(model).weights);
  });

  it('refuses comments from a single NPS group', () => {
    const comments = Array.from({ length: 20 }, (_, i) => ({ text: `great product ${i}`, score: 10 }));
    expect(() => adaptSentiment(comments)).toThrow(TrainingDataError);
    expect(() => adaptSentiment(comments)).toThrow(/one NPS group/);
  });
});
