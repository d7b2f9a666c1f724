import { describe, expect, it } from 'vitest';
import { htmlToText } from '../html.ts';
import { splitReply } from './reply.ts';

const gmail = `Hi, the card still hasn't arrived. Can you check?

On Tue, Dec 1, 2026 at 10:02 AM Touchpoint Support <support@example.com> wrote:
> Hello Ann,
>
> We are so sorry for the trouble. Your card was sent on Monday.`;

const outlook = `Thanks, that fixed it!

-----Original Message-----
From: Support <support@example.com>
Sent: Tuesday, December 1, 2026 10:02 AM
To: Ann <ann@example.com>
Subject: RE: [#12] Card not arrived

Please restart the app.`;

const outlookWeb = `Still waiting.

________________________________
From: Support <support@example.com>
Sent: 01 December 2026 10:02
To: Ann
Subject: Re: card

Hello Ann`;

const french = `Merci, c'est réglé.

Le mar. 1 déc. 2026 à 10:02, Support <support@example.com> a écrit :
> Bonjour Ann`;

describe('splitReply', () => {
  it('keeps what the sender wrote and trims the quoted thread, in the common clients and in French', () => {
    for (const [mail, reply, quoted] of [
      [gmail, "Hi, the card still hasn't arrived. Can you check?", 'We are so sorry for the trouble'],
      [outlook, 'Thanks, that fixed it!', 'Please restart the app.'],
      [outlookWeb, 'Still waiting.', 'Hello Ann'],
      [french, "Merci, c'est réglé.", 'Bonjour Ann'],
    ]) {
      const split = splitReply(mail);
      expect(split.reply).toBe(reply);
      expect(split.trimmed).toContain(quoted);
    }
  });

  it('trims the thread of an HTML-only mail, as its text reads (Gmail blockquote, Outlook header block)', () => {
    const gmailHtml =
      '<div dir="ltr">Still nothing, please help.</div><br><div class="gmail_quote"><div class="gmail_attr">On Tue, Dec 1, 2026 at 10:02 AM Support &lt;support@example.com&gt; wrote:<br></div>' +
      '<blockquote class="gmail_quote">Hello Ann,<br><br>We are delighted to help.<br></blockquote></div>';
    expect(splitReply(htmlToText(gmailHtml))).toEqual({ reply: 'Still nothing, please help.', trimmed: expect.stringContaining('We are delighted to help.') });
    const outlookHtml =
      '<p>Thanks, all good now.</p><hr><div id="divRplyFwdMsg"><b>From:</b> Support &lt;support@example.com&gt;<br><b>Sent:</b> Tuesday, December 1, 2026 10:02<br>' +
      '<b>To:</b> Ann<br><b>Subject:</b> Re: card</div><div>Please restart the app.</div>';
    expect(splitReply(htmlToText(outlookHtml))).toEqual({ reply: 'Thanks, all good now.', trimmed: expect.stringContaining('Please restart the app.') });
  });

  it('trims a signature', () => {
    const split = splitReply('Still broken.\n\nSent from my iPhone');
    expect(split).toEqual({ reply: 'Still broken.', trimmed: 'Sent from my iPhone' });
  });

  it('keeps a mail whole when nothing is quoted', () => {
    const mail = 'My parcel is lost.\n\nIt was due on Monday, order 48213.';
    expect(splitReply(mail)).toEqual({ reply: mail, trimmed: null });
  });

  it('keeps answers written between quoted lines together with their questions', () => {
    const mail = 'Answers inline:\n\n> What is your order number?\n12345\n> When did you order?\nLast Monday';
    expect(splitReply(mail)).toEqual({ reply: mail, trimmed: null });
  });

  it('keeps a forward whole: the forwarded mail is the message', () => {
    const mail = '---------- Forwarded message ---------\nFrom: Shop <orders@shop.com>\nDate: Tue, 1 Dec 2026\nSubject: Your order\n\nYour order was cancelled.';
    expect(splitReply(mail).reply).toContain('Your order was cancelled.');
    const bare = 'On Tue, Dec 1, 2026 at 10:02 AM Support <support@example.com> wrote:\n> Your refund is on its way.';
    expect(splitReply(bare)).toEqual({ reply: bare, trimmed: null });
  });

  it('keeps a mail of very long lines whole instead of spending seconds on it', () => {
    const mail = `Help\n${'On '.repeat(1_000)}\nOn Tue, Dec 1, 2026 at 10:02 AM Support <support@example.com> wrote:\n> hi`;
    expect(splitReply(mail)).toEqual({ reply: mail, trimmed: null });
  });
});
