import type { ParsedMail } from 'mailparser';
import { repairText } from '../../platform/text.ts';
import { htmlToText } from '../html.ts';
import type { Attachment } from '../tickets.ts';
import { automatedReason, referencedIds, senderAddress } from './classify.ts';
import { MAX_PARTS, type MailReading } from './read.ts';

// What is kept of an inbound mail, as plain data: every string repaired once here, at the
// edge (PostgreSQL's text holds no NUL, its jsonb no lone surrogate), cut to what the API
// takes and the database indexes, and a line for the team about each thing not kept.

/** The API's limits for a ticket's subject and a customer's name. */
const MAX_SUBJECT = 300;
const MAX_NAME = 200;
/** RFC 5322's line; a longer Message-ID would not fit the unique index it is deduplicated by. */
const MAX_ID_BYTES = 998;

export interface InboundMail {
  /** Null when From holds no address replies can go to: an unknown sender. */
  sender: { address: string; name: string | null } | null;
  /** Why it must never open a ticket (an auto-reply, a bounce, bulk mail), or null. */
  automated: string | null;
  subject: string;
  text: string;
  html: string | null;
  messageId: string | null;
  inReplyTo: string | null;
  /** The Message-IDs it answers, newest first. */
  references: string[];
  attachments: Attachment[];
  /** For the team, in an internal note: what could not be kept, and why. */
  notes: string[];
}

export function inboundMail(reading: Extract<MailReading, { kind: 'whole' | 'partial' }>): InboundMail {
  const { mail } = reading;
  const notes: string[] = [];
  const cut = (value: string, max: number, what: string) => {
    if (value.length <= max) return value;
    notes.push(`${what} was cut to ${max} characters.`);
    return repairText(value.slice(0, max));
  };
  const id = (value: string | undefined) => {
    const repaired = value ? repairText(value.trim()) : '';
    return repaired && Buffer.byteLength(repaired) <= MAX_ID_BYTES ? repaired : null;
  };

  const parsedFrom = mail.from?.value[0];
  const address = senderAddress(parsedFrom?.address);
  const name = repairText(parsedFrom?.name?.trim() ?? '');
  if (!address) notes.push(`The sender's address could not be read, so replies to this ticket cannot be emailed. ${fromHeader(mail)}`);

  const messageId = id(mail.messageId);
  if (mail.messageId?.trim() && !messageId) notes.push(`The mail's Message-ID (over ${MAX_ID_BYTES} bytes) was not kept.`);
  const html = mail.html ? repairText(mail.html) : null;
  const attachments = mail.attachments.map((a) => ({ filename: repairText(a.filename ?? 'attachment'), contentType: repairText(a.contentType), content: a.content }));
  if (reading.kind === 'partial') notes.push(partialNote(reading, attachments.length));

  return {
    sender: address ? { address, name: name ? cut(name, MAX_NAME, "The sender's name") : null } : null,
    automated: automatedReason(mail.headers, parsedFrom?.address?.toLowerCase(), contentTypeOf(mail)),
    subject: cut(repairText(mail.subject?.trim() ?? ''), MAX_SUBJECT, 'The subject'),
    text: repairText(mail.text ?? (mail.html ? htmlToText(mail.html) : '')),
    html,
    messageId,
    inReplyTo: id(mail.inReplyTo),
    references: referencedIds(mail.inReplyTo, mail.references)
      .map((x) => id(x))
      .filter((x): x is string => x !== null),
    // A mail read in part may end inside an attachment: none of its attachments is kept.
    attachments: reading.kind === 'partial' ? [] : attachments,
    notes,
  };
}

/** The From header as written, unfolded: what the agent has to go by when it holds no address. */
function fromHeader(mail: ParsedMail): string {
  const line = mail.headerLines.find((h) => h.key === 'from')?.line;
  return line ? repairText(line.replace(/\r?\n[ \t]*/g, ' ')).slice(0, 998) : 'The mail has no From header.';
}

function contentTypeOf(mail: ParsedMail): string {
  const header = mail.headers.get('content-type');
  return typeof header === 'object' && header && 'value' in header ? String(header.value) : String(header ?? '');
}

function partialNote(reading: Extract<MailReading, { kind: 'partial' }>, attachments: number): string {
  const why =
    reading.reason === 'Max allowed child nodes exceeded'
      ? `it has more than ${MAX_PARTS.toLocaleString('en')} MIME parts (nested or attached)`
      : reading.reason === 'Max header size for a MIME node exceeded'
        ? 'a header of it is over 1 MB'
        : `the mail parser said "${reading.reason}"`;
  const read = `Only its first ${kilobytes(reading.bytesRead)} of ${kilobytes(reading.bytes)} could be read, so its text may be incomplete.`;
  const dropped = attachments > 0 ? ` The ${attachments} attachments in that part were not kept: ask the customer to send them again, a few at a time.` : '';
  return `This mail could not be read whole: ${why}. ${read}${dropped}`;
}

const kilobytes = (bytes: number) => `${Math.ceil(bytes / 1024).toLocaleString('en')} KB`;
