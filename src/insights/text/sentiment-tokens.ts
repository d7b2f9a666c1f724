/**
 * Tokens for sentiment: like the classifier's words, plus the punctuation that
 * ends a negation's reach, emoticons and emoji mapped to words, and which words
 * were SHOUTED in capitals.
 */
import { normaliseText } from './normalise.ts';

export interface SentimentTokens {
  /** Lower-case words and the punctuation marks . , ; : ! ? as their own tokens. */
  tokens: string[];
  /** Words written in capitals (3+ letters) in the original, lower-cased. */
  shouted: Set<string>;
  /** The normalised text the cue patterns run on. */
  normalised: string;
  exclamations: number;
  questionMarks: number;
}

// A few emoticons and emoji carry the whole sentiment of short posts ("ok 👍").
const EMOTICONS: [RegExp, string][] = [
  [/(?:^|\s)[:;=]-?[)\]dp](?=\s|$)/giu, ' emopositive '],
  [/(?:^|\s)[:;=]-?[(\[\\/](?=\s|$)/gu, ' emonegative '],
  [/[\u{1F600}-\u{1F60D}\u{1F60A}\u{1F642}\u{1F44D}\u{1F44F}\u{1F64F}\u{1F389}\u{1F970}\u{1F929}\u2764\u{1F499}\u{1F49A}\u{1F49B}\u{1F49C}\u2B50\u{1F31F}]/gu, ' emopositive '],
  [/[\u{1F620}-\u{1F62B}\u{1F612}\u{1F614}\u{1F615}\u{1F61E}\u{1F61F}\u{1F641}\u2639\u{1F44E}\u{1F92C}\u{1F62D}\u{1F630}\u{1F631}\u{1F644}]/gu, ' emonegative '],
];

const TOKEN = /[\p{L}\p{M}]+|\p{N}+|[.,;:!?]/gu;

// Social posts start with the brand's handle and often carry a link: neither says how the
// customer feels, and "@united" or the letters of "https://t.co/x8Fq" would read as words.
const HANDLE_OR_LINK = /(?:^|(?<=\s))@\w+|\b(?:https?:\/\/|www\.)\S+/giu;

// Exported posts often keep HTML's escapes ("delayed &amp; cancelled"); "amp" is not a word.
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" };

export function sentimentTokens(raw: string): SentimentTokens {
  let text = raw.includes('@') || raw.includes('/') || raw.includes('www.') ? raw.replace(HANDLE_OR_LINK, ' ') : raw;
  if (text.includes('&')) text = text.replace(/&(amp|lt|gt|quot|#39|apos);/g, (_, name: string) => ENTITIES[name]);
  // Most texts have neither emoticons nor emoji: test cheaply before running the Unicode patterns.
  if (/[:;=]|[\u2600-\u27bf\ud83c-\ud83e]/.test(text)) for (const [re, word] of EMOTICONS) text = text.replace(re, word);
  const shouted = new Set<string>();
  for (const m of text.matchAll(/\b\p{Lu}{3,}\b/gu)) shouted.add(m[0].toLowerCase());
  const normalised = normaliseText(text);
  const tokens: string[] = [];
  let exclamations = 0;
  let questionMarks = 0;
  for (const m of normalised.matchAll(TOKEN)) {
    const t = m[0];
    if (t === '!') exclamations++;
    if (t === '?') questionMarks++;
    const c = t.charCodeAt(0);
    tokens.push(c >= 48 && c <= 57 ? '0' : t);
  }
  // Bare contractions ("dont", "cant") as in the classifier's tokeniser.
  const out: string[] = [];
  for (const t of tokens) {
    const e = BARE[t];
    if (e) out.push(e[0], e[1]);
    else out.push(t);
  }
  return { tokens: out, shouted, normalised, exclamations, questionMarks };
}

const BARE: Record<string, [string, string]> = {
  cant: ['can', 'not'],
  cannot: ['can', 'not'],
  dont: ['do', 'not'],
  doesnt: ['does', 'not'],
  didnt: ['did', 'not'],
  isnt: ['is', 'not'],
  arent: ['are', 'not'],
  wasnt: ['was', 'not'],
  werent: ['were', 'not'],
  hasnt: ['has', 'not'],
  havent: ['have', 'not'],
  hadnt: ['had', 'not'],
  wont: ['will', 'not'],
  wouldnt: ['would', 'not'],
  couldnt: ['could', 'not'],
  shouldnt: ['should', 'not'],
  im: ['i', 'am'],
  ive: ['i', 'have'],
};

export const PUNCTUATION = new Set(['.', ',', ';', ':', '!', '?']);

/** Words that flip the meaning of what follows ("not good", "never arrived"). */
export const NEGATORS = new Set([
  'not', 'no', 'never', 'none', 'nothing', 'nobody', 'nowhere', 'neither', 'nor', 'without', 'hardly', 'barely', 'rarely', 'lack', 'lacks', 'lacking',
]);
