import { describe, expect, it } from 'vitest';
import { findThemes } from './find-themes.ts';
import { nameThemes, termsOf } from './naming.ts';
import { normalisedMutualInformation } from './nmi.ts';
import { binomialUpperTail, matchAlerts, testSpike } from './spike.ts';
import { summariseThemes, summariseThemesInThread, type ThemeText } from './summarise.ts';

// Three clearly different complaints, each worded many ways (as customers do): an opening, the complaint, an ending.
const GROUPS = {
  late: [['My parcel', 'The delivery', 'The package', 'My coffee delivery'], ['arrived {n} days late', 'is late again', 'still has not arrived after {n} days', 'came a week late']],
  charge: [['I was', 'My card was', 'We were', 'Again I got'], ['charged twice for one order', 'charged two times, double charge', 'double charged on my card', 'charged twice, please refund the second payment']],
  grind: [['The grind', 'The ground coffee', 'Your grind size', 'The espresso grind'], ['was wrong for my espresso machine', 'is far too coarse for espresso', 'was too coarse again', 'is the wrong grind for my machine']],
};
const ENDINGS = ['', '.', ', not happy.', ' and nobody answered my email.', '!'];
type Group = keyof typeof GROUPS;
const sentence = (g: Group, i: number) => `${GROUPS[g][0][i % 4]} ${GROUPS[g][1][Math.floor(i / 4) % 4]!.replace('{n}', String(2 + (i % 5)))}${ENDINGS[i % 5]}`;

function corpus(perGroup: number): { texts: string[]; labels: Group[] } {
  const texts: string[] = [];
  const labels: Group[] = [];
  for (let i = 0; i < perGroup; i++)
    for (const g of Object.keys(GROUPS) as Group[]) {
      texts.push(sentence(g, i));
      labels.push(g);
    }
  return { texts, labels };
}

const themeOfEach = (found: ReturnType<typeof findThemes>, n: number) => {
  const theme = new Array<number>(n).fill(-1);
  found.themes.forEach((t, i) => t.members.forEach((m) => (theme[m] = i)));
  return theme;
};

describe('finding themes', () => {
  it('separates clearly distinct groups of texts: with k given, exactly; with k chosen, into themes that each hold one group', () => {
    const { texts, labels } = corpus(20);
    const given = findThemes(texts, { seed: 3, k: 3 });
    expect(given.themes).toHaveLength(3);
    expect(normalisedMutualInformation(labels, themeOfEach(given, texts.length))).toBeCloseTo(1, 9);
    const nameOf = (g: Group) => given.themes[themeOfEach(given, texts.length)[labels.indexOf(g)]!]!.name;
    expect(nameOf('late')).toMatch(/late|parcel|delivery/);
    expect(nameOf('charge')).toMatch(/charged|charge/);
    expect(nameOf('grind')).toMatch(/grind|espresso|coarse/);

    const chosen = findThemes(texts, { seed: 3 });
    expect(chosen.k).toBeGreaterThanOrEqual(3);
    expect(chosen.k).toBeLessThanOrEqual(Math.floor(Math.sqrt(texts.length)));
    for (const theme of chosen.themes) expect(new Set(theme.members.map((m) => labels[m]))).toHaveProperty('size', 1);
  });

  it('gives the same themes for the same texts and seed', () => {
    const { texts } = corpus(12);
    const a = findThemes(texts, { seed: 7 });
    const b = findThemes(texts, { seed: 7 });
    expect(b.themes.map((t) => [t.name, t.members])).toEqual(a.themes.map((t) => [t.name, t.members]));
  });

  it('folds clusters too small to be a theme into "other", and finds none in a handful of texts', () => {
    const { texts } = corpus(20);
    const withStrays = [...texts, 'The barista drew a lovely swan in the foam', 'Opening hours on Sunday?'];
    const found = findThemes(withStrays, { seed: 1, k: 5 });
    const inThemes = found.themes.reduce((s, t) => s + t.members.length, 0);
    expect(inThemes + found.other.length).toBe(withStrays.length);
    expect(found.themes.every((t) => t.members.length >= 3)).toBe(true);
    expect(findThemes(texts.slice(0, 4)).themes).toEqual([]);
  });

  it('places earlier texts in the theme they belong to, and unrelated ones in none', () => {
    const { texts, labels } = corpus(20);
    const found = findThemes(texts, { seed: 1, k: 3 });
    const placed = found.place(['My card was charged twice for one order, please refund', 'The weather in Lisbon is lovely today']);
    expect(found.themes[placed[0]!]!.members.map((m) => labels[m])).toContain('charge');
    expect(placed[1]).toBe(-1);
  });
});

describe('naming themes', () => {
  it('takes content words and adjacent pairs, not stop words', () => {
    expect([...termsOf('My order arrived late, not good')]).toEqual(['order', 'order arrived', 'arrived', 'arrived late', 'late', 'late not', 'not', 'not good', 'good']);
  });

  it('names a group by what sets it apart: a word every group uses does not name one; a pair replaces its word', () => {
    const names = nameThemes([
      ['order arrived late', 'my order arrived late again', 'order arrived late today'],
      ['order charged twice', 'my order was charged twice', 'charged twice for the order'],
    ]);
    expect(names[0]!.name).toBe('arrived late · order arrived');
    expect(names[1]!.terms[0]).toBe('charged twice');
    expect(names.flatMap((n) => n.terms.slice(0, 1))).not.toContain('order');
  });
});

describe('spikes', () => {
  it('tests the last week against the four before with an exact binomial tail', () => {
    // P(X >= 2) for Binomial(3, 0.2) = 3 * 0.2^2 * 0.8 + 0.2^3 = 0.104
    expect(binomialUpperTail(2, 3, 0.2)).toBeCloseTo(0.104, 12);
    expect(binomialUpperTail(0, 10, 0.2)).toBe(1);
    expect(binomialUpperTail(5000, 10_000, 0.2)).toBeGreaterThanOrEqual(0);
    // 12 this week after 8 in four weeks (2 a week): a spike. 4 after none: too few. 9 after 28 (7 a week): no.
    expect(testSpike(12, 8).spiked).toBe(true);
    expect(testSpike(4, 0).spiked).toBe(false);
    expect(testSpike(9, 28).spiked).toBe(false);
  });

  it('recognises a spike across runs by its terms: continued alerts are not new, unmatched ones end', () => {
    const changes = matchAlerts(
      [
        { id: 'a1', terms: ['charged twice', 'refund', 'card'] },
        { id: 'a2', terms: ['wifi', 'password'] },
      ],
      [
        { index: 0, terms: ['charged twice', 'card', 'payment'] },
        { index: 1, terms: ['arrived late', 'parcel'] },
      ],
    );
    expect([...changes.continued]).toEqual([[0, 'a1']]);
    expect(changes.started).toEqual([1]);
    expect(changes.ended).toEqual(['a2']);
  });
});

describe('summarising a run', () => {
  const to = new Date('2026-03-31T00:00:00Z');
  const from = new Date('2026-03-01T00:00:00Z');
  const day = 86_400_000;

  it('counts volume, the previous period, a daily series, sentiment, customers, touchpoints and quotes; a new surge spikes', async () => {
    const texts: ThemeText[] = [];
    let n = 0;
    const add = (g: Group, at: Date, customerId: string | null, score: number) =>
      texts.push({ ref: { type: 'review', id: `r${n}` }, text: sentence(g, n++), at, customerId, touchpointId: g === 'late' ? 'tp-delivery' : null, source: 'trustpilot', score });
    // Late deliveries all month and the month before; double charges only in the last week; grind complaints evenly.
    for (let d = 0; d < 30; d++) add('late', new Date(from.getTime() + d * day + 3_600_000), `c${d % 6}`, -0.6);
    for (let d = 0; d < 10; d++) add('late', new Date(from.getTime() - (d * 3 + 1) * day), 'c0', -0.5);
    for (let d = 0; d < 12; d++) add('charge', new Date(to.getTime() - ((d % 6) + 1) * day), `k${d}`, -0.8);
    for (let d = 0; d < 10; d++) add('grind', new Date(from.getTime() + d * 3 * day), null, -0.2);

    const run = summariseThemes(texts, from, to, { seed: 1, k: 3 });
    expect(run.texts).toBe(52);
    expect(run.themes.map((t) => t.volume)).toEqual([30, 12, 10]);
    const [late, charge, grind] = run.themes;
    expect(late!.previousVolume).toBe(10);
    expect(late!.series.bucket).toBe('day');
    expect(late!.series.start).toBe('2026-03-01');
    expect(late!.series.counts).toEqual(new Array(30).fill(1));
    expect(late!.meanSentiment).toBeCloseTo(-0.6, 3);
    expect(late!.customerCount).toBe(6);
    expect(late!.touchpoints).toEqual([{ touchpointId: 'tp-delivery', count: 30 }]);
    expect(late!.quotes).toHaveLength(3);
    expect(late!.spike.spiked).toBe(false);
    expect(charge!.spike).toMatchObject({ lastWeek: 12, fourWeeksBefore: 0, spiked: true });
    expect(charge!.previousVolume).toBe(0);
    expect(grind!.customerCount).toBe(0);
    expect(grind!.sources).toEqual([{ source: 'trustpilot', count: 10 }]);
    // The job's worker thread (large runs) gets the same summary.
    expect(await summariseThemesInThread(texts, from, to, { seed: 1, k: 3 })).toEqual(run);
  });
});
