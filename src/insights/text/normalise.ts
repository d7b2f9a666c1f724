/**
 * Text normalisation shared by the classifier and the sentiment scorer.
 *
 * Customer messages are typed fast on phones: missing apostrophes ("cant"),
 * curly quotes, odd casing and numbers that differ in every message. Folding
 * these to one form lets a few thousand labelled examples cover more of what
 * people actually write.
 */

// Apostrophe-less contractions that are unambiguous English words once expanded.
// ("wont" and "cant" are rare as nouns in support text; treating them as negations helps more than it hurts.)
const BARE_CONTRACTIONS: Record<string, string> = {
  cant: 'can not',
  cannot: 'can not',
  dont: 'do not',
  doesnt: 'does not',
  didnt: 'did not',
  isnt: 'is not',
  arent: 'are not',
  wasnt: 'was not',
  werent: 'were not',
  hasnt: 'has not',
  havent: 'have not',
  hadnt: 'had not',
  wont: 'will not',
  wouldnt: 'would not',
  shouldnt: 'should not',
  couldnt: 'could not',
  aint: 'is not',
  im: 'i am',
  ive: 'i have',
  youre: 'you are',
  theyre: 'they are',
};

/** Lower-cases, folds Unicode look-alikes and expands English contractions. */
export function normaliseText(text: string): string {
  let t = text.normalize('NFKC').toLowerCase();
  // Curly apostrophes and back-ticks become plain ones so "don’t" and "don't" match.
  t = t.replace(/[\u2018\u2019\u02bc`´]/g, "'");
  if (!t.includes("'")) return t; // most texts: skip the contraction patterns
  t = t
    .replace(/\bcan't\b/g, 'can not')
    .replace(/\bwon't\b/g, 'will not')
    .replace(/\bain't\b/g, 'is not')
    .replace(/n't\b/g, ' not')
    .replace(/'m\b/g, ' am')
    .replace(/'re\b/g, ' are')
    .replace(/'ve\b/g, ' have')
    .replace(/'ll\b/g, ' will')
    .replace(/'d\b/g, ' would')
    .replace(/'s\b/g, '');
  return t;
}

const TOKEN = /[\p{L}\p{M}]+|\p{N}+/gu;

/**
 * Splits normalised text into word tokens. Every run of digits becomes "0":
 * "2 weeks" and "3 weeks" mean the same thing to a triage model.
 */
export function tokenise(normalised: string): string[] {
  const out: string[] = [];
  for (const m of normalised.matchAll(TOKEN)) {
    const tok = m[0];
    if (tok.charCodeAt(0) >= 48 && tok.charCodeAt(0) <= 57) {
      out.push('0');
      continue;
    }
    const expanded = BARE_CONTRACTIONS[tok];
    if (expanded) out.push(...expanded.split(' '));
    else out.push(tok);
  }
  return out;
}

/** normaliseText then tokenise. */
export function words(text: string): string[] {
  return tokenise(normaliseText(text));
}
