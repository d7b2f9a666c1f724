// Phase 5: inbound SMTP: mails (new tickets and replies) delivered over several connections, every one filed.

import crypto from 'node:crypto';
import nodemailer from 'nodemailer';
import { fmtInt, fmtS, rssSampler, summary } from '../lib/measure.ts';
import { type Server, withClient } from '../lib/server.ts';
import { DAY, log, MAILS, NOW, RUN_TAG, SMTP_CONNECTIONS } from './settings.ts';
import { AGENT_LINES, CUSTOMER_FOLLOW_UPS, customerBody, pick, rand, sentences, TOPICS } from './history.ts';
import { type PhaseLoad, phaseMeter } from './api.ts';

export interface SmtpResult {
  mails: number;
  connections: number;
  accepted: number;
  refused: number;
  firstRefusals: string[];
  seconds: number;
  rate: number;
  perMail: ReturnType<typeof summary>;
  newMails: number;
  replyMails: number;
  bytes: number;
  stored: { messages: number; newTickets: number; repliesOnTheirTicket: number; missing: number };
  load: PhaseLoad;
}

interface ReplyTarget {
  ticketId: string;
  number: number;
  email: string;
  name: string;
  messageId: string | null;
}

function makeMail(i: number, target: ReplyTarget | undefined): { mail: nodemailer.SendMailOptions; messageId: string } {
  const messageId = `<bench-smtp-${RUN_TAG}-${i}@mail-sender.example>`;
  const topic = pick(TOPICS);
  const text = target
    ? `${customerBody(topic, false, target.name)}\n\n> On ${new Date(NOW - DAY).toUTCString()}, Support wrote:\n> ${pick(AGENT_LINES)}\n> ${pick(AGENT_LINES)}`
    : `${customerBody(topic, true, `Sender ${i}`)}\n\n${sentences(CUSTOMER_FOLLOW_UPS, 3)}\n\n--\nSent from my phone`;
  const html = rand() < 0.5 ? `<div dir="ltr"><p>${text.replaceAll('\n\n', '</p><p>').replaceAll('\n', '<br>')}</p><img src="https://tracker.example/pixel.gif" width="1" height="1"></div>` : undefined;
  const attachments = rand() < 0.05 ? [{ filename: `photo-${i}.jpg`, content: crypto.randomBytes(20_000), contentType: 'image/jpeg' }] : undefined;
  const mail: nodemailer.SendMailOptions = target
    ? {
        from: `${target.name} <${target.email}>`,
        to: 'support@help.example',
        subject: `Re: ${topic.subject} [#${target.number}]`,
        text,
        html,
        attachments,
        messageId,
        ...(target.messageId ? { inReplyTo: target.messageId, references: [target.messageId] } : {}),
      }
    : { from: `Sender ${i} <sender.${i}.${RUN_TAG}@mail-sender.example>`, to: 'support@help.example', subject: topic.subject, text, html, attachments, messageId };
  return { mail, messageId };
}

export async function smtpBench(server: Server, smtpPort: number, url: string, workspaceId: string, rss: ReturnType<typeof rssSampler>): Promise<SmtpResult> {
  // 30% are customers answering their open email tickets (most by In-Reply-To, some by the [#number] in the subject only).
  const targets = await withClient(url, async (c) =>
    (
      await c.query<{ id: string; number: number; email: string; name: string; mid: string | null }>(
        `select t.id, t.number, c.email, c.name,
                (select m.email_message_id from ticket_messages m where m.ticket_id = t.id and m.email_message_id is not null order by m.created_at desc limit 1) as mid
         from tickets t join customers c on c.id = t.customer_id
         where t.workspace_id = $1 and t.channel = 'email' and t.status in ('open', 'pending', 'solved', 'on-hold') and c.email is not null
           and t.created_at > now() - interval '180 days'
         order by random() limit $2`,
        [workspaceId, Math.ceil(MAILS * 0.3)],
      )
    ).rows.map((r) => ({ ticketId: r.id, number: r.number, email: r.email, name: r.name, messageId: rand() < 0.85 ? r.mid : null })),
  );
  const plan = Array.from({ length: MAILS }, (_, i) => (i % 10 < 3 && targets.length ? targets[Math.floor(i / 10) * 3 + (i % 10)] : undefined));
  const mails = plan.map((target, i) => ({ ...makeMail(i, target), target }));
  const bytes = mails.reduce((s, m) => s + String(m.mail.text).length + String(m.mail.html ?? '').length + (m.mail.attachments ? 20_000 : 0), 0);

  const perMail = new Float64Array(MAILS);
  const accepted = new Set<number>();
  const firstRefusals: string[] = [];
  let refused = 0;
  let next = 0;
  const meter = phaseMeter(server, rss);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: SMTP_CONNECTIONS }, async () => {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, pool: true, maxConnections: 1, maxMessages: Infinity });
      try {
        for (;;) {
          const i = next++;
          if (i >= MAILS) return;
          const t = performance.now();
          try {
            const info = (await transport.sendMail(mails[i]!.mail)) as { response?: string };
            if (/^250/.test(info.response ?? '') && /Filed on ticket/.test(info.response ?? '')) accepted.add(i);
            else {
              refused++;
              if (firstRefusals.length < 5) firstRefusals.push(`mail ${i}: ${info.response}`);
            }
          } catch (err) {
            refused++;
            if (firstRefusals.length < 5) firstRefusals.push(`mail ${i}: ${(err as Error).message}`);
          }
          perMail[i] = performance.now() - t;
          if ((i + 1) % 500 === 0) log(`  smtp: ${i + 1} mails sent, ${fmtInt((i + 1) / ((performance.now() - t0) / 1000))} mails/s`);
        }
      } finally {
        transport.close();
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const load = meter();

  // Every accepted mail must be stored: a new ticket of its own, or a message on the ticket it answers.
  const stored = await withClient(url, async (c) => {
    const ids = mails.map((m) => m.messageId);
    const { rows } = await c.query<{ mid: string; ticket_id: string; first: boolean }>(
      `select m.email_message_id as mid, m.ticket_id, (t.created_at = m.created_at and t.channel = 'email') as first
       from ticket_messages m join tickets t on t.id = m.ticket_id
       where m.workspace_id = $1 and m.email_message_id = any($2::text[])`,
      [workspaceId, ids],
    );
    const byId = new Map(rows.map((r) => [r.mid, r]));
    let newTickets = 0;
    let repliesOnTheirTicket = 0;
    let missing = 0;
    for (const i of accepted) {
      const row = byId.get(mails[i]!.messageId);
      if (!row) missing++;
      else if (mails[i]!.target) {
        if (row.ticket_id === mails[i]!.target!.ticketId) repliesOnTheirTicket++;
      } else if (row.first) newTickets++;
    }
    return { messages: rows.length, newTickets, repliesOnTheirTicket, missing };
  });
  const okTimes = [...accepted].map((i) => perMail[i]!);
  log(`  smtp: ${fmtInt(accepted.size)} of ${fmtInt(MAILS)} accepted in ${fmtS(seconds)}, ${fmtInt(accepted.size / seconds)} mails/s; stored ${fmtInt(stored.messages)}, missing ${stored.missing}`);
  return {
    mails: MAILS,
    connections: SMTP_CONNECTIONS,
    accepted: accepted.size,
    refused,
    firstRefusals,
    seconds,
    rate: accepted.size / seconds,
    perMail: summary(okTimes),
    newMails: mails.filter((m) => !m.target).length,
    replyMails: mails.filter((m) => m.target).length,
    bytes,
    stored,
    load,
  };
}
