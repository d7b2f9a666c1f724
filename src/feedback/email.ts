import nodemailer, { type Transporter } from 'nodemailer';
import type { Db } from '../platform/db/client.ts';
import type { JobRow } from '../platform/jobs/queue.ts';
import { getCustomer } from '../customers/store.ts';
import { getTicket } from '../service/store.ts';
import { escapeHtml } from '../platform/html.ts';
import { answerLink, invitationToken, type FeedbackDeps } from './invitations.ts';
import { isScoreQuestion, scaleOf, textIn, type Question } from './questions.ts';
import { getSend, getSurvey, updateSend, type Survey, type SurveySend } from './store.ts';

// The invitation email: the first question inside it, each score a one-click link.

export interface InvitationEmail {
  subject: string;
  html: string;
  text: string;
}

const SCALE_WORDS: Record<string, { low: string; high: string }> = {
  nps: { low: 'Not at all likely', high: 'Extremely likely' },
  csat: { low: 'Very unsatisfied', high: 'Very satisfied' },
  rating: { low: 'Poor', high: 'Excellent' },
};

function scaleWords(q: Question): { low: string; high: string } {
  if (q.type === 'ces') return q.direction === 'higher-is-easier' ? { low: 'Strongly disagree', high: 'Strongly agree' } : { low: 'Very low effort', high: 'Very high effort' };
  return SCALE_WORDS[q.type] ?? { low: '', high: '' };
}

export function renderInvitation(survey: Survey, send: SurveySend, customerName: string | null, link: (score: number | null) => string, pixel: string): InvitationEmail {
  const language = send.language;
  const fallback = survey.languages[0] ?? 'en';
  const first = survey.questions[0]!;
  const title = survey.title ? textIn(survey.title, language, fallback) : survey.name;
  const greeting = customerName ? `Hello ${customerName.split(' ')[0]},` : 'Hello,';
  const question = textIn(first.text, language, fallback);
  const scale = isScoreQuestion(first) ? scaleOf(first)! : null;
  const scores = scale ? Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i) : [];
  const words = scaleWords(first);

  const buttons = scores
    .map((s) => `<td style="padding:2px"><a href="${escapeHtml(link(s))}" style="display:block;min-width:28px;padding:10px 0;text-align:center;border:1px solid #c7cbd1;border-radius:6px;color:#1f2937;text-decoration:none;font:600 15px sans-serif">${s}</a></td>`)
    .join('');
  const body = scale
    ? `<table role="presentation" cellspacing="0" cellpadding="0"><tr>${buttons}</tr></table>
       <table role="presentation" width="100%" style="font:12px sans-serif;color:#6b7280"><tr><td>${escapeHtml(words.low)}</td><td align="right">${escapeHtml(words.high)}</td></tr></table>`
    : `<p><a href="${escapeHtml(link(null))}" style="display:inline-block;padding:10px 18px;background:#2563eb;color:#fff;border-radius:6px;text-decoration:none;font:600 15px sans-serif">Answer</a></p>`;
  const html = `<!doctype html><html lang="${escapeHtml(language)}"><body style="margin:0;padding:24px;background:#f6f7f9">
<div style="max-width:560px;margin:auto;background:#fff;padding:24px;border-radius:8px;font:15px/1.5 sans-serif;color:#1f2937">
<p>${escapeHtml(greeting)}</p>
<p style="font-weight:600">${escapeHtml(question)}</p>
${body}
<p style="font-size:12px;color:#6b7280">One click records your answer; you can add a comment on the next page.</p>
</div><img src="${escapeHtml(pixel)}" width="1" height="1" alt=""></body></html>`;
  const text = [
    greeting,
    '',
    question,
    '',
    ...(scale ? [`${words.low} (${scale.min}) … ${words.high} (${scale.max}): open the link of your answer.`, ...scores.map((s) => `${s}: ${link(s)}`)] : [link(null)]),
    '',
  ].join('\n');
  return { subject: title, html, text };
}

/**
 * The `survey.send` job. The Message-ID was fixed when the send was scheduled, so
 * a retry after a crash between handing the mail over and recording it resends
 * the same message (clients drop the duplicate); `sent` stops any later send.
 */
export function invitationSender(deps: FeedbackDeps, options: { smtpUrl?: string; from: string }) {
  const transport: Transporter | null = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
  return async function sendInvitation(job: JobRow, db: Db): Promise<void> {
    const send = await getSend(db, String(job.payload.sendId));
    if (!send || send.status !== 'scheduled') return;
    const survey = (await getSurvey(db, send.workspaceId, send.surveyId))!;
    const customer = await getCustomer(db, send.workspaceId, send.customerId);
    if (survey.status !== 'active') return updateSend(db, send.id, { status: 'skipped', note: 'the survey was paused before the send' });
    if (!customer?.email) return updateSend(db, send.id, { status: 'skipped', note: 'the customer has no email address' });
    // A CSAT about a ticket asks only while it is still solved (a reopened ticket is not over).
    const ticket = send.ticketId ? await getTicket(db, send.workspaceId, send.ticketId) : undefined;
    if (ticket && ticket.status !== 'solved' && ticket.status !== 'closed') return updateSend(db, send.id, { status: 'skipped', note: `ticket #${ticket.number} was reopened` });
    if (!transport) return updateSend(db, send.id, { status: 'outbox', note: 'SMTP_URL is not set' });
    const sentAt = new Date();
    const token = invitationToken(deps, send, sentAt);
    const email = renderInvitation(survey, send, customer.name, (score) => answerLink(deps, token, score), `${deps.baseUrl()}/f/o/${token}.gif`);
    await transport.sendMail({
      from: options.from,
      to: customer.name ? { name: customer.name, address: customer.email } : customer.email,
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: send.emailMessageId!,
      // A survey is sent by a machine: auto-responders must not answer it.
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All', 'X-Touchpoint-Survey': survey.id },
    });
    await updateSend(db, send.id, { status: 'sent', sentAt });
  };
}
