// Phase 2: the agents' inbox list (all open, new + open, one assignee's, the first page), p50/p99 over many calls.

import { rssSampler, summary } from '../lib/measure.ts';
import { httpRequest, type HttpResponse, type Server } from '../lib/server.ts';
import { apiAgent, INBOX_CALLS, log } from './settings.ts';
import { type PhaseLoad, phaseMeter } from './api.ts';

export interface InboxResult {
  all: ReturnType<typeof summary>;
  newOpen: ReturnType<typeof summary>;
  assignee: ReturnType<typeof summary>;
  firstPage: ReturnType<typeof summary>;
  cursorPages: ReturnType<typeof summary>;
  assigneeTickets: number;
  newOpenTickets: number;
  openPendingTickets: number;
  errors: number;
  firstErrors: string[];
  load: PhaseLoad;
}

export async function inboxBench(server: Server, cookie: string, assigneeId: string, counts: { assignee: number; newOpen: number; openPending: number }, rss: ReturnType<typeof rssSampler>): Promise<InboxResult> {
  const headers = { cookie };
  const firstErrors: string[] = [];
  let errors = 0;
  const get = async (query: string): Promise<{ ms: number; nextCursor: string | null }> => {
    const t = performance.now();
    let res: HttpResponse;
    try {
      res = await httpRequest(server.port, 'GET', `/api/v1/tickets?${query}`, headers, undefined, { agent: apiAgent, timeoutMs: 60_000 });
    } catch (err) {
      res = { status: 0, text: String(err), headers: {} };
    }
    const ms = performance.now() - t;
    if (res.status !== 200) {
      errors++;
      if (firstErrors.length < 5) firstErrors.push(`GET /api/v1/tickets?${query}: ${res.status} ${res.text.slice(0, 300)}`);
      return { ms, nextCursor: null };
    }
    const page = JSON.parse(res.text) as { data: unknown[]; nextCursor: string | null };
    return { ms, nextCursor: page.nextCursor };
  };
  const newOpenQ = 'status=new,open&limit=50';
  const assigneeQ = `assignee=${assigneeId}&limit=50`;
  const openPendingQ = 'status=open,pending&limit=50';
  // Warm-up, untimed.
  for (let i = 0; i < 10; i++) {
    await get(newOpenQ);
    await get(assigneeQ);
    await get(openPendingQ);
  }
  const newOpen: number[] = [];
  const assignee: number[] = [];
  const firstPage: number[] = [];
  const cursorPages: number[] = [];
  const meter = phaseMeter(server, rss);
  let cursor: string | null = null;
  let page = 0;
  for (let i = 0; i < INBOX_CALLS; i++) {
    const kind = i % 3;
    if (kind === 0) newOpen.push((await get(newOpenQ)).ms);
    else if (kind === 1) assignee.push((await get(assigneeQ)).ms);
    else {
      // The open/pending view: the first page, then up to four more following nextCursor, again and again.
      const r: { ms: number; nextCursor: string | null } = await get(cursor ? `${openPendingQ}&cursor=${encodeURIComponent(cursor)}` : openPendingQ);
      (cursor ? cursorPages : firstPage).push(r.ms);
      page++;
      cursor = page < 5 ? r.nextCursor : null;
      if (!cursor) page = 0;
    }
    if ((i + 1) % 200 === 0) log(`  inbox: ${i + 1} calls`);
  }
  const all = [...newOpen, ...assignee, ...firstPage, ...cursorPages];
  return {
    all: summary(all),
    newOpen: summary(newOpen),
    assignee: summary(assignee),
    firstPage: summary(firstPage),
    cursorPages: summary(cursorPages),
    assigneeTickets: counts.assignee,
    newOpenTickets: counts.newOpen,
    openPendingTickets: counts.openPending,
    errors,
    firstErrors,
    load: meter(),
  };
}
