import { memberLabel, useMembers } from './members';
import { useTeams } from './routing';
import { CHANNEL_LABELS, memberName, PRIORITY_LABELS, STATUS_LABELS } from './tickets';
import type { Action, ActionType, Automation, Condition, ConditionField, MacroPreview, Member, MessageAuthor, Team, TextOp, Trigger } from './types';

// How macros and automations read: labels of triggers, conditions and actions, a
// sentence for each, and a sensible new row of each kind for the editors.

/** The people and teams that conditions and actions name by id; teams are undefined when unavailable. */
export interface Names {
  members: Member[] | undefined;
  teams: Team[] | undefined;
}

/** The workspace's people and teams, for the settings pages. */
export function useNames(): Names {
  return { members: useMembers().data, teams: useTeams().data };
}

export const TRIGGER_LABELS: Record<Trigger, string> = {
  'ticket.created': 'A ticket is created',
  'ticket.updated': 'A ticket is updated',
  'message.created': 'A message is added',
};

export const CONDITION_LABELS: Record<ConditionField, string> = {
  status: 'Status',
  priority: 'Priority',
  channel: 'Channel',
  tag: 'Tag',
  team: 'Team',
  assignee: 'Assignee',
  subject: 'Subject',
  message: 'Message',
  customerEmail: 'Customer email',
  author: 'Message author',
};

export const ACTION_LABELS: Record<ActionType, string> = {
  'set-status': 'Set status',
  'set-priority': 'Set priority',
  'add-tags': 'Add tags',
  'remove-tags': 'Remove tags',
  assign: 'Assign to',
  'set-team': 'Set team',
  reply: 'Send a message',
};

export const OP_LABELS: Record<TextOp, string> = { is: 'is', 'is-not': 'is not', contains: 'contains', 'not-contains': 'does not contain' };

export const AUTHOR_LABELS: Record<MessageAuthor, string> = { customer: 'the customer', agent: 'an agent', system: 'Touchpoint' };

const TEXT_FIELDS: ConditionField[] = ['subject', 'message', 'customerEmail'];

export function opsOf(field: ConditionField): TextOp[] {
  return TEXT_FIELDS.includes(field) ? ['is', 'is-not', 'contains', 'not-contains'] : ['is', 'is-not'];
}

export function newCondition(field: ConditionField): Condition {
  switch (field) {
    case 'status':
      return { field, op: 'is', value: 'new' };
    case 'priority':
      return { field, op: 'is', value: 'urgent' };
    case 'channel':
      return { field, op: 'is', value: 'email' };
    case 'author':
      return { field, op: 'is', value: 'customer' };
    case 'team':
    case 'assignee':
      return { field, op: 'is', value: null };
    case 'tag':
      return { field, op: 'is', value: '' };
    default:
      return { field, op: 'contains', value: '' };
  }
}

export function newAction(type: ActionType): Action {
  switch (type) {
    case 'set-status':
      return { type, value: 'solved' };
    case 'set-priority':
      return { type, value: 'high' };
    case 'add-tags':
    case 'remove-tags':
      return { type, value: [] };
    case 'assign':
    case 'set-team':
      return { type, value: null };
    case 'reply':
      return { type, value: '', public: true };
  }
}

/** A row that cannot be saved yet: no tags to add, no text to match. */
export function isIncomplete(row: Action | Condition): boolean {
  return Array.isArray(row.value) ? row.value.length === 0 : typeof row.value === 'string' && !row.value.trim();
}

const quoted = (s: string) => `“${s}”`;
const teamName = (names: Names, id: string | null) => (id ? (names.teams?.find((t) => t.id === id)?.name ?? 'a deleted team') : 'no team');
const personName = (names: Names, id: string | null) => (id ? (memberName(names.members, id) ?? 'someone') : 'nobody');

export function conditionText(c: Condition, names: Names): string {
  const op = OP_LABELS[c.op];
  switch (c.field) {
    case 'status':
      return `status ${op} ${STATUS_LABELS[c.value]}`;
    case 'priority':
      return `priority ${op} ${PRIORITY_LABELS[c.value]}`;
    case 'channel':
      return `channel ${op} ${CHANNEL_LABELS[c.value]}`;
    case 'tag':
      return `it is ${c.op === 'is' ? '' : 'not '}tagged ${quoted(c.value)}`;
    case 'team':
      return `team ${op} ${teamName(names, c.value)}`;
    case 'assignee':
      return `assignee ${op} ${personName(names, c.value)}`;
    case 'subject':
      return `the subject ${op} ${quoted(c.value)}`;
    case 'message':
      return `the message ${op} ${quoted(c.value)}`;
    case 'customerEmail':
      return `the customer’s email ${op} ${quoted(c.value)}`;
    case 'author':
      return `the message is ${c.op === 'is' ? '' : 'not '}from ${AUTHOR_LABELS[c.value]}`;
  }
}

/** "When a ticket is created and the message contains “refund” and channel is Email". */
export function automationSentence(a: Pick<Automation, 'trigger' | 'conditions'>, names: Names): string {
  return [`When ${TRIGGER_LABELS[a.trigger].toLowerCase()}`, ...a.conditions.map((c) => conditionText(c, names))].join(' and ');
}

export function actionText(a: Action, names: Names): string {
  switch (a.type) {
    case 'set-status':
      return `Set status to ${STATUS_LABELS[a.value]}`;
    case 'set-priority':
      return `Set priority to ${PRIORITY_LABELS[a.value]}`;
    case 'add-tags':
      return `Add ${a.value.map(quoted).join(', ')}`;
    case 'remove-tags':
      return `Remove ${a.value.map(quoted).join(', ')}`;
    case 'assign':
      return a.value ? `Assign to ${personName(names, a.value)}` : 'Unassign';
    case 'set-team':
      return a.value ? `Set team to ${teamName(names, a.value)}` : 'Remove the team';
    case 'reply':
      return `${a.public ? 'Reply' : 'Add a note'} ${quoted(a.value.length > 60 ? `${a.value.slice(0, 60)}…` : a.value)}`;
  }
}

/** A macro preview's changes as actions, so they read like the macro's own: tags become what is added and removed. */
export function changesAsActions(changes: MacroPreview['changes'], currentTags: string[]): Action[] {
  const actions: Action[] = [];
  if (changes.status) actions.push({ type: 'set-status', value: changes.status });
  if (changes.priority) actions.push({ type: 'set-priority', value: changes.priority });
  if (changes.assigneeId !== undefined) actions.push({ type: 'assign', value: changes.assigneeId });
  if (changes.teamId !== undefined) actions.push({ type: 'set-team', value: changes.teamId });
  if (changes.tags) {
    const added = changes.tags.filter((t) => !currentTags.includes(t));
    const removed = currentTags.filter((t) => !changes.tags!.includes(t));
    if (added.length) actions.push({ type: 'add-tags', value: [...new Set(added)] });
    if (removed.length) actions.push({ type: 'remove-tags', value: removed });
  }
  return actions;
}

/** People and teams as select labels, by id. */
export function nameLabels(names: Names): { members: Record<string, string>; teams: Record<string, string> } {
  return {
    members: Object.fromEntries((names.members ?? []).map((m) => [m.id, memberLabel(m)])),
    teams: Object.fromEntries((names.teams ?? []).map((t) => [t.id, t.name])),
  };
}
