/**
 * The part of an inbound email its sender wrote this time. Mail clients append
 * the thread so far ("On Tue, … wrote:", "-----Original Message-----", "> …") and a
 * signature; kept in the message body, every reply would repeat the conversation to
 * the agent, and sentiment, triage and themes would read our own quoted words as the
 * customer's. email-reply-parser (Crisp's, about ten languages) finds those parts.
 */
import EmailReplyParser from 'email-reply-parser';

export interface SplitReply {
  /** What the sender wrote: the message body. */
  reply: string;
  /** The quoted thread and signature below it, or null when nothing was trimmed. */
  trimmed: string | null;
}

// The parser's patterns cost more with line length (about 160 ms for 200 KB of 2,000-character
// lines of "On On On …"); a mail of pathological lines is kept whole rather than hold the server.
const MAX_CHARS = 200_000;
const MAX_LINE = 2_000;

export function splitReply(text: string): SplitReply {
  const whole = { reply: text, trimmed: null };
  if (text.length > MAX_CHARS || text.split('\n').some((line) => line.length > MAX_LINE)) return whole;
  const fragments = new EmailReplyParser().read(text).getFragments();
  const firstHidden = fragments.findIndex((f) => f.isHidden());
  if (firstHidden < 0) return whole;
  // Answers written between quoted lines ("> What is your order number?" / "12345") make
  // sense only with the questions: such a mail is kept whole.
  if (fragments.slice(firstHidden).some((f) => !f.isHidden() && !f.isEmpty())) return whole;
  const reply = fragments
    .slice(0, firstHidden)
    .map((f) => f.getContent())
    .join('\n')
    .trim();
  // Nothing above the quote (a bare forward of an old thread): the quote is the message.
  if (!reply) return whole;
  const trimmed = fragments
    .slice(firstHidden)
    .map((f) => f.getContent())
    .join('\n')
    .trim();
  return { reply, trimmed: trimmed || null };
}
