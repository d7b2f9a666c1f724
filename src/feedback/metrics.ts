// The feedback metrics, from counts (the database counts; these functions only
// compute), so reports over a million answers never load the answers themselves.

const Z95 = 1.959963984540054;
const round1 = (x: number) => Math.round(x * 10) / 10;

export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

export interface Nps extends NpsCounts {
  n: number;
  /** % promoters − % detractors, −100…100; null without answers. */
  score: number | null;
  /** 95% interval of the score, adjusted-Wald (Rocks 2016), clipped to −100…100. */
  ci95: [number, number] | null;
}

/**
 * NPS with its adjusted-Wald interval (Rocks, 2016): n' = n + 3,
 * p = (P + 3/4)/n', d = (D + 3/4)/n', SE = sqrt((p + d − (p − d)²)/n'),
 * interval (p − d) ± 1.96·SE. Unanswered questions are not counted in n.
 */
export function nps(counts: NpsCounts): Nps {
  const { promoters: P, passives, detractors: D } = counts;
  const n = P + passives + D;
  if (n === 0) return { ...counts, n, score: null, ci95: null };
  const nAdj = n + 3;
  const p = (P + 0.75) / nAdj;
  const d = (D + 0.75) / nAdj;
  const se = Math.sqrt((p + d - (p - d) ** 2) / nAdj);
  const clip = (x: number) => Math.max(-100, Math.min(100, x));
  return {
    ...counts,
    n,
    score: round1(((P - D) / n) * 100),
    ci95: [round1(clip((p - d - Z95 * se) * 100)), round1(clip((p - d + Z95 * se) * 100))],
  };
}

export interface TopBox {
  n: number;
  favourable: number;
  /** % favourable (CSAT: satisfied, top box; CES: agreeing that it was easy); null without answers. */
  share: number | null;
}

export function topBox(n: number, favourable: number): TopBox {
  return { n, favourable, share: n === 0 ? null : round1((favourable / n) * 100) };
}

export interface Effort extends TopBox {
  /** Mean on the question's own scale (its direction is the question's). */
  mean: number | null;
}

export function effort(n: number, favourable: number, sum: number): Effort {
  return { ...topBox(n, favourable), mean: n === 0 ? null : Math.round((sum / n) * 100) / 100 };
}

export interface ResponseFunnel {
  sent: number;
  delivered: number;
  opened: number;
  started: number;
  completed: number;
  /** Each stage as % of sent (the denominator): null when nothing was sent. */
  rates: { delivered: number | null; opened: number | null; started: number | null; completed: number | null };
}

export function funnel(counts: Omit<ResponseFunnel, 'rates'>): ResponseFunnel {
  const of = (x: number) => (counts.sent === 0 ? null : round1((x / counts.sent) * 100));
  return { ...counts, rates: { delivered: of(counts.delivered), opened: of(counts.opened), started: of(counts.started), completed: of(counts.completed) } };
}

export interface PageFunnel {
  channel: 'link' | 'kiosk';
  /** Views of the survey's public page: these channels send nothing, so opening the page is the first stage. */
  opened: number;
  started: number;
  completed: number;
  /** Each stage as % of page views (the denominator): null when the page was not opened. */
  rates: { started: number | null; completed: number | null };
}

export function pageFunnel(counts: Omit<PageFunnel, 'rates'>): PageFunnel {
  const of = (x: number) => (counts.opened === 0 ? null : round1((x / counts.opened) * 100));
  return { ...counts, rates: { started: of(counts.started), completed: of(counts.completed) } };
}
