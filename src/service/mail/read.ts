import { PassThrough, type Readable } from 'node:stream';
import { simpleParser, type ParsedMail, type SimpleParserOptions } from 'mailparser';

// Reading one inbound mail off the SMTP data stream, within bounds. The parser never
// sees more than the size limit: past it the rest is read into nothing, so a 200 MB
// mail costs its bandwidth, not its size in memory. A mail the parser cannot read whole
// (more MIME parts than it reads, a header over its limit) is read again up to where it
// failed, so its sender, subject and text still reach the team.

/** The most MIME parts (the message, multiparts, texts and attachments, at any depth) read of one mail. */
export const MAX_PARTS = 1000;
// Past mailparser's bound of 1,000 parts, parsing costs about 0.3 ms a part: a 10 MB mail
// of tiny parts would hold the server for over a minute, and nesting 20,000 deep overflows
// the stack. No real mail comes near it.
const PARSER_OPTIONS: SimpleParserOptions = { skipImageLinks: true, maxChildNodes: MAX_PARTS };

/** How much of the start of a mail is kept aside, to read again when the whole cannot be parsed. */
const SALVAGE_WINDOW = 1024 * 1024;
const SALVAGE_TRIES = 4;

export type MailReading =
  | { kind: 'whole'; mail: ParsedMail }
  /** The parser failed (`reason`) on the whole; `mail` is what its first `bytesRead` bytes hold. */
  | { kind: 'partial'; mail: ParsedMail; reason: string; bytesRead: number; bytes: number }
  | { kind: 'too large'; bytes: number }
  | { kind: 'unreadable'; reason: string };

/** Reads the stream to its end, whatever happens, so the SMTP session can answer. */
export async function readMail(stream: Readable, maxBytes: number): Promise<MailReading> {
  const input = new PassThrough();
  let failedAt: number | null = null;
  let fed = 0;
  const parsing = simpleParser(input, PARSER_OPTIONS).then(
    (mail) => ({ mail }),
    (error: Error) => {
      failedAt = fed;
      return { error };
    },
  );
  const head: Buffer[] = [];
  let headBytes = 0;
  let bytes = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const wasOver = bytes > maxBytes;
      bytes += chunk.length;
      if (bytes > maxBytes) {
        // The answer is 552 now: free what the parser holds, then read the rest into nothing.
        if (!wasOver) input.destroy(new Error('over the size limit'));
        continue;
      }
      if (failedAt !== null) continue;
      if (headBytes < SALVAGE_WINDOW) {
        const kept = chunk.subarray(0, SALVAGE_WINDOW - headBytes);
        head.push(kept);
        headBytes += kept.length;
      }
      fed += chunk.length;
      // A parser that failed stops reading: wait for room, or for its failure.
      if (!input.write(chunk))
        await new Promise<void>((resolve) => {
          input.once('drain', resolve);
          void parsing.then(() => resolve());
        });
    }
  } catch (err) {
    // The sender went away mid-message (smtp-server ends the stream with an error).
    input.destroy(err as Error);
    throw err;
  }
  if (bytes > maxBytes) return { kind: 'too large', bytes };
  input.end();
  const parsed = await parsing;
  if ('mail' in parsed) return { kind: 'whole', mail: parsed.mail };
  const reason = parsed.error.message;
  const salvaged = await readPrefix(Buffer.concat(head), failedAt ?? fed);
  return salvaged ? { kind: 'partial', reason, bytes, ...salvaged } : { kind: 'unreadable', reason };
}

/**
 * The longest start of the mail, in whole lines, that parses: the window kept aside, or when
 * the failure came within it, half of what came before the failure, halved again while it fails.
 */
async function readPrefix(head: Buffer, failedAt: number): Promise<{ mail: ParsedMail; bytesRead: number } | null> {
  let end = failedAt > head.length ? head.length : Math.floor(failedAt / 2);
  for (let tries = 0; tries < SALVAGE_TRIES && end > 0; tries++, end = Math.floor(end / 2)) {
    const cut = head.lastIndexOf(0x0a, end - 1) + 1;
    if (cut === 0) return null;
    try {
      return { mail: await simpleParser(head.subarray(0, cut), PARSER_OPTIONS), bytesRead: cut };
    } catch {
      // still more than the parser reads: try half of it
    }
  }
  return null;
}
