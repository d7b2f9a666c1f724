import { describe, expect, it } from 'vitest';
import { checkAnswers, isFavourable, npsCategory, questionsSchema, type Question } from './questions.ts';
import { matches } from './loop.ts';
import { afterQuietHours } from './schedule.ts';

const questions: Question[] = questionsSchema.parse([
  { id: 'nps', type: 'nps', text: { en: 'How likely…', fr: 'Quelle probabilité…' } },
  { id: 'csat', type: 'csat', text: 'Satisfied?', scale: 5 },
  { id: 'ces', type: 'ces', text: 'It was easy', scale: 7 },
  { id: 'effort', type: 'ces', text: 'How much effort?', scale: 5, direction: 'higher-is-harder' },
  { id: 'why', type: 'single_choice', text: 'Main reason', choices: [{ id: 'price', label: 'Price' }, { id: 'speed', label: 'Speed' }] },
  { id: 'also', type: 'multiple_choice', text: 'Also', choices: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }] },
  { id: 'comment', type: 'text', text: 'Anything else?' },
]);

describe('answers are checked against the questions', () => {
  it('accepts answers in range and leaves unanswered questions out', () => {
    expect(checkAnswers(questions, { nps: 0, csat: 5, ces: 7, why: 'price', also: ['a', 'b'], comment: ' Late again ', effort: null })).toEqual({
      ok: true,
      answers: { nps: 0, csat: 5, ces: 7, why: 'price', also: ['a', 'b'], comment: 'Late again' },
    });
  });

  it('refuses scores out of range, fractions, unknown questions and unknown or repeated choices, naming each', () => {
    const check = checkAnswers(questions, { nps: 11, csat: 0, ces: 3.5, why: 'colour', also: ['a', 'a'], ghost: 1 });
    expect(check.ok).toBe(false);
    const problems = (check as { problems: string[] }).problems.join('\n');
    for (const field of ['answers.nps: a whole number from 0 to 10', 'answers.csat: a whole number from 1 to 5', 'answers.ces', 'answers.why: one of price, speed', 'answers.also', 'answers.ghost: the survey has no such question']) {
      expect(problems).toContain(field);
    }
  });

  it('refuses a survey whose question ids repeat', () => {
    expect(questionsSchema.safeParse([{ id: 'a', type: 'nps', text: 'x' }, { id: 'a', type: 'text', text: 'y' }]).success).toBe(false);
  });
});

describe('what counts as favourable', () => {
  it('NPS categories: 9-10 promoters, 7-8 passives, 0-6 detractors', () => {
    expect([0, 6, 7, 8, 9, 10].map(npsCategory)).toEqual(['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']);
  });

  it('CSAT top box per scale, CES agreement by direction', () => {
    const csat = (scale: 2 | 3 | 5 | 7, v: number) => isFavourable({ id: 'c', type: 'csat', text: 'x', scale }, v);
    expect([csat(5, 3), csat(5, 4), csat(7, 5), csat(7, 6), csat(3, 2), csat(3, 3), csat(2, 1), csat(2, 2)]).toEqual([false, true, false, true, false, true, false, true]);
    expect([isFavourable(questions[2]!, 4), isFavourable(questions[2]!, 5)]).toEqual([false, true]);
    expect([isFavourable(questions[3]!, 2), isFavourable(questions[3]!, 3)]).toEqual([true, false]);
    expect(isFavourable(questions[0]!, 10)).toBeNull();
  });
});

describe('closed-loop conditions', () => {
  it('a score range, or words in a text answer (whole words, any case)', () => {
    expect(matches({ kind: 'nps', max: 6 }, questions, { nps: 6 })).toBe(true);
    expect(matches({ kind: 'nps', max: 6 }, questions, { nps: 7 })).toBe(false);
    expect(matches({ kind: 'csat', min: 1, max: 2 }, questions, { nps: 1 })).toBe(false);
    expect(matches({ kind: 'nps', min: 9, words: ['refund'] }, questions, { nps: 3, comment: 'I want a REFUND now' })).toBe(true);
    expect(matches({ kind: 'nps', words: ['late'] }, questions, { comment: 'chocolate was great' })).toBe(false);
  });
});

describe('when an invitation may go', () => {
  it('quiet hours 21:00-08:00 in the customer’s zone move a send to 08:00 local', () => {
    // 22:30 in Paris (UTC+1 in winter) is 21:30 UTC: it waits until 08:00 Paris, 07:00 UTC.
    expect(afterQuietHours(new Date('2026-11-23T21:30:00Z'), 'Europe/Paris', 21, 8).toISOString()).toBe('2026-11-24T07:00:00.000Z');
    expect(afterQuietHours(new Date('2026-11-23T12:00:00Z'), 'Europe/Paris', 21, 8).toISOString()).toBe('2026-11-23T12:00:00.000Z');
    // 03:15 in Tokyo (UTC+9) is 18:15 UTC the day before.
    expect(afterQuietHours(new Date('2026-11-22T18:15:00Z'), 'Asia/Tokyo', 21, 8).toISOString()).toBe('2026-11-22T23:00:00.000Z');
    expect(afterQuietHours(new Date('2026-11-23T21:30:00Z'), 'Europe/Paris', null, null).toISOString()).toBe('2026-11-23T21:30:00.000Z');
  });
});
