/**
 * Names a theme by the terms that set its texts apart from the others' (class-based
 * TF-IDF, as BERTopic does): a term's share of the theme's texts times
 * log(1 + average texts per theme / texts of all themes holding the term). Words
 * every theme uses ("order", "help") score low; "arrived late" in one theme scores
 * high. Terms are content words and pairs of adjacent content words, as written.
 */
import { STOP_WORDS } from '../text/features.ts';
import { words } from '../text/normalise.ts';

// Politeness and filler that the classifier's stop list keeps (it has no reason to drop them).
const FILLER = new Set(['thanks', 'thank', 'dear', 'regards', 'hey', 'ok', 'okay', 'yes', 'also', 'get', 'got', 'one', 'us', 'they', 'them', 'he', 'she', 'him', 'her', 'than', 'then', 'too', 'very', 'really', 'about', 'into', 'some', 'any', 'all', 'no', 'again', 'after', 'up', 'out']);

const isContent = (w: string) => w.length > 1 && !STOP_WORDS.has(w) && !FILLER.has(w);

/** The distinct terms of one text: content words and adjacent content-word pairs ("late delivery"). */
export function termsOf(text: string): Set<string> {
  const tokens = words(text);
  const terms = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    if (!isContent(tokens[i]!)) continue;
    terms.add(tokens[i]!);
    if (i + 1 < tokens.length && isContent(tokens[i + 1]!) && tokens[i + 1] !== tokens[i]) terms.add(`${tokens[i]} ${tokens[i + 1]}`);
  }
  return terms;
}

export interface ThemeName {
  name: string;
  /** Most distinctive first. */
  terms: string[];
}

/**
 * Names every group at once (the weights depend on all of them). `groups[g]` holds
 * the texts of group g; a term must be in at least 2 texts and 10% of its group's.
 */
export function nameThemes(groups: readonly (readonly string[])[], termsPerTheme = 6): ThemeName[] {
  const counts = groups.map((texts) => {
    const df = new Map<string, number>();
    for (const t of texts) for (const term of termsOf(t)) df.set(term, (df.get(term) ?? 0) + 1);
    return df;
  });
  const everywhere = new Map<string, number>();
  for (const df of counts) for (const [term, n] of df) everywhere.set(term, (everywhere.get(term) ?? 0) + n);
  const average = groups.reduce((s, g) => s + g.length, 0) / Math.max(1, groups.length);
  return groups.map((texts, g) => {
    const minSupport = Math.max(2, Math.ceil(texts.length * 0.1));
    const scored = [...counts[g]!]
      .filter(([, n]) => n >= minSupport)
      .map(([term, n]) => ({ term, weight: (n / texts.length) * Math.log(1 + average / everywhere.get(term)!) }))
      // Ties (common in small groups) fall to pairs, then alphabetically: the same name every run.
      .sort((a, b) => b.weight - a.weight || b.term.split(' ').length - a.term.split(' ').length || a.term.localeCompare(b.term));
    const terms = distinctTerms(
      scored.map((s) => s.term),
      termsPerTheme,
    );
    return { name: terms.slice(0, 2).join(' · ') || 'miscellaneous', terms };
  });
}

/**
 * Says each word once: a word already in a chosen pair is dropped, a pair takes the
 * place of a chosen word it contains ("late" becomes "arrived late"), and a pair
 * whose words are both said already is dropped.
 */
function distinctTerms(ranked: string[], limit: number): string[] {
  const chosen: string[] = [];
  const said = new Set<string>();
  for (const term of ranked) {
    const parts = term.split(' ');
    if (parts.every((p) => said.has(p))) continue;
    const replaced = parts.length > 1 ? chosen.findIndex((c) => parts.includes(c)) : -1;
    if (replaced >= 0) chosen[replaced] = term;
    else if (chosen.length < limit) chosen.push(term);
    for (const p of parts) said.add(p);
  }
  return chosen;
}
