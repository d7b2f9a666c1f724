// Surveys and their figures as the web app reads them (the API's shapes).

import type { Segment } from './outreach';

export type FeedbackGroupBy = 'none' | 'survey' | 'touchpoint' | 'stage' | 'channel' | 'segment' | 'week' | 'month';

export const FEEDBACK_GROUP_LABELS: Record<FeedbackGroupBy, string> = {
  none: 'Nothing (totals)',
  survey: 'Survey',
  touchpoint: 'Touchpoint',
  stage: 'Journey stage',
  channel: 'Channel',
  segment: 'Segment',
  week: 'Week',
  month: 'Month',
};

export interface NpsFigures {
  n: number;
  promoters: number;
  passives: number;
  detractors: number;
  score: number | null;
  ci95: [number, number] | null;
}

export interface FeedbackGroup {
  key: string;
  label: string;
  nps: NpsFigures;
  csat: { n: number; favourable: number; share: number | null };
  ces: { n: number; favourable: number; share: number | null; mean: number | null };
  rating: { n: number; mean: number | null };
}

export interface FeedbackReport {
  total: FeedbackGroup;
  groups: FeedbackGroup[];
  funnel: { sent: number; delivered: number; opened: number; started: number; completed: number; rates: Record<string, number | null> };
  /** The public link and the kiosk: no invitation, so page views are the denominator. */
  pageFunnel: { channel: 'link' | 'kiosk'; opened: number; started: number; completed: number; rates: Record<string, number | null> }[];
  reviews: { source: string; kind: string; n: number; rated: number; meanStars: number | null; positive: number; negative: number }[];
  loop: { detractors: number; followUps: number; contacted: number; contactedShare: number | null; hoursToFirstContact: { median: number | null; p90: number | null }; solved: number };
}

export type QuestionType = 'nps' | 'csat' | 'ces' | 'rating' | 'single_choice' | 'multiple_choice' | 'text';

export interface Survey {
  id: string;
  name: string;
  touchpointId: string | null;
  status: 'active' | 'paused';
  languages: string[];
  questions: { id: string; type: QuestionType; text: string | Record<string, string> }[];
  triggers: { type: 'event' | 'ticket_solved' | 'periodic' | 'page'; event?: string; delayMinutes?: number; everyDays?: number; pathPrefix?: string; delaySeconds?: number }[];
  samplePercent: number;
  recontactDays: number;
  /** Only this segment's customers are invited; null: everyone. */
  segmentId: string | null;
  links: { link: string; kiosk: string };
}

/** What a survey's audience picker shows of a segment (GET /segments). */
export type AudienceSegment = Pick<Segment, 'id' | 'name'>;

export interface LoopRule {
  id: string;
  name: string;
  enabled: boolean;
  condition: { kind: string; min?: number; max?: number; words?: string[] };
  action: { type: 'ticket'; teamId: string | null; priority: string };
}

export const KIND_LABELS: Record<string, string> = { nps: 'NPS', csat: 'CSAT', ces: 'CES', rating: 'Rating' };

/** "+32" / "−8": an NPS reads with its sign. */
export const formatNps = (score: number | null) => (score === null ? '–' : `${score > 0 ? '+' : score < 0 ? '−' : ''}${Math.abs(score).toLocaleString()}`);

export const formatShare = (share: number | null) => (share === null ? '–' : `${share.toLocaleString()}%`);

export const questionText = (text: string | Record<string, string>) => (typeof text === 'string' ? text : (Object.values(text)[0] ?? ''));

/** How a score reads at a glance: NPS promoters good, detractors bad; other scales neutral. */
export const scoreTone = (kind: string, value: number) => (kind !== 'nps' ? 'neutral' : value >= 9 ? 'good' : value <= 6 ? 'bad' : 'neutral');
