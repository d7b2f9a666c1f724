/**
 * The customer's last message quoted below an agent's reply, as mail clients quote
 * ("On …, Name <address> wrote:" and "> " lines, RFC 3676): the customer sees what
 * is being answered, and when they reply above it, reply.ts trims it again.
 */
export interface QuotedMessage {
  author: string;
  address?: string | null;
  at: Date;
  body: string;
}

export function withQuote(reply: string, quoted: QuotedMessage | undefined, timeZone: string): string {
  if (!quoted) return reply;
  const when = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(quoted.at)
    .replace(/, (\d{2}:\d{2})$/, ' at $1');
  const who = quoted.address ? `${quoted.author} <${quoted.address}>` : quoted.author;
  const lines = quoted.body.split(/\r?\n/).map((line) => (line ? `> ${line}` : '>'));
  return `${reply}\n\nOn ${when}, ${who} wrote:\n${lines.join('\n')}\n`;
}
