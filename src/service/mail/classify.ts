// Pure rules for inbound mail: what must never open a ticket, who sent it, and how
// a mail finds the ticket it belongs to.
import { domainToASCII } from 'node:url';
import { z } from 'zod';

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

// An address as browsers judge one (the WHATWG definition behind <input type=email>), its
// domain in ASCII so that internationalised domains pass, within RFC 5321's 254 characters.
const replyableAddress = z.email({ pattern: z.regexes.html5Email }).max(254);

/**
 * The sender's address, lower-cased, when replies can go to it; null when From holds
 * none (`script`, `"><script>"@x>`): such a mail comes from an unknown sender.
 */
export function senderAddress(address: string | undefined): string | null {
  const at = address?.lastIndexOf('@') ?? -1;
  if (!address || at < 1) return null;
  const ascii = `${address.slice(0, at)}@${domainToASCII(address.slice(at + 1))}`;
  return replyableAddress.safeParse(ascii).success ? address.toLowerCase() : null;
}

/** Enough of a thread's history to find it; a header of 70,000 ids would not fit one query. */
const MAX_REFERENCED_IDS = 100;

/** The Message-IDs a mail replies to, newest first: In-Reply-To, then References from the end. */
export function referencedIds(inReplyTo: string | undefined, references: string | string[] | undefined): string[] {
  const refs = Array.isArray(references) ? references : references ? references.split(/\s+/) : [];
  const ids = [inReplyTo, ...refs.reverse()].filter((x): x is string => Boolean(x && x.trim())).map((x) => x.trim());
  return [...new Set(ids)].slice(0, MAX_REFERENCED_IDS);
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
