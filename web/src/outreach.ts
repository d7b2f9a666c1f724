import { formatPercent } from './format';
import { PRIORITY_LABELS } from './tickets';
import type { Team, TicketPriority } from './types';

// Proactive outreach as the web app reads it (the shapes of src/outreach/routes.ts
// and src/segments/routes.ts), and the words a rule is described in.

export type AnswerKind = 'nps' | 'csat' | 'ces' | 'rating';

export type OutreachTrigger =
  | { kind: 'slipping_away'; pAliveBelow: number; minClv: number }
  | { kind: 'need_help'; minProbability: number }
  | { kind: 'event'; event: string }
  | { kind: 'answer'; condition: { kind: AnswerKind; min?: number; max?: number } };

export type OutreachAction =
  | { type: 'message'; subject: string; body: string; reviewInvitation?: boolean }
  | { type: 'ticket'; teamId: string | null; priority: TicketPriority; subject: string }
  | { type: 'segment'; segmentId: string };

export interface OutreachRule {
  id: string;
  name: string;
  enabled: boolean;
  trigger: OutreachTrigger;
  action: OutreachAction;
  cooldownDays: number;
  holdoutPercent: number;
  createdAt: string;
}

export interface OutreachFired {
  id: string;
  ruleId: string;
  customer: { id: string; name: string | null; email: string | null };
  firedAt: string;
  reason: string;
  heldOut: boolean;
  result: string;
  ticketId: string | null;
}

interface OutcomeGroup {
  contactN: number;
  contacted: number;
  purchaseN: number;
  purchased: number;
}

export interface RateChange {
  difference: number;
  low: number;
  high: number;
}

export interface OutreachReport {
  from: string;
  to: string;
  windows: { contactDays: number; purchaseDays: number };
  rules: { ruleId: string; name: string; fired: number; acted: OutcomeGroup; heldOut: OutcomeGroup; contactRateChange: RateChange | null; purchaseRateChange: RateChange | null }[];
}

export interface Segment {
  id: string;
  name: string;
  description: string | null;
  members?: number;
  createdAt: string;
}

export const TRIGGER_LABELS: Record<OutreachTrigger['kind'], string> = {
  slipping_away: 'A valuable customer is slipping away',
  need_help: 'A customer will likely need help',
  event: 'A journey event happens',
  answer: 'A survey answer comes in',
};

export const ACTION_LABELS: Record<OutreachAction['type'], string> = {
  message: 'Email them first',
  ticket: 'Open a task for a team',
  segment: 'Add them to a segment',
};

/** What an action did, as its `result` says it. */
export const RESULT_LABELS: Record<string, string> = {
  message: 'Emailed',
  ticket: 'Task opened',
  segment: 'Added to segment',
  held_out: 'Held out',
  skipped_no_email: 'Skipped: no email address',
  skipped_segment_deleted: 'Skipped: segment deleted',
};

export function describeTrigger(t: OutreachTrigger): string {
  switch (t.kind) {
    case 'slipping_away':
      return `P(alive) under ${formatPercent(t.pAliveBelow)}${t.minClv > 0 ? ` and CLV at least ${t.minClv.toLocaleString()}` : ''}`;
    case 'need_help':
      return `Need-for-help chance at least ${formatPercent(t.minProbability)}`;
    case 'event':
      return `“${t.event}” happens`;
    case 'answer': {
      const { kind, min, max } = t.condition;
      const range = min !== undefined && max !== undefined ? `${min}–${max}` : min !== undefined ? `${min} or more` : `${max} or less`;
      return `a ${kind.toUpperCase()} answer of ${range}`;
    }
  }
}

export function describeAction(a: OutreachAction, teams: Team[], segments: Segment[]): string {
  switch (a.type) {
    case 'message':
      return `email “${a.subject}”`;
    case 'ticket':
      return `task “${a.subject}” for ${teams.find((t) => t.id === a.teamId)?.name ?? 'no team'}, ${PRIORITY_LABELS[a.priority].toLowerCase()} priority`;
    case 'segment':
      return `add to ${segments.find((s) => s.id === a.segmentId)?.name ?? 'a deleted segment'}`;
  }
}

const points = (ratio: number) => `${ratio > 0 ? '+' : ''}${(ratio * 100).toLocaleString(undefined, { maximumFractionDigits: 1 })} pts`;

/** A difference of rates with its 95% interval: "−12 pts (−20 to −4)". */
export function formatRateChange(change: RateChange): string {
  return `${points(change.difference)} (${points(change.low)} to ${points(change.high)})`;
}
