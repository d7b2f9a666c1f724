import type { Action, Condition } from './rules.ts';
import type { Priority, Status } from '../status.ts';

// Pure: whether a ticket event matches conditions, what a list of actions changes,
// and the placeholders of a canned reply. The storage side is in apply.ts.

export interface TicketFacts {
  status: Status;
  priority: Priority;
  channel: string;
  tags: string[];
  teamId: string | null;
  assigneeId: string | null;
  subject: string;
  customerEmail: string | null;
  /** The message that fired the event, for message.created and ticket.created. */
  message?: { body: string; author: 'customer' | 'agent' | 'system' } | null;
}

const fold = (s: string) => s.toLocaleLowerCase('en').normalize('NFKC');

function textMatches(op: 'is' | 'is-not' | 'contains' | 'not-contains', actual: string | null | undefined, expected: string): boolean {
  const a = fold(actual ?? '');
  const e = fold(expected);
  switch (op) {
    case 'is':
      return a === e;
    case 'is-not':
      return a !== e;
    case 'contains':
      return a.includes(e);
    case 'not-contains':
      return !a.includes(e);
  }
}

function conditionHolds(c: Condition, t: TicketFacts): boolean {
  const is = (equal: boolean) => (c.op === 'is' ? equal : !equal);
  switch (c.field) {
    case 'status':
      return is(t.status === c.value);
    case 'priority':
      return is(t.priority === c.value);
    case 'channel':
      return is(t.channel === c.value);
    case 'tag':
      return is(t.tags.includes(c.value.toLowerCase()));
    case 'team':
      return is(t.teamId === c.value);
    case 'assignee':
      return is(t.assigneeId === c.value);
    case 'author':
      // No message in the event: an author condition cannot hold.
      return t.message ? is(t.message.author === c.value) : false;
    case 'subject':
      return textMatches(c.op, t.subject, c.value);
    case 'message':
      return t.message ? textMatches(c.op, t.message.body, c.value) : false;
    case 'customerEmail':
      return textMatches(c.op, t.customerEmail, c.value);
  }
}

/** All conditions hold (an empty list always matches). */
export function matches(conditions: Condition[], facts: TicketFacts): boolean {
  return conditions.every((c) => conditionHolds(c, facts));
}

export interface Plan {
  patch: { status?: Status; priority?: Priority; assigneeId?: string | null; teamId?: string | null; tags?: string[] };
  replies: { body: string; public: boolean }[];
}

/** What the actions do to a ticket with these tags; later actions win over earlier ones. */
export function planActions(actions: Action[], currentTags: string[]): Plan {
  const plan: Plan = { patch: {}, replies: [] };
  let tags = [...currentTags];
  let tagsChanged = false;
  for (const a of actions) {
    switch (a.type) {
      case 'set-status':
        plan.patch.status = a.value;
        break;
      case 'set-priority':
        plan.patch.priority = a.value;
        break;
      case 'assign':
        plan.patch.assigneeId = a.value;
        break;
      case 'set-team':
        plan.patch.teamId = a.value;
        break;
      case 'add-tags':
        tags = [...tags, ...a.value.map((t) => t.toLowerCase())];
        tagsChanged = true;
        break;
      case 'remove-tags': {
        const gone = new Set(a.value.map((t) => t.toLowerCase()));
        tags = tags.filter((t) => !gone.has(t));
        tagsChanged = true;
        break;
      }
      case 'reply':
        plan.replies.push({ body: a.value, public: a.public });
        break;
    }
  }
  if (tagsChanged) plan.patch.tags = tags;
  return plan;
}

export interface TemplateValues {
  customer: { name: string | null; email: string | null };
  ticket: { number: number; subject: string };
  agent: { name: string | null };
}

/**
 * Fills {{customer.name}}, {{customer.first_name}}, {{customer.email}}, {{ticket.number}},
 * {{ticket.subject}} and {{agent.name}}; an unknown placeholder stays as written so a
 * typo shows in the preview instead of vanishing.
 */
export function renderTemplate(text: string, v: TemplateValues): string {
  const firstName = v.customer.name?.trim().split(/\s+/)[0] ?? null;
  const values: Record<string, string | null> = {
    'customer.name': v.customer.name,
    'customer.first_name': firstName,
    'customer.email': v.customer.email,
    'ticket.number': String(v.ticket.number),
    'ticket.subject': v.ticket.subject,
    'agent.name': v.agent.name,
  };
  return text.replace(/\{\{\s*([a-z_.]+)\s*\}\}/g, (whole, key: string) => {
    if (!(key in values)) return whole;
    // A missing name reads naturally ("Hi there") rather than "Hi ".
    return values[key] ?? (key.startsWith('customer.') && key !== 'customer.email' ? 'there' : '');
  });
}
