// The written report of a run (bench/results/service.md): figures, targets and findings.

import { fmtInt, fmtMiB, fmtMs, fmtS, machine, machineLine } from '../lib/measure.ts';
import { ASSIGNEES, BATCH_TICKETS, check, INBOX_CALLS, MAILS, pct, plural, REPORT_BUDGET_S, REPORT_CALLS, SEED, SMTP_CONNECTIONS, TIME_ZONE, WS_AGENTS, WS_INTERVAL_MS, WS_MESSAGES } from './settings.ts';
import { type BackfillResult, type LoadResult } from './load.ts';
import { type PhaseLoad } from './api.ts';
import { type InboxResult } from './phase-inbox.ts';
import { type ReportResult } from './phase-report.ts';
import { type LiveResult } from './phase-live.ts';
import { type SmtpResult } from './phase-smtp.ts';
import { type StaleProbe } from './phase-stale.ts';

export interface Result {
  postgres: string;
  database: string;
  load: LoadResult;
  backfill: BackfillResult;
  idleRss: number;
  inbox?: InboxResult;
  report?: ReportResult;
  live?: LiveResult;
  smtp?: SmtpResult;
  stale?: StaleProbe;
  peakRssOverall?: number;
  serverWarnings: { count: number; first: string[] };
  errors: string[];
}

function loadLine(l: PhaseLoad): string {
  // PostgreSQL's figure sums its live processes: a backend that ended during the phase takes its CPU with it.
  const pgCores = l.postgresCpuCores >= 0 ? `${l.postgresCpuCores.toFixed(2)} cores` : 'n/a';
  return `server ${l.serverCpuCores.toFixed(2)} cores, PostgreSQL ${pgCores}, CPU pressure ${pct(l.cpuPressure)}, load average ${l.loadAvg.toFixed(1)}`;
}

function dist(counts: Record<string, number>, total: number): string {
  return Object.entries(counts)
    .map(([k, n]) => `${k} ${fmtInt(n)} (${((n / total) * 100).toFixed(n / total < 0.01 ? 1 : 0)}%)`)
    .join(', ');
}

/** Observations that follow from the measurements (and, where said, from reading the code they timed). */
function findingsOf(r: Result): string[] {
  const out: string[] = [];
  const c = r.report?.check;
  if (c?.differences.length) {
    out.push(`**The report disagrees with the definitions** (metrics.ts \`serviceFigures\` over every history) on ${plural(c.differences.length, 'figure')}: ${c.differences.slice(0, 5).join('; ')}.`);
  }
  const slow = r.report?.variants.filter((v) => v.times.p99 >= 500) ?? [];
  if (r.report && slow.length) {
    const l = r.report.load;
    out.push(
      `**The service report is bound by PostgreSQL's CPU**: during the report calls PostgreSQL used ${l.postgresCpuCores.toFixed(2)} cores and the server ${l.serverCpuCores.toFixed(2)} (CPU pressure ${pct(l.cpuPressure)}); ` +
        `the time goes to scanning the period's facts and sorting every duration column for \`percentile_cont\` (each ticket's durations, and its next responses unnested), not to transfer or JavaScript. ` +
        `Over 500 ms at p99: ${slow.map((v) => `${v.groupBy} (${fmtMs(v.times.p99)})`).join(', ')}.`,
    );
  }
  const reportPeak = r.report?.load.peakRss;
  if (reportPeak && reportPeak > 2 * r.idleRss) {
    out.push(
      `**The report grows the server's memory**: the server's RSS went from ${fmtMiB(r.idleRss)} after start to ${fmtMiB(reportPeak)} during the report calls` +
        (r.live ? `, and was still ${fmtMiB(r.live.load.peakRss)} during the WebSocket phase that followed.` : '.'),
    );
  }
  const st = r.stale;
  if (st && (st.get !== 200 || st.post !== 201)) {
    out.push(
      `**A ticket paused for over a year cannot be opened or answered**: ticket #${st.number} (${st.status} for ${fmtInt(st.pausedDays)} days) answers ${st.get} to \`GET\` and ${st.post} to a reply, with "${st.error ?? ''}" in the log: ` +
        'the SLA clocks (`slaState` → `addBusinessTime` in `src/service/sla/calendar.ts`) give up when the deadline lies more than 366 days after the clock started, which a long pause pushes it past.',
    );
  }
  return out;
}

export function markdown(r: Result): string {
  const m = machine();
  const L = r.load;
  const s = L.shape;
  const lines = [
    '## Service desk at scale (`bench/service.ts`)',
    '',
    `Machine: ${machineLine()}. The load generator, the server (a child process) and PostgreSQL all run on these ${m.cores} cores${m.cores <= 2 ? ', which were shared with other work during the run: read the figures as a floor' : ''}.`,
    '',
    `Data: **${fmtInt(L.tickets)} tickets, ${fmtInt(L.messages)} messages, ${fmtInt(L.events)} ticket events**, ${fmtInt(L.customers)} customers, ${fmtInt(L.agents)} agents ` +
      `(${ASSIGNEES} of them work the tickets; the busiest has ${fmtInt(s.topAssigneeTickets)}), 3 teams, created ${s.span.from} to ${s.span.to}. ` +
      `Tables: tickets ${fmtInt(s.tableMiB.tickets!)} MiB, ticket_messages ${fmtInt(s.tableMiB.ticket_messages!)} MiB, ticket_events ${fmtInt(s.tableMiB.ticket_events!)} MiB (with indexes).`,
    '',
    `- Status: ${dist(s.byStatus, L.tickets)}.`,
    `- Channel: ${dist(s.byChannel, L.tickets)}.`,
    `- Messages: ${dist(s.messagesByKind, L.messages)}; per ticket min ${s.perTicket.min}, median ${s.perTicket.p50}, p90 ${s.perTicket.p90}, max ${s.perTicket.max}; ${fmtInt(s.bodyChars)} characters a body on average.`,
    `- Events: ${dist(s.eventsByType, L.events)}.`,
    '',
    `How it was loaded: the ticket history is generated in the benchmark process (seeded, \`BENCH_SEED=${SEED}\`) and written with SQL straight into the tables of \`src/service/schema.ts\`, ` +
      `not through the API (which would take hours): \`INSERT … SELECT … FROM jsonb_to_recordset($1)\` batches of ${fmtInt(BATCH_TICKETS)} tickets (their messages and events in the same transaction) on two connections, ` +
      `into the migrated schema with all its indexes, in ${fmtS(L.seconds)}; then \`VACUUM (ANALYZE)\` (${fmtS(L.vacuumSeconds)}), as autovacuum would have done over two years. ` +
      'Each ticket is one consistent life: the customer\'s first message at creation (`created`, `message` events), an assignment before the first reply (by routing or the agent), ' +
      'agent replies, internal notes and customer answers at a pace set by the channel (chat in minutes, email in hours; customers write at any hour, agents act Monday to Friday 09:00–17:00 UTC), ' +
      'a third of the tickets a question and an answer (and maybe a thank-you), the rest longer conversations, and the status moves the server would record for them ' +
      '(new → open on the first public reply, pending while waiting on the customer, open again when the customer writes, about 8% solved and reopened, solved, closed days later); ' +
      '`first_response_at`, `solved_at`, `closed_at` and `updated_at` agree with the history. Old tickets are mostly closed; recent ones are still being worked on. ' +
      'Customers and their email identities, agents (users, memberships, sessions), teams (manual routing) and the ticket counter are written the same way. Not loaded: journey entries for the tickets, attachments, SLA timers of the open tickets.',
    '',
    `The service report reads per-ticket facts (\`ticket_facts\`), which the server keeps in the transaction of every ticket change; tickets written by SQL have none, so after loading they are filled in by the server's own backfill ` +
      `(\`fillFacts\` of \`src/service/facts.ts\`, chunk after chunk of ${fmtInt(500)} tickets as its job runs it, here called from the benchmark process before the server starts): ` +
      `**${fmtInt(r.backfill.tickets)} tickets in ${fmtS(r.backfill.seconds)}** (${fmtInt(r.backfill.tickets / r.backfill.seconds)} a second; a chunk, one transaction, p50 ${fmtMs(r.backfill.chunks.p50)}, p99 ${fmtMs(r.backfill.chunks.p99)}; ` +
      `benchmark process ${r.backfill.benchCpuCores.toFixed(2)} cores, PostgreSQL ${r.backfill.postgresCpuCores.toFixed(2)} cores, CPU pressure ${pct(r.backfill.cpuPressure)}, load average ${r.backfill.loadAvg.toFixed(1)}), ` +
      `then \`ANALYZE ticket_facts\` (${fmtS(r.backfill.analyzeSeconds)}); the table takes ${fmtInt(r.backfill.factsMiB)} MiB.`,
    '',
    'Reproduce: `BENCH_DATABASE_URL=postgres://… node bin/run-ts.js bench/service.ts` (`BENCH_TICKETS` sizes the run; see the file\'s header for the rest).',
    '',
    '### PostgreSQL',
    '',
    r.postgres,
    '',
  ];
  const rows: [string, string, string][] = [];
  const i = r.inbox;
  if (i) {
    rows.push([
      `Inbox list: \`GET /api/v1/tickets\`, ${fmtInt(i.all.n)} sequential calls with an agent's session cookie`,
      `p50 ${fmtMs(i.all.p50)}, **p99 ${fmtMs(i.all.p99)}**, max ${fmtMs(i.all.max)}`,
      `p99 < 50 ms: ${check(i.all.p99 < 50)}`,
    ]);
    rows.push([`&nbsp;&nbsp;\`?status=new,open&limit=50\` (${fmtInt(i.newOpenTickets)} tickets match)`, `p50 ${fmtMs(i.newOpen.p50)}, p99 ${fmtMs(i.newOpen.p99)}, max ${fmtMs(i.newOpen.max)}`, '']);
    rows.push([`&nbsp;&nbsp;\`?assignee=<id>&limit=50\` (the busiest agent: ${fmtInt(i.assigneeTickets)} tickets)`, `p50 ${fmtMs(i.assignee.p50)}, p99 ${fmtMs(i.assignee.p99)}, max ${fmtMs(i.assignee.max)}`, '']);
    rows.push([
      `&nbsp;&nbsp;\`?status=open,pending&limit=50\` (${fmtInt(i.openPendingTickets)} match): first page / pages after \`cursor\``,
      `p99 ${fmtMs(i.firstPage.p99)} (${i.firstPage.n}) / ${fmtMs(i.cursorPages.p99)} (${i.cursorPages.n})`,
      '',
    ]);
    if (i.errors) rows.push(['&nbsp;&nbsp;failed calls', `${fmtInt(i.errors)}`, '**errors**']);
    rows.push(['&nbsp;&nbsp;machine during the calls', loadLine(i.load), '']);
  }
  const rep = r.report;
  if (rep) {
    for (const v of rep.variants) {
      const failed = v.ok < v.calls || v.errors.length > 0;
      rows.push([
        `Service report: \`GET /api/v1/reports/service?from=<2 years ago>&to=now&groupBy=${v.groupBy}\`, ${plural(v.calls, 'call')}${v.budgetHit ? ` (stopped at the ${REPORT_BUDGET_S} s budget)` : ''}` +
          (v.ok ? ` over ${fmtInt(v.tickets)} tickets, ${plural(v.groups, 'group')}` : ''),
        failed && v.ok === 0 ? `**failed** after ${fmtMs(v.times.p50)} (p50): ${v.errors[0]?.replaceAll('|', '\\|') ?? 'no answer'}` : `p50 ${fmtMs(v.times.p50)}, **p99 ${fmtMs(v.times.p99)}**${failed ? ` (${v.calls - v.ok} failed: ${v.errors[0]?.replaceAll('|', '\\|')})` : ''}`,
        `< 500 ms: ${check(!failed && v.times.p99 < 500)}`,
      ]);
    }
    const f = rep.figures;
    if (f) {
      const h = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(1)} h`);
      rows.push([
        '&nbsp;&nbsp;what it reports for all tickets (groupBy none)',
        `${fmtInt(f.tickets)} tickets, ${fmtInt(f.solved)} solved, backlog ${fmtInt(f.backlog)}; first response median ${h(f.firstResponseMedianH)} (business ${h(f.firstResponseBusinessMedianH)}); ` +
          `${fmtInt(f.nextResponseN)} next responses; full resolution median ${h(f.fullResolutionMedianH)}; reopen rate ${pct(f.reopenRate ?? Number.NaN)}; one-touch ${pct(f.oneTouchRate ?? Number.NaN)}; ` +
          `SLA achieved: first response ${pct(f.slaRates[0] ?? Number.NaN)}, next response ${pct(f.slaRates[1] ?? Number.NaN)}, resolution ${pct(f.slaRates[2] ?? Number.NaN)}`,
        '',
      ]);
    }
    const c = rep.check;
    if (c) {
      rows.push([
        `&nbsp;&nbsp;checked against the definitions: \`serviceFigures\` (metrics.ts) over all ${fmtInt(c.tickets)} histories (${fmtInt(c.events)} events), computed in the benchmark process`,
        c.differences.length ? `**${plural(c.differences.length, 'figure')} differ**` : 'every figure equal',
        '',
      ]);
      rows.push(['&nbsp;&nbsp;… what that costs without stored facts: loading the histories / computing the figures', `${fmtMs(c.loadMs)} / ${fmtMs(c.computeMs)}`, '']);
    } else if (rep.checkError) rows.push(['&nbsp;&nbsp;checked against the definitions', `not checked: ${rep.checkError}`, '']);
    rows.push(['&nbsp;&nbsp;machine during the calls', loadLine(rep.load), '']);
  }
  const l = r.live;
  if (l) {
    rows.push([
      `WebSocket fan-out: ${l.connected} agents on \`/api/v1/live\`, ${l.posted} replies posted (one every ${WS_INTERVAL_MS} ms), time from the POST's send to each socket's \`ticket.message\``,
      `p50 ${fmtMs(l.delivery.p50)}, **p99 ${fmtMs(l.delivery.p99)}**, max ${fmtMs(l.delivery.max)}`,
      `p99 < 200 ms: ${check(l.delivery.p99 < 200 && l.missed === 0)}`,
    ]);
    rows.push(['&nbsp;&nbsp;deliveries / missed', `${fmtInt(l.delivered)} of ${fmtInt(l.expected)} / **${fmtInt(l.missed)}**`, l.missed ? '**deliveries missed**' : '']);
    rows.push(['&nbsp;&nbsp;per reply, until the last of the agents has it: p50 / p99', `${fmtMs(l.lastArrival.p50)} / ${fmtMs(l.lastArrival.p99)}`, '']);
    rows.push(['&nbsp;&nbsp;`POST /api/v1/tickets/{id}/messages` answered: p50 / p99', `${fmtMs(l.post.p50)} / ${fmtMs(l.post.p99)}${l.postErrors.length ? ` (errors: ${l.postErrors[0]})` : ''}`, '']);
    rows.push(['&nbsp;&nbsp;sockets connected / time to connect them all', `${l.connected} of ${l.sockets} / ${fmtS(l.connectSeconds)}`, l.closedEarly ? `${l.closedEarly} closed early` : '']);
    rows.push(['&nbsp;&nbsp;machine during the posts', loadLine(l.load), '']);
  }
  const sm = r.smtp;
  if (sm) {
    rows.push([
      `Inbound SMTP: ${fmtInt(sm.mails)} mails over ${sm.connections} concurrent connections (${fmtInt(sm.newMails)} new, ${fmtInt(sm.replyMails)} replies to open tickets)`,
      `**${sm.rate.toFixed(0)} mails/s** (${fmtInt(sm.accepted)} accepted in ${fmtS(sm.seconds)})`,
      `≥ 50 mails/s: ${check(sm.rate >= 50 && sm.refused === 0)}`,
    ]);
    rows.push(['&nbsp;&nbsp;per mail, MAIL FROM to the 250 after DATA: p50 / p99 / max', `${fmtMs(sm.perMail.p50)} / ${fmtMs(sm.perMail.p99)} / ${fmtMs(sm.perMail.max)}`, '']);
    const perMailCpu = (cores: number) => (cores >= 0 && sm.accepted ? fmtMs((cores * sm.load.seconds * 1000) / sm.accepted) : 'n/a');
    rows.push([
      '&nbsp;&nbsp;CPU per mail, server + PostgreSQL (depends far less than mails/s on what else the machine runs)',
      `${perMailCpu(sm.load.serverCpuCores)} + ${perMailCpu(sm.load.postgresCpuCores)}`,
      '',
    ]);
    rows.push(['&nbsp;&nbsp;refused or not filed', fmtInt(sm.refused), sm.refused ? `**${sm.firstRefusals[0]?.replaceAll('|', '\\|')}**` : '']);
    rows.push([
      '&nbsp;&nbsp;checked by SQL afterwards: accepted mails stored / as a new ticket / on the ticket they answer / missing',
      `${fmtInt(sm.stored.messages)} / ${fmtInt(sm.stored.newTickets)} / ${fmtInt(sm.stored.repliesOnTheirTicket)} / **${fmtInt(sm.stored.missing)}**`,
      sm.stored.missing === 0 && sm.stored.newTickets + sm.stored.repliesOnTheirTicket === sm.accepted ? 'every accepted mail filed where it belongs' : '**mismatch**',
    ]);
    rows.push(['&nbsp;&nbsp;machine during the mails', loadLine(sm.load), '']);
  }
  const st = r.stale;
  if (st) {
    const ok = st.get === 200 && st.post === 201;
    rows.push([
      `Outside the targets: ticket #${st.number}, ${st.status} for ${fmtInt(st.pausedDays)} days: \`GET /api/v1/tickets/{id}\` / reply with \`POST …/messages\``,
      `${st.get} / ${st.post}`,
      ok ? 'works' : `**fails**${st.error ? `: \`${st.error.replaceAll('|', '\\|')}\`` : ''}`,
    ]);
  }
  rows.push(['Server RSS after start on the loaded database', fmtMiB(r.idleRss), '']);
  const peaks = [
    ['inbox', r.inbox?.load.peakRss],
    ['report', r.report?.load.peakRss],
    ['WebSocket', r.live?.load.peakRss],
    ['SMTP', r.smtp?.load.peakRss],
  ].filter((x): x is [string, number] => typeof x[1] === 'number');
  if (peaks.length) rows.push([`Server peak RSS per phase (sampled every 200 ms): ${peaks.map(([k]) => k).join(' / ')}`, peaks.map(([, v]) => fmtMiB(v)).join(' / '), '']);
  if (r.peakRssOverall) rows.push(['Server peak RSS over the whole run (VmHWM)', fmtMiB(r.peakRssOverall), '']);
  lines.push('| Measure | Value | Target |', '|---|---|---|', ...rows.map(([x, y, z]) => `| ${x} | ${y} | ${z} |`), '');
  if (r.errors.length) lines.push('**Phases that failed:**', '', ...r.errors.map((e) => `- \`${e.replaceAll('`', "'")}\``), '');
  if (i?.firstErrors.length) lines.push('First inbox errors:', '', ...i.firstErrors.map((e) => `- \`${e.replaceAll('`', "'")}\``), '');
  if (r.serverWarnings.count) lines.push(`**The server logged ${fmtInt(r.serverWarnings.count)} line(s) at warn level or above**; the distinct ones (shortened):`, '', '```', ...r.serverWarnings.first, '```', '');
  const findings = findingsOf(r);
  if (findings.length) lines.push('#### What the figures point at', '', ...findings.map((f) => `- ${f}`), '');
  lines.push(
    '#### How the figures are taken',
    '',
    `- **Inbox list**: after 30 untimed warm-up calls, ${fmtInt(INBOX_CALLS)} sequential calls over one keep-alive connection, in turn: \`?status=new,open&limit=50\`, \`?assignee=<id>&limit=50\` for the agent with the most tickets, and \`?status=open,pending&limit=50\` whose \`nextCursor\` is followed for up to four more pages before starting over. The cookie is a real login (\`POST /api/v1/auth/login\`) of one of the agents. Time is from sending the request to the last byte of the answer.`,
    `- **Service report**: one untimed warm-up call per grouping, then up to ${REPORT_CALLS} sequential calls with a secret key (fewer when a grouping's calls pass ${REPORT_BUDGET_S} s; when a single call takes over 10 s the warm-up counts as a call), over a period from two years and a day ago to now, which holds every ticket. The server summarises the stored per-ticket facts in SQL (counts, \`avg\`, \`percentile_cont\`; two statements run side by side, one over the tickets and one over their next responses, while a third checks that every ticket of the period has facts of the current SLA policy). *Checked against the definitions*: at the very end, with the server stopped, the benchmark process loads every ticket's history with the server's \`historiesOf\` and computes the figures with \`serviceFigures\` from \`src/service/metrics.ts\` (the definitions the unit tests pin) with the default SLA policy (Mon–Fri 09:00–17:00 ${TIME_ZONE}; SLA clocks still running judged at the instant the API judged them, the \`asOf\` of its answer), and compares every figure with the API's groupBy=none answer over the same period, asked again just before the server stopped (the phases after the report calls add messages and reopen tickets).`,
    `- **WebSocket fan-out**: ${fmtInt(WS_AGENTS)} distinct agent users, each with its own session (written to \`sessions\` as \`POST /api/v1/auth/login\` writes it; the login route allows 20 a minute), connect to \`/api/v1/live\` with their cookie, 20 at a time, and wait for \`hello\`. Then one agent posts ${fmtInt(WS_MESSAGES)} public replies (\`POST /api/v1/tickets/{id}/messages\`) on new/open/pending tickets created in the last 180 days (distinct while there are enough) on a fixed ${WS_INTERVAL_MS} ms schedule, without waiting for earlier answers. A delivery's latency is from just before that POST is sent to the arrival of the \`ticket.message\` event with the reply's \`messageId\` on a socket (in the benchmark process, which holds all ${fmtInt(WS_AGENTS)} sockets, so its own event-loop delay is included). A delivery missing 5 s after the last answer counts as missed.`,
    `- **Inbound SMTP**: ${fmtInt(MAILS)} mails delivered with nodemailer over ${SMTP_CONNECTIONS} connections kept open, each sending its next mail when the previous is answered, to the server's listener (\`TOUCHPOINT_SMTP_PORT\`), which answers 250 only after the mail is stored. 70% come from new senders (a new customer and ticket each), up to 30% are the customers of email tickets of the last 180 days that are not closed answering (most with \`In-Reply-To\`/\`References\` naming the ticket's last mail, some by the \`[#number]\` in the subject only); about half carry an HTML part as well as text, 5% a 20 KB attachment. Mails/s is accepted mails over the wall time from the first connection to the last answer. Afterwards every accepted mail is looked up by its Message-ID: it must be the first message of a new email ticket, or a message on the ticket it answers.`,
    '- **Outside the targets**: the timed phases post on tickets of the last 180 days. The data also holds a few tickets that have been pending or on hold for over a year; the last row opens and answers the oldest of them once, after the timed phases (an SLA clock whose pause is over a year long: see the server log above if it failed).',
    '- **Peak RSS** is the server process only (`/proc/<pid>/status`); PostgreSQL\'s memory is not included. CPU figures are CPU-seconds over wall seconds (2.00 = both cores busy); *CPU pressure* is the share of the time some task on the machine waited for a core (Linux PSI): the higher it is, the more the wall-clock figures understate what 2 free cores would do.',
    '',
  );
  return lines.join('\n');
}
