import { escapeHtml as e } from '../platform/html.ts';
import { isScoreQuestion, scaleOf, textIn, type AnswerValue, type Question, type ScoreKind } from './questions.ts';
import type { Survey } from './store.ts';

// The pages customers see when they answer: plain server-rendered HTML that works
// without JavaScript, on a phone and in a kiosk. Every text from a survey or a
// customer is escaped.

const STYLE = `
*{box-sizing:border-box}body{margin:0;background:#f6f7f9;color:#1f2937;font:16px/1.5 system-ui,sans-serif}
main{max-width:640px;margin:0 auto;padding:24px 16px}h1{font-size:1.35rem;margin:0 0 16px}
.q{background:#fff;border-radius:10px;padding:16px;margin:0 0 14px;box-shadow:0 1px 2px #0001}.q>p{font-weight:600;margin:0 0 10px}
.scale{display:flex;flex-wrap:wrap;gap:6px}.scale label{flex:1 0 36px}.scale input,.choice input{position:absolute;opacity:0}
.scale span{display:block;text-align:center;padding:10px 0;border:1px solid #c7cbd1;border-radius:6px;cursor:pointer;font-weight:600}
.scale input:checked+span{background:#2563eb;border-color:#2563eb;color:#fff}.scale input:focus-visible+span{outline:2px solid #2563eb}
.ends{display:flex;justify-content:space-between;font-size:.8rem;color:#6b7280;margin-top:4px}
.choice{display:block;padding:8px 10px;border:1px solid #e5e7eb;border-radius:6px;margin:4px 0;cursor:pointer;position:relative}
.choice input:checked+span{font-weight:600;color:#2563eb}textarea{width:100%;min-height:110px;font:inherit;padding:8px;border:1px solid #c7cbd1;border-radius:6px}
button{font:inherit;font-weight:600;background:#2563eb;color:#fff;border:0;border-radius:8px;padding:12px 22px;cursor:pointer}
.error{background:#fef2f2;color:#991b1b;padding:10px 12px;border-radius:6px;margin-bottom:14px}.note{color:#6b7280}
body.kiosk main{max-width:820px;font-size:1.2rem}body.kiosk .scale span{padding:18px 0}`;

function page(title: string, body: string, options: { kiosk?: boolean; refreshTo?: string; lang?: string } = {}): string {
  return `<!doctype html><html lang="${e(options.lang ?? 'en')}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">${options.refreshTo ? `<meta http-equiv="refresh" content="6;url=${e(options.refreshTo)}">` : ''}
<title>${e(title)}</title><style>${STYLE}</style></head><body${options.kiosk ? ' class="kiosk"' : ''}><main>${body}</main></body></html>`;
}

/** Security headers of every answer page: no scripts at all, forms only to us, never framed. */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

export function messagePage(title: string, text: string, options: { kiosk?: boolean; refreshTo?: string } = {}): string {
  return page(title, `<h1>${e(title)}</h1><p class="note">${e(text)}</p>`, options);
}

const ENDS: Record<string, [string, string]> = { nps: ['Not at all likely', 'Extremely likely'], csat: ['Very unsatisfied', 'Very satisfied'], rating: ['Poor', 'Excellent'] };

/** The words under the lowest and the highest score of a scale (the page's and the website widget's). */
export function scaleEnds(q: Extract<Question, { type: ScoreKind }>): [string, string] {
  if (q.type !== 'ces') return ENDS[q.type]!;
  return q.direction === 'higher-is-easier' ? ['Strongly disagree', 'Strongly agree'] : ['Very low effort', 'Very high effort'];
}

function questionHtml(q: Question, lang: string, fallback: string, value: AnswerValue | undefined): string {
  const name = `a.${q.id}`;
  const label = `<p id="l-${e(q.id)}">${e(textIn(q.text, lang, fallback))}</p>`;
  if (isScoreQuestion(q)) {
    const { min, max } = scaleOf(q)!;
    const ends = scaleEnds(q);
    const options = Array.from({ length: max - min + 1 }, (_, i) => min + i)
      .map((s) => `<label><input type="radio" name="${e(name)}" value="${s}"${value === s ? ' checked' : ''}><span>${s}</span></label>`)
      .join('');
    return `<div class="q" role="radiogroup" aria-labelledby="l-${e(q.id)}">${label}<div class="scale">${options}</div><div class="ends"><span>${e(ends[0])}</span><span>${e(ends[1])}</span></div></div>`;
  }
  if (q.type === 'text') return `<div class="q">${label}<textarea name="${e(name)}" maxlength="5000" aria-labelledby="l-${e(q.id)}">${e(typeof value === 'string' ? value : '')}</textarea></div>`;
  const type = q.type === 'single_choice' ? 'radio' : 'checkbox';
  const chosen = new Set([value ?? []].flat().map(String));
  const choices = q.choices
    .map((c) => `<label class="choice"><input type="${type}" name="${e(name)}" value="${e(c.id)}"${chosen.has(c.id) ? ' checked' : ''}><span>${e(textIn(c.label, lang, fallback))}</span></label>`)
    .join('');
  return `<div class="q" aria-labelledby="l-${e(q.id)}">${label}${choices}</div>`;
}

export interface SurveyPageInput {
  survey: Survey;
  language: string;
  answers: Record<string, AnswerValue>;
  action: string;
  kiosk?: boolean;
  error?: string;
}

export function surveyPage({ survey, language, answers, action, kiosk, error }: SurveyPageInput): string {
  const fallback = survey.languages[0] ?? 'en';
  const title = survey.title ? textIn(survey.title, language, fallback) : survey.name;
  const thanks = Object.keys(answers).length > 0 ? '<p class="note">Thank you: your answer is recorded. Anything to add?</p>' : '';
  const body = `<h1>${e(title)}</h1>${thanks}${error ? `<p class="error" role="alert">${e(error)}</p>` : ''}
<form method="post" action="${e(action)}">${survey.questions.map((q) => questionHtml(q, language, fallback, answers[q.id])).join('')}
<button type="submit">Send</button></form>`;
  return page(title, body, { kiosk, lang: language });
}

/** Form fields (`a.<question id>`) to answers: numbers for scales, lists for multiple choice. */
export function answersFromForm(questions: Question[], form: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, raw] of Object.entries(form ?? {})) {
    if (!field.startsWith('a.')) continue;
    const id = field.slice(2);
    const q = questions.find((x) => x.id === id);
    if (!q) {
      out[id] = raw; // refused by checkAnswers with its name
      continue;
    }
    const values = [raw].flat().map(String);
    if (isScoreQuestion(q)) out[id] = values[0] === '' ? null : /^\d+$/.test(values[0]!) ? Number(values[0]) : values[0];
    else if (q.type === 'multiple_choice') out[id] = values;
    else out[id] = values[0];
  }
  return out;
}
