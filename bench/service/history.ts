// The ticket history the benchmark loads: a seeded random source, what the data looks like, and the rows of each ticket.

import crypto from 'node:crypto';
import { DAY, MESSAGES, NOW, SEED, SPAN_DAYS, TICKETS } from './settings.ts';

let rngState = SEED >>> 0;
/** mulberry32: small, fast and good enough for test data. */
export function rand(): number {
  rngState = (rngState + 0x6d2b79f5) >>> 0;
  let t = rngState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
export const randInt = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
export const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
function normal(): number {
  const u = 1 - rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}
const lognormal = (median: number, sigma: number) => median * Math.exp(sigma * normal());
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
function weighted<T extends string>(table: readonly [T, number][]): T {
  let r = rand() * table.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of table) if ((r -= w) < 0) return v;
  return table[table.length - 1]![0];
}


export type Status = 'new' | 'open' | 'pending' | 'on-hold' | 'solved' | 'closed';
export type Channel = 'email' | 'chat' | 'phone' | 'api' | 'web';
const STATUS_CODES: Status[] = ['new', 'open', 'pending', 'on-hold', 'solved', 'closed'];
const MAX_MESSAGES = 80;

/** Agents work Monday to Friday, 09:00 to 17:00 UTC (the default SLA calendar): what they do outside waits for the next opening. */
function inBusinessHours(t: number): number {
  const d = new Date(t);
  const dow = d.getUTCDay();
  const h = d.getUTCHours();
  if (dow >= 1 && dow <= 5 && h >= 9 && h < 17) return t;
  let day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (h >= 17 || dow === 0 || dow === 6) day += DAY;
  while ([0, 6].includes(new Date(day).getUTCDay())) day += DAY;
  return day + 9 * 3_600_000 + rand() * 90 * 60_000;
}

const CHANNELS: [Channel, number][] = [['email', 50], ['chat', 20], ['web', 15], ['phone', 10], ['api', 5]];
const PRIORITIES: ['low' | 'normal' | 'high' | 'urgent', number][] = [['low', 15], ['normal', 60], ['high', 20], ['urgent', 5]];
/** How fast each side answers, relative to email. */
const PACE: Record<Channel, number> = { email: 1, web: 1, api: 1, phone: 0.1, chat: 0.025 };

export const TOPICS: { subject: string; tags: string[]; team: 0 | 1 | 2; problem: string[] }[] = [
  { subject: 'Where is my order?', tags: ['shipping', 'order-status'], team: 0, problem: ['My order has not arrived yet and the tracking has not moved for days.', 'Could you tell me where my parcel is?'] },
  { subject: 'Damaged package', tags: ['shipping', 'damaged'], team: 0, problem: ['The package arrived damaged and the jar inside was broken.', 'I attached a photo of the box as it arrived.'] },
  { subject: 'Charged twice', tags: ['billing'], team: 1, problem: ['I was charged twice for the same order.', 'My bank statement shows two identical payments.'] },
  { subject: 'Cannot log in', tags: ['account', 'login'], team: 2, problem: ['I cannot log in to my account since yesterday.', 'The password reset email never arrives.'] },
  { subject: 'Refund request', tags: ['billing', 'refund'], team: 1, problem: ['I returned the item two weeks ago and have not been refunded.', 'When will my refund be processed?'] },
  { subject: 'Wrong item received', tags: ['returns', 'order-status'], team: 0, problem: ['I received a different item than the one I ordered.', 'I ordered the decaf beans and got a medium roast.'] },
  { subject: 'Invoice address is wrong', tags: ['billing', 'invoice'], team: 1, problem: ['The invoice shows my old address.', 'Could you send a corrected invoice for my accountant?'] },
  { subject: 'Product stopped working', tags: ['warranty', 'bug'], team: 2, problem: ['The grinder stopped working after two weeks.', 'It makes a noise and then switches itself off.'] },
  { subject: 'Change my subscription', tags: ['account', 'subscription'], team: 0, problem: ['I would like to change my subscription to every two weeks.', 'Can I pause the next delivery?'] },
  { subject: 'Discount code does not work', tags: ['billing', 'promotion'], team: 1, problem: ['The discount code from your newsletter is refused at checkout.', 'It says the code has expired, but the email says it is valid until Sunday.'] },
  { subject: 'Missing item in parcel', tags: ['shipping', 'missing-item'], team: 0, problem: ['One of the three items I ordered was not in the parcel.', 'The packing slip lists it, but it is not there.'] },
  { subject: 'The app crashes at checkout', tags: ['bug', 'app'], team: 2, problem: ['The app crashes every time I tap "Pay".', 'I am on the latest version of the app.'] },
  { subject: 'Question about delivery times', tags: ['shipping'], team: 0, problem: ['How long does delivery to the islands take?', 'I need the order before the 20th.'] },
  { subject: 'Cancel my order', tags: ['order-status', 'cancellation'], team: 0, problem: ['Please cancel the order I placed this morning.', 'I ordered the wrong size by mistake.'] },
  { subject: 'Feedback on your service', tags: ['feedback'], team: 0, problem: ['I wanted to say the last delivery was very fast.', 'The packaging could use less plastic, though.'] },
];
const GREETINGS = ['Hi,', 'Hello,', 'Good morning,', 'Hi there,', 'Dear support team,'];
export const CUSTOMER_FOLLOW_UPS = [
  'Is there any update on this?',
  'Thanks for the quick answer!',
  'That did not solve the problem, unfortunately.',
  'I tried again this morning and it still happens.',
  'Here is the order number you asked for.',
  'Could you call me back instead?',
  'Great, that works now. Thank you!',
  'I am still waiting for an answer.',
];
export const AGENT_LINES = [
  'Thanks for reaching out, and sorry for the trouble.',
  'I have checked your order and it left our warehouse yesterday.',
  'I have issued a refund; it should appear on your statement within five business days.',
  'Could you send us a photo of the damaged item?',
  'I have reset your password; please try again and let me know if it works.',
  'A replacement is on its way and should arrive within three days.',
  'I have forwarded this to our technical team, who will look into it today.',
  'Your subscription has been updated as you asked.',
  'Let me know if there is anything else I can do.',
];
const NOTES = ['Repeat customer; offer a discount on the next order.', 'Escalated to the warehouse.', 'Waiting for the carrier to answer.', 'Checked the payment logs: duplicate charge confirmed.', 'Called the customer, no answer.'];
export const FIRST_NAMES = ['Ana', 'Rui', 'Marta', 'João', 'Sofia', 'Pedro', 'Inês', 'Tiago', 'Clara', 'Miguel', 'Lena', 'Omar', 'Yuki', 'Sam', 'Priya', 'Tom'];
export const LAST_NAMES = ['Silva', 'Costa', 'Alves', 'Ruiz', 'Müller', 'Smith', 'Khan', 'Tanaka', 'Novak', 'Dubois', 'Rossi', 'Berg'];

export function sentences(lines: readonly string[], n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(pick(lines));
  return out.join(' ');
}

export function customerBody(topic: (typeof TOPICS)[number], first: boolean, name: string): string {
  if (first) return `${pick(GREETINGS)}\n\n${topic.problem.join(' ')} ${sentences(CUSTOMER_FOLLOW_UPS, randInt(1, 2))}\n\nKind regards,\n${name}`;
  return `${pick(GREETINGS)}\n\n${sentences(CUSTOMER_FOLLOW_UPS, randInt(1, 3))}\n\n${name}`;
}
function agentBody(customerName: string, agentName: string): string {
  return `Hi ${customerName.split(' ')[0]},\n\n${sentences(AGENT_LINES, randInt(2, 4))}\n\nBest regards,\n${agentName}\nCustomer Care`;
}


interface Plan {
  created: Float64Array;
  outcome: Uint8Array;
  messages: Uint16Array;
}

function pickOutcome(ageDays: number): Status {
  if (ageDays < 2) return weighted<Status>([['new', 20], ['open', 35], ['pending', 20], ['on-hold', 5], ['solved', 20]]);
  if (ageDays < 14) return weighted<Status>([['new', 2], ['open', 10], ['pending', 10], ['on-hold', 5], ['solved', 73]]);
  if (ageDays < 30) return weighted<Status>([['open', 2], ['pending', 3], ['on-hold', 3], ['solved', 30], ['closed', 62]]);
  return weighted<Status>([['open', 0.3], ['pending', 0.5], ['on-hold', 0.7], ['solved', 25], ['closed', 73.5]]);
}

/**
 * Creation times over two years (slightly more tickets recently), the status each
 * ticket ends in (by age: recent tickets are still being worked on), and how many
 * messages each has: 1 or 2 for tickets nobody answered yet, 2 or 3 for a third of
 * the others, log-normal around 11 for the rest; then the longer conversations are
 * nudged so the total is exactly 10 per ticket.
 */
export function makePlan(): Plan {
  const created = new Float64Array(TICKETS);
  const outcome = new Uint8Array(TICKETS);
  const messages = new Uint16Array(TICKETS);
  let total = 0;
  for (let i = 0; i < TICKETS; i++) {
    const age = Math.max(10 * 60_000, SPAN_DAYS * DAY * Math.pow(rand(), 1.25));
    created[i] = NOW - age;
    const o = pickOutcome(age / DAY);
    outcome[i] = STATUS_CODES.indexOf(o);
    // A third of answered tickets are a question and an answer (and maybe a thank-you); the rest a longer conversation.
    const k = o === 'new' ? (rand() < 0.7 ? 1 : 2) : rand() < 0.35 ? (rand() < 0.6 ? 2 : 3) : clamp(Math.round(lognormal(11, 0.7)), 3, MAX_MESSAGES);
    messages[i] = k;
    total += k;
  }
  // Nudge the counts of answered tickets until the total is exact.
  let diff = MESSAGES - total;
  let guard = 0;
  while (diff !== 0 && guard++ < 100 * TICKETS) {
    const j = Math.floor(rand() * TICKETS);
    if (outcome[j] === 0) continue;
    if (diff > 0 && messages[j]! > 3 && messages[j]! < MAX_MESSAGES) {
      messages[j]!++;
      diff--;
    } else if (diff < 0 && messages[j]! > 3) {
      messages[j]!--;
      diff++;
    }
  }
  return { created, outcome, messages };
}


export interface Ids {
  workspaceId: string;
  assignees: { id: string; name: string }[];
  /** Cumulative weights: a few agents take more tickets than others. */
  assigneeWeights: number[];
  teams: string[];
  customers: { id: string; name: string; email: string }[];
}

interface TicketRow {
  id: string;
  n: number;
  c: string;
  s: string;
  st: Status;
  p: string;
  ch: Channel;
  tm?: string;
  a?: string;
  tg: string[];
  cf?: Record<string, unknown>;
  ca: number;
  ua: number;
  fr?: number;
  sa?: number;
  clo?: number;
}
interface MessageRow {
  id: string;
  t: string;
  k: 'customer' | 'agent';
  u?: string;
  pb: boolean;
  ch: Channel;
  b: string;
  f?: string;
  e?: string;
  irt?: string;
  d?: string;
  call?: { direction: 'inbound'; durationSeconds: number; outcome: string };
  at: number;
}
interface EventRow {
  t: string;
  ak: 'customer' | 'agent' | 'system' | 'key';
  ai?: string | null;
  ty: string;
  fv?: unknown;
  tv?: unknown;
  at: number;
}
export interface Batch {
  tickets: TicketRow[];
  messages: MessageRow[];
  events: EventRow[];
}

function pickAssignee(ids: Ids): { id: string; name: string } {
  const r = rand() * ids.assigneeWeights[ids.assigneeWeights.length - 1]!;
  const i = ids.assigneeWeights.findIndex((w) => r < w);
  return ids.assignees[i === -1 ? ids.assignees.length - 1 : i]!;
}

/**
 * One ticket's whole life, as the server would have written it: the first
 * customer message at creation, an assignment, agent replies (some internal
 * notes) and customer answers, the status moves those imply (new → open on the
 * first public reply, pending while waiting on the customer, a customer message
 * reopening, solved, closed days later), and a history event for each, with the
 * ticket's columns (first_response_at, solved_at, closed_at, updated_at) to match.
 * A conversation that would run past now is compressed to fit before now.
 */
export function makeTicket(i: number, plan: Plan, ids: Ids, out: Batch): void {
  const t0 = plan.created[i]!;
  const finalStatus = STATUS_CODES[plan.outcome[i]!]!;
  const k = plan.messages[i]!;
  const id = crypto.randomUUID();
  const channel = weighted(CHANNELS);
  const pace = PACE[channel];
  const priority = weighted(PRIORITIES);
  const topic = pick(TOPICS);
  const customer = ids.customers[Math.floor(Math.pow(rand(), 1.5) * ids.customers.length)]!;
  const assignee = finalStatus === 'new' ? (rand() < 0.3 ? pickAssignee(ids) : undefined) : rand() < 0.95 ? pickAssignee(ids) : undefined;
  const responder = assignee ?? pickAssignee(ids);
  const tags = [...topic.tags, ...(rand() < 0.05 ? ['vip'] : []), ...(rand() < 0.1 ? ['complaint'] : [])].sort();
  const team = rand() < 0.85 ? ids.teams[topic.team] : undefined;
  const emailed = channel === 'email' || channel === 'web' || channel === 'api';

  // The conversation: who writes each message, in order.
  const roles: ('C' | 'A' | 'N')[] = ['C'];
  if (finalStatus === 'new') {
    for (let j = 1; j < k; j++) roles.push('C');
  } else {
    roles.push('A');
    for (let j = 2; j < k; j++) {
      const prev = roles[j - 1]!;
      const r = rand();
      roles.push(prev === 'C' ? (r < 0.85 ? 'A' : 'C') : prev === 'A' ? (r < 0.65 ? 'C' : r < 0.85 ? 'A' : 'N') : r < 0.7 ? 'A' : 'C');
    }
    if (k > 2) {
      if (finalStatus === 'open') roles[k - 1] = 'C';
      else if (finalStatus === 'pending') roles[k - 1] = 'A';
      else if (finalStatus === 'on-hold') roles[k - 1] = rand() < 0.5 ? 'A' : 'N';
      else roles[k - 1] = rand() < 0.25 ? 'C' : 'A';
    }
  }

  // Times: each message after the previous one, at the pace of the channel.
  const times: number[] = [t0];
  for (let j = 1; j < k; j++) {
    const role = roles[j]!;
    const gap = role === 'A' ? clamp(lognormal(2.5 * 3_600_000, 1.3), 60_000, 10 * DAY) : role === 'C' ? clamp(lognormal(8 * 3_600_000, 1.2), 120_000, 14 * DAY) : clamp(lognormal(20 * 60_000, 1), 30_000, DAY);
    const at = times[j - 1]! + Math.max(20_000, gap * pace);
    times.push(role === 'C' ? at : inBusinessHours(at));
  }

  // Events and status, walking the conversation.
  const events: EventRow[] = [];
  const messages: MessageRow[] = [];
  const ev = (e: Omit<EventRow, 't'>) => events.push({ t: id, ...e });
  const createdActor: EventRow['ak'] = channel === 'api' ? 'key' : channel === 'phone' ? 'agent' : 'customer';
  const initialPriority = rand() < 0.05 ? weighted(PRIORITIES) : priority;
  ev({ ak: createdActor, ai: createdActor === 'agent' ? responder.id : null, ty: 'created', tv: { status: 'new', channel, priority: initialPriority }, at: t0 });
  let status: Status = 'new';
  const setStatus = (to: Status, at: number, ak: EventRow['ak'], ai: string | null) => {
    if (to === status) return;
    ev({ ak, ai, ty: 'status', fv: status, tv: to, at });
    status = to;
  };
  let firstResponse: number | undefined;
  let lastSolved: number | undefined;
  let closedAt: number | undefined;
  // A mid-conversation solve that the customer's next message reopens (about 8% of answered tickets).
  const reopenAt = finalStatus !== 'new' && k >= 4 && rand() < 0.08 ? roles.findIndex((r, j) => j >= 1 && j < k - 1 && r === 'A' && roles[j + 1] === 'C') : -1;
  let lastOutboundId: string | undefined;
  for (let j = 0; j < k; j++) {
    const role = roles[j]!;
    const at = times[j]!;
    const mid = crypto.randomUUID();
    if (role === 'C') {
      const emailId = channel === 'email' ? `<${crypto.randomUUID()}@mail.example.net>` : undefined;
      messages.push({
        id: mid,
        t: id,
        k: 'customer',
        pb: true,
        ch: channel,
        b: customerBody(topic, j === 0, customer.name),
        f: channel === 'email' ? customer.email : undefined,
        e: emailId,
        irt: channel === 'email' ? lastOutboundId : undefined,
        call: j === 0 && channel === 'phone' ? { direction: 'inbound', durationSeconds: randInt(60, 1200), outcome: pick(['resolved', 'follow-up', 'callback-requested']) } : undefined,
        at,
      });
      ev({ ak: 'customer', ai: customer.id, ty: 'message', tv: { messageId: mid, author: 'customer' }, at });
      if (status !== 'new') setStatus('open', at, 'customer', customer.id);
    } else {
      const isPublic = role === 'A';
      const emailId = isPublic && emailed ? `<${crypto.randomUUID()}@touchpoint.local>` : undefined;
      messages.push({
        id: mid,
        t: id,
        k: 'agent',
        u: responder.id,
        pb: isPublic,
        ch: channel,
        b: isPublic ? agentBody(customer.name, responder.name) : pick(NOTES),
        e: emailId,
        d: emailId ? 'sent' : undefined,
        at,
      });
      ev({ ak: 'agent', ai: responder.id, ty: isPublic ? 'message' : 'note', tv: { messageId: mid, author: 'agent' }, at });
      if (isPublic) {
        lastOutboundId = emailId;
        firstResponse ??= at;
        if (status === 'new') setStatus('open', at, 'agent', responder.id);
        if (j === reopenAt) {
          // Solved a little after the reply, and before the customer's next message reopens it.
          const solvedAt = at + Math.min(10 * 60_000 * pace, (times[j + 1]! - at) / 2);
          setStatus('solved', solvedAt, 'agent', responder.id);
          lastSolved = solvedAt;
        } else if (j < k - 1 && roles[j + 1] === 'C' && rand() < 0.5) setStatus('pending', at + 5_000, 'agent', responder.id);
      }
    }
  }
  let end = times[k - 1]!;
  if (finalStatus === 'pending') setStatus('pending', (end += 5_000), 'agent', responder.id);
  else if (finalStatus === 'on-hold') setStatus('on-hold', (end = inBusinessHours(end + 10 * 60_000 * pace)), 'agent', responder.id);
  else if (finalStatus === 'solved' || finalStatus === 'closed') {
    end = inBusinessHours(end + clamp(lognormal(30 * 60_000, 1), 60_000, DAY) * pace);
    setStatus('solved', end, 'agent', responder.id);
    lastSolved = end;
    if (finalStatus === 'closed') {
      end = inBusinessHours(end + randInt(2, 6) * DAY);
      setStatus('closed', end, 'agent', responder.id);
      closedAt = end;
    }
  }
  if (status !== finalStatus) throw new Error(`generator bug: ticket ${i} ended ${status}, planned ${finalStatus}`);

  // The assignment: before the first reply (half-way to it at the latest).
  if (assignee) {
    const firstAgent = firstResponse ?? end + DAY;
    const at = Math.min(t0 + clamp(lognormal(15 * 60_000, 1), 10_000, DAY) * pace, t0 + (firstAgent - t0) / 2);
    const byRouting = rand() < 0.6;
    ev({ ak: byRouting ? 'system' : 'agent', ai: byRouting ? 'routing' : assignee.id, ty: 'assigneeId', fv: null, tv: assignee.id, at });
    if (initialPriority !== priority) ev({ ak: 'agent', ai: assignee.id, ty: 'priority', fv: initialPriority, tv: priority, at: at + 1_000 });
  }

  // Compress a conversation that would end after now.
  const limit = NOW - 60_000;
  const last = Math.max(end, ...events.map((e) => e.at));
  if (last > limit) {
    const f = (limit - t0) / (last - t0);
    const squeeze = (x: number) => t0 + (x - t0) * f;
    for (const e of events) e.at = squeeze(e.at);
    for (const m of messages) m.at = squeeze(m.at);
    if (firstResponse !== undefined) firstResponse = squeeze(firstResponse);
    if (lastSolved !== undefined) lastSolved = squeeze(lastSolved);
    if (closedAt !== undefined) closedAt = squeeze(closedAt);
  }
  const updatedAt = Math.max(...events.map((e) => e.at));
  out.tickets.push({
    id,
    n: 1000 + i,
    c: customer.id,
    s: rand() < 0.3 ? `${topic.subject} (order A${100000 + randInt(0, 899999)})` : topic.subject,
    st: finalStatus,
    p: priority,
    ch: channel,
    tm: team,
    a: assignee?.id,
    tg: tags,
    cf: rand() < 0.3 ? { orderId: `A${100000 + randInt(0, 899999)}` } : undefined,
    ca: t0,
    ua: updatedAt,
    fr: firstResponse,
    sa: lastSolved,
    clo: closedAt,
  });
  out.messages.push(...messages);
  out.events.push(...events);
}
