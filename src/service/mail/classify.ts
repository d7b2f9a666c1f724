// Pure rules for inbound mail: what must never open a ticket, and how a mail
// finds the ticket it belongs to.

export interface MailHeaders {
  get(name: string): unknown;
}

const AUTOMATED_SENDER = /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounce[s]?)([+@]|$)/i;

/**
 * Auto-replies, bounces and bulk mail (RFC 3834 Auto-Submitted, Precedence,
 * Microsoft's X-Auto-Response-Suppress, delivery reports, mailer-daemon):
 * they never open a ticket, so two auto-responders cannot loop through us.
 */
export function automatedReason(headers: MailHeaders, from: string | undefined, contentType?: string): string | null {
  const autoSubmitted = String(headers.get('auto-submitted') ?? '').toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = String(headers.get('precedence') ?? '').toLowerCase();
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return `Precedence: ${precedence}`;
  if (headers.get('x-autoreply') || headers.get('x-autorespond')) return 'X-Autoreply';
  const suppress = String(headers.get('x-auto-response-suppress') ?? '').toLowerCase();
  if (suppress.includes('all') || suppress.includes('oof')) return `X-Auto-Response-Suppress: ${suppress}`;
  if (headers.get('list-id') || headers.get('list-unsubscribe')) return 'mailing list';
  if (contentType && /multipart\/report/i.test(contentType)) return 'delivery report';
  if (from && AUTOMATED_SENDER.test(from.split('@')[0] + '@')) return `automated sender ${from}`;
  return null;
}

/** The Message-IDs a mail replies to, newest first: In-Reply-To, then References from the end. */
export function referencedIds(inReplyTo: string | undefined, references: string | string[] | undefined): string[] {
  const refs = Array.isArray(references) ? references : references ? references.split(/\s+/) : [];
  const ids = [inReplyTo, ...refs.reverse()].filter((x): x is string => Boolean(x && x.trim())).map((x) => x.trim());
  return [...new Set(ids)];
}

/** The `[#1042]` token our replies put in subjects. */
export function ticketNumberInSubject(subject: string | undefined): number | null {
  const m = subject?.match(/\[#(\d{1,9})\]/);
  return m ? Number(m[1]) : null;
}

/** Which workspace a mail is for: `slug@…` or `support+slug@…`; otherwise the default one. */
export function workspaceSlugFromRecipient(address: string): string | null {
  const local = address.split('@')[0]?.toLowerCase() ?? '';
  const tag = local.includes('+') ? local.split('+')[1] : local;
  return tag && /^[a-z0-9-]+$/.test(tag) ? tag : null;
}
