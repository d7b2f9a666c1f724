// A ticket paused for over a year: opening it and replying to it must still work (its SLA clock spans the whole pause).

import { httpRequest, json, type Server, withClient } from '../lib/server.ts';
import { apiAgent, log } from './settings.ts';

export interface StaleProbe {
  number: number;
  status: string;
  pausedDays: number;
  get: number;
  post: number;
  error?: string;
}

/**
 * The oldest ticket that has been pending or on hold for over a year (the data has
 * a few): open it and reply to it, as an agent cleaning up old tickets would.
 * Kept out of the timed phases, which use tickets of the last 180 days.
 */
export async function staleProbe(server: Server, url: string, cookie: string): Promise<StaleProbe | undefined> {
  const row = await withClient(url, async (c) =>
    (
      await c.query<{ id: string; number: number; status: string; days: number }>(
        `select t.id, t.number, t.status, (extract(epoch from now() - max(e.at)) / 86400)::int as days
         from tickets t join ticket_events e on e.ticket_id = t.id and e.type = 'status'
         where t.status in ('pending', 'on-hold') group by t.id having max(e.at) < now() - interval '370 days' order by max(e.at) limit 1`,
      )
    ).rows[0],
  );
  if (!row) return undefined;
  const get = await httpRequest(server.port, 'GET', `/api/v1/tickets/${row.id}`, { cookie }, undefined, { agent: apiAgent, timeoutMs: 60_000 });
  const post = await httpRequest(server.port, 'POST', `/api/v1/tickets/${row.id}/messages`, { 'content-type': 'application/json', cookie }, json({ body: 'Closing the loop on this one.' }), {
    agent: apiAgent,
    timeoutMs: 60_000,
  });
  const logged = server.output.filter((l) => l.includes('"level":50')).map((l) => /"message":"([^"]*)"/.exec(l)?.[1]).filter(Boolean);
  const probe: StaleProbe = { number: row.number, status: row.status, pausedDays: row.days, get: get.status, post: post.status };
  if (get.status !== 200 || post.status !== 201) probe.error = logged.at(-1) ?? `${post.status} ${post.text.slice(0, 200)}`;
  log(`  ticket #${row.number}, ${row.status} for ${row.days} days: GET ${get.status}, POST message ${post.status}${probe.error ? ` (${probe.error})` : ''}`);
  return probe;
}
