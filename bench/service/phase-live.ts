// Phase 4: WebSocket fan-out: agents connected live, the delay until each sees a new message.

import WebSocket from 'ws';
import { fmtInt, fmtMs, fmtS, rssSampler, summary } from '../lib/measure.ts';
import { httpRequest, json, type Server, sleep } from '../lib/server.ts';
import { apiAgent, log, WS_AGENTS, WS_INTERVAL_MS, WS_MESSAGES } from './settings.ts';
import { type PhaseLoad, phaseMeter } from './api.ts';

export interface LiveResult {
  sockets: number;
  connected: number;
  connectSeconds: number;
  messages: number;
  posted: number;
  postErrors: string[];
  post: ReturnType<typeof summary>;
  delivery: ReturnType<typeof summary>;
  expected: number;
  delivered: number;
  missed: number;
  /** Per message: from the POST's send to the last socket's arrival. */
  lastArrival: ReturnType<typeof summary>;
  closedEarly: number;
  load: PhaseLoad;
}

export async function liveBench(server: Server, agents: { token: string }[], postCookie: string, ticketIds: string[], rss: ReturnType<typeof rssSampler>): Promise<LiveResult> {
  const sockets: { ws: WebSocket; arrivals: Map<string, number>; ready: Promise<boolean>; closed: boolean }[] = [];
  const c0 = performance.now();
  for (let i = 0; i < WS_AGENTS; i += 20) {
    const group = agents.slice(i, Math.min(WS_AGENTS, i + 20)).map((agent) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/v1/live`, { headers: { cookie: `tp_session=${agent.token}` }, perMessageDeflate: false });
      const entry = { ws, arrivals: new Map<string, number>(), ready: undefined as unknown as Promise<boolean>, closed: false };
      entry.ready = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 30_000);
        ws.on('message', (raw) => {
          const at = performance.now();
          const event = JSON.parse(raw.toString()) as { type: string; data: { messageId?: string } };
          if (event.type === 'hello') {
            clearTimeout(timer);
            resolve(true);
          } else if (event.type === 'ticket.message' && event.data.messageId) entry.arrivals.set(event.data.messageId, at);
        });
        ws.on('close', () => {
          entry.closed = true;
          clearTimeout(timer);
          resolve(false);
        });
        ws.on('error', () => {});
      });
      sockets.push(entry);
      return entry.ready;
    });
    await Promise.all(group);
  }
  const connected = (await Promise.all(sockets.map((s) => s.ready))).filter(Boolean).length;
  const connectSeconds = (performance.now() - c0) / 1000;
  log(`  live: ${connected} of ${sockets.length} sockets connected in ${fmtS(connectSeconds)}`);
  await sleep(1000);

  const meter = phaseMeter(server, rss);
  const sends: { sentAt: number; messageId?: string; ms?: number }[] = [];
  const postErrors: string[] = [];
  const start = performance.now();
  const posts: Promise<void>[] = [];
  for (let i = 0; i < WS_MESSAGES; i++) {
    // On a fixed schedule, whether or not earlier posts have been answered.
    const due = start + i * WS_INTERVAL_MS;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const ticketId = ticketIds[i % ticketIds.length]!;
    const send: (typeof sends)[number] = { sentAt: performance.now() };
    sends.push(send);
    posts.push(
      httpRequest(server.port, 'POST', `/api/v1/tickets/${ticketId}/messages`, { 'content-type': 'application/json', cookie: postCookie }, json({ body: `Live fan-out check ${i}: thanks, we are on it.` }), { agent: apiAgent, timeoutMs: 60_000 }).then(
        (res) => {
          send.ms = performance.now() - send.sentAt;
          if (res.status === 201) send.messageId = (JSON.parse(res.text) as { id: string }).id;
          else if (postErrors.length < 5) postErrors.push(`${res.status} ${res.text.slice(0, 300)}`);
        },
        (err) => {
          if (postErrors.length < 5) postErrors.push(String(err));
        },
      ),
    );
  }
  await Promise.all(posts);
  const load = meter();
  // Stragglers: give every socket 5 s after the last answer.
  await sleep(5_000);

  const latencies: number[] = [];
  const lastArrivals: number[] = [];
  let expected = 0;
  let delivered = 0;
  const live = sockets.filter((s) => !s.closed || s.arrivals.size > 0);
  for (const send of sends) {
    if (!send.messageId) continue;
    let last = 0;
    for (const s of sockets) {
      expected++;
      const at = s.arrivals.get(send.messageId);
      if (at === undefined) continue;
      delivered++;
      latencies.push(at - send.sentAt);
      last = Math.max(last, at - send.sentAt);
    }
    if (last > 0) lastArrivals.push(last);
  }
  const closedEarly = sockets.filter((s) => s.closed).length;
  for (const s of sockets) s.ws.close();
  const d = summary(latencies);
  log(`  live: ${fmtInt(delivered)} of ${fmtInt(expected)} deliveries, p50 ${fmtMs(d.p50)}, p99 ${fmtMs(d.p99)}, max ${fmtMs(d.max)}; ${live.length} sockets`);
  return {
    sockets: sockets.length,
    connected,
    connectSeconds,
    messages: WS_MESSAGES,
    posted: sends.filter((s) => s.messageId).length,
    postErrors,
    post: summary(sends.flatMap((s) => (s.ms === undefined ? [] : [s.ms]))),
    delivery: d,
    expected,
    delivered,
    missed: expected - delivered,
    lastArrival: summary(lastArrivals),
    closedEarly,
    load,
  };
}
