import { describe, expect, it } from 'vitest';
import { withQuote } from './quote.ts';
import { splitReply } from './reply.ts';

const asked = { author: 'Rui Alves', address: 'rui@example.test', at: new Date('2026-12-01T10:02:00Z'), body: 'I ordered decaf.\n\nAnd got Colombia.' };

describe('withQuote', () => {
  it("quotes the customer's message below the reply as mail clients do, in the workspace's time zone", () => {
    expect(withQuote('Decaf is on its way, sorry!', asked, 'America/New_York')).toBe(
      'Decaf is on its way, sorry!\n\nOn Tue, 1 Dec 2026 at 05:02, Rui Alves <rui@example.test> wrote:\n> I ordered decaf.\n>\n> And got Colombia.\n',
    );
    expect(withQuote('Hello', undefined, 'UTC')).toBe('Hello');
  });

  it('is trimmed again when the customer answers above it, even quoted a second time by their client', () => {
    const ours = withQuote('Decaf is on its way, sorry!', asked, 'UTC');
    expect(splitReply(ours).reply).toBe('Decaf is on its way, sorry!');
    const theirs = `Thanks!\n\nOn Wed, 2 Dec 2026 at 09:00, Café Lumen <help@cafe.test> wrote:\n${ours.split('\n').map((l) => `> ${l}`).join('\n')}`;
    expect(splitReply(theirs)).toEqual({ reply: 'Thanks!', trimmed: expect.stringContaining('> > I ordered decaf.') });
  });
});
