import { z } from 'zod';

// A survey's questions and the rules for their answers: pure data and functions,
// shared by the API's validation, the answer page and the reports.

const LANGUAGE = /^[a-z]{2,3}(-[A-Z]{2})?$/;
export const languageSchema = z.string().regex(LANGUAGE, 'a language tag like "en" or "pt-BR"');

/** A text in one language, or in several: `{"en": "How likely…", "fr": "Quelle est…"}`. */
export const localisedText = z.union([z.string().trim().min(1).max(1000), z.record(languageSchema, z.string().trim().min(1).max(1000))]);
export type LocalisedText = z.infer<typeof localisedText>;

const questionId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, "_" or "-" (at most 40)')
  .describe('Stable id of the question: answers are keyed by it');

const choice = z.object({ id: questionId, label: localisedText });

export const questionSchema = z.discriminatedUnion('type', [
  z.object({ id: questionId, type: z.literal('nps'), text: localisedText }).strict(),
  z
    .object({ id: questionId, type: z.literal('csat'), text: localisedText, scale: z.union([z.literal(2), z.literal(3), z.literal(5), z.literal(7)]).default(5) })
    .strict(),
  z
    .object({
      id: questionId,
      type: z.literal('ces'),
      text: localisedText,
      scale: z.union([z.literal(5), z.literal(7)]).default(7),
      direction: z.enum(['higher-is-easier', 'higher-is-harder']).default('higher-is-easier').describe('"The company made it easy…" (agree = easy) or "How much effort…" (high = hard)'),
    })
    .strict(),
  z.object({ id: questionId, type: z.literal('rating'), text: localisedText, scale: z.number().int().min(3).max(10).default(5) }).strict(),
  z.object({ id: questionId, type: z.literal('single_choice'), text: localisedText, choices: z.array(choice).min(2).max(30) }).strict(),
  z.object({ id: questionId, type: z.literal('multiple_choice'), text: localisedText, choices: z.array(choice).min(2).max(30) }).strict(),
  z.object({ id: questionId, type: z.literal('text'), text: localisedText }).strict(),
]);
export type Question = z.infer<typeof questionSchema>;
export type ScoreKind = 'nps' | 'csat' | 'ces' | 'rating';
export type AnswerValue = number | string | string[];

export const questionsSchema = z
  .array(questionSchema)
  .min(1)
  .max(30)
  .superRefine((questions, ctx) => {
    const seen = new Set<string>();
    for (const [i, q] of questions.entries()) {
      if (seen.has(q.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `question id "${q.id}" is used twice` });
      seen.add(q.id);
      if ('choices' in q && new Set(q.choices.map((c) => c.id)).size !== q.choices.length) ctx.addIssue({ code: 'custom', path: [i, 'choices'], message: 'choice ids must be unique' });
    }
  });

/** The lowest and highest score of a scale question. */
export function scaleOf(q: Question): { min: number; max: number } | null {
  switch (q.type) {
    case 'nps':
      return { min: 0, max: 10 };
    case 'csat':
    case 'ces':
    case 'rating':
      return { min: 1, max: q.scale };
    default:
      return null;
  }
}

export const isScoreQuestion = (q: Question): q is Extract<Question, { type: ScoreKind }> => scaleOf(q) !== null;

/** A text in the wanted language, else the survey's first language, else any. */
export function textIn(text: LocalisedText, language: string, fallback: string): string {
  if (typeof text === 'string') return text;
  return text[language] ?? text[language.split('-')[0]!] ?? text[fallback] ?? Object.values(text)[0] ?? '';
}

export type AnswerCheck = { ok: true; answers: Record<string, AnswerValue> } | { ok: false; problems: string[] };

const MAX_TEXT = 5000;

/** Checks answers against the questions: unknown questions, out-of-range scores and unknown choices are refused. */
export function checkAnswers(questions: Question[], answers: Record<string, unknown>): AnswerCheck {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const problems: string[] = [];
  const clean: Record<string, AnswerValue> = {};
  for (const [id, value] of Object.entries(answers)) {
    const q = byId.get(id);
    if (!q) {
      problems.push(`answers.${id}: the survey has no such question`);
      continue;
    }
    if (value === null || value === undefined || value === '') continue; // unanswered
    const problem = checkValue(q, value);
    if (problem) problems.push(`answers.${id}: ${problem}`);
    else clean[id] = typeof value === 'string' ? value.trim() : (value as AnswerValue);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, answers: clean };
}

function checkValue(q: Question, value: unknown): string | null {
  const scale = scaleOf(q);
  if (scale) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < scale.min || value > scale.max) return `a whole number from ${scale.min} to ${scale.max}`;
    return null;
  }
  if (q.type === 'text') return typeof value === 'string' && value.length <= MAX_TEXT ? null : `a text of at most ${MAX_TEXT} characters`;
  const ids = new Set((q as Extract<Question, { choices: unknown }>).choices.map((c) => c.id));
  if (q.type === 'single_choice') return typeof value === 'string' && ids.has(value) ? null : `one of ${[...ids].join(', ')}`;
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string' || !ids.has(v)) || new Set(value).size !== value.length) {
    return `a list of distinct choices among ${[...ids].join(', ')}`;
  }
  return null;
}

export type NpsCategory = 'promoter' | 'passive' | 'detractor';
export const npsCategory = (score: number): NpsCategory => (score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor');

/**
 * Whether a score is favourable, the rule each report counts:
 * CSAT top box: 5-point 4–5, 7-point 6–7, 3-point 3, 2-point 2 (thumbs up);
 * CES "agreeing" (an easy experience): on a higher-is-easier scale 5–7 of 7 or 4–5 of 5,
 * on a higher-is-harder scale 1–3 of 7 or 1–2 of 5. NPS and ratings have none (null).
 */
export function isFavourable(q: Question, score: number): boolean | null {
  if (q.type === 'csat') return score >= { 2: 2, 3: 3, 5: 4, 7: 6 }[q.scale];
  if (q.type === 'ces') {
    const easyFrom = q.scale === 7 ? 5 : 4;
    const easyTo = q.scale === 7 ? 3 : 2;
    return q.direction === 'higher-is-easier' ? score >= easyFrom : score <= easyTo;
  }
  return null;
}
