import nodemailer from 'nodemailer';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/query.ts';
import { eventually, startTestServer, type TestServer } from '../../../test/harness.ts';
import { startSmtpCatcher } from '../../../test/smtp-catcher.ts';

// Real SMTP both ways: nodemailer delivers to our listener over a socket, and our
// replies go out through SMTP_URL to a catching SMTP server.

let server: TestServer;
let catcher: Awaited<ReturnType<typeof startSmtpCatcher>>;
let caught: Awaited<ReturnType<typeof startSmtpCatcher>>['caught'];
let admin: string;

async function deliver(mail: nodemailer.SendMailOptions, to = 'support@help.test') {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.smtpPort, secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail({ to, ...mail });
  } finally {
    transport.close();
  }
}

const tickets = async () =>
  (await queryRows<{ number: number; subject: string; n: number }>(server.tp.database.db, sql`
    select t.number, t.subject, (select count(*)::int from ticket_messages m where m.ticket_id = t.id) as n
    from tickets t order by t.number`));

beforeAll(async () => {
  catcher = await startSmtpCatcher();
  caught = catcher.caught;
  server = await startTestServer({ SMTP_URL: catcher.url, TOUCHPOINT_MAIL_FROM: 'Café Lumen <help@cafe.test>', TOUCHPOINT_MAIL_MAX_BYTES: '200000' });
  admin = await server.login();
});
afterAll(async () => {
  await server?.close();
  await catcher?.close();
});

describe('email in', () => {
  let first: { number: number };

  it('opens a ticket from a new mail, with the sender as customer, sanitised HTML and attachments', async () => {
    const info = await deliver({
      from: 'Rui Alves <rui@example.test>',
      subject: 'Wrong beans in my order',
      text: 'I ordered decaf and got Colombia.',
      html: '<p>I ordered <b>decaf</b></p><script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>',
      messageId: '<first@mail.example.test>',
      attachments: [{ filename: 'receipt.txt', content: 'order W-1' }],
    });
    expect(info.response).toMatch(/^250 .*Filed on ticket #\d+/);
    const list = await server.call('GET', '/api/v1/tickets?customerEmail=rui@example.test', { cookie: admin });
    expect(list.body.data).toHaveLength(1);
    first = list.body.data[0];
    const t = (await server.call('GET', `/api/v1/tickets/${list.body.data[0].id}`, { cookie: admin })).body;
    expect(t).toMatchObject({ channel: 'email', subject: 'Wrong beans in my order', customer: { name: 'Rui Alves', email: 'rui@example.test' } });
    const html: string = t.messages[0].html;
    expect(html).toContain('<b>decaf</b>');
    expect(html).not.toMatch(/script|onerror|javascript:/i);
    expect(t.messages[0].attachments).toEqual([expect.objectContaining({ filename: 'receipt.txt', contentType: 'text/plain', size: 9 })]);
    const file = await fetch(`${server.url}/api/v1/tickets/${t.id}/attachments/${t.messages[0].attachments[0].id}`, { headers: { cookie: admin } });
    expect(file.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(await file.text()).toBe('order W-1');
  });

  it('threads a reply by In-Reply-To, then by the [#number] token', async () => {
    await deliver({ from: 'rui@example.test', subject: 'Re: Wrong beans in my order', text: 'Any news?', inReplyTo: '<first@mail.example.test>', messageId: '<second@mail.example.test>' });
    await deliver({ from: 'RUI@example.test', subject: `Still waiting [#${first.number}]`, text: 'Hello?', messageId: '<third@mail.example.test>' });
    const row = (await tickets()).find((t) => t.number === first.number)!;
    expect(row.n).toBe(3);
  });

  it('keeps only what the customer wrote this time: the quoted thread and signature are trimmed and kept apart', async () => {
    const text = [
      'The grinder is still broken and nobody has called me back.',
      '',
      'Sent from my iPhone',
      '',
      'On Tue, Dec 1, 2026 at 10:02 AM Café Lumen <help@cafe.test> wrote:',
      '> Thank you so much, we are delighted to help! Wonderful news: it is fixed.',
    ].join('\n');
    await deliver({ from: 'mia@example.test', subject: 'Grinder broken', text: 'My grinder stopped working.', messageId: '<grinder@mail.example.test>' });
    await deliver({ from: 'mia@example.test', subject: 'Re: Grinder broken', text, inReplyTo: '<grinder@mail.example.test>', messageId: '<quoted@mail.example.test>' });
    const list = await server.call('GET', '/api/v1/tickets?customerEmail=mia@example.test', { cookie: admin });
    expect(list.body.data).toHaveLength(1);
    const id = list.body.data[0].id;
    const last = async () => (await server.call('GET', `/api/v1/tickets/${id}`, { cookie: admin })).body.messages.at(-1);
    const message = await last();
    expect(message.body).toBe('The grinder is still broken and nobody has called me back.');
    expect(message.trimmed).toContain('Sent from my iPhone');
    expect(message.trimmed).toContain('> Thank you so much, we are delighted to help!');
    // Sentiment reads the customer's words, not our quoted praise.
    await eventually(async () => expect((await last()).sentiment?.label).toBe('negative'));
  });

  it('does not merge a reply from another sender into the thread, and files a retried mail once', async () => {
    const before = (await tickets()).length;
    await deliver({ from: 'stranger@example.test', subject: 'Re: Wrong beans', text: 'me too', inReplyTo: '<first@mail.example.test>', messageId: '<stranger@mail.example.test>' });
    expect((await tickets()).length).toBe(before + 1);
    expect((await tickets()).find((t) => t.number === first.number)!.n).toBe(3);
    const again = await deliver({ from: 'stranger@example.test', subject: 'Re: Wrong beans', text: 'me too', messageId: '<stranger@mail.example.test>' });
    expect(again.response).toMatch(/Already filed/);
    expect((await tickets()).length).toBe(before + 1);
  });

  it('never opens tickets for auto-replies and bounces', async () => {
    const before = (await tickets()).length;
    const auto = await deliver({ from: 'rui@example.test', subject: 'Out of office', text: 'I am away', headers: { 'Auto-Submitted': 'auto-replied' } });
    expect(auto.response).toMatch(/not filed/);
    await deliver({ from: 'MAILER-DAEMON@mx.example.test', subject: 'Undelivered Mail Returned to Sender', text: 'bounce' });
    await deliver({ from: 'news@example.test', subject: 'Newsletter', text: 'deals', headers: { Precedence: 'bulk' } });
    // A delivery report from an address that looks like a person's: its Content-Type gives it away.
    const report = [
      'From: Mail Delivery <postoffice@mx.example.test>',
      'Subject: Delivery Status Notification (Failure)',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="R"',
      '',
      '--R',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '--R--',
      '',
    ].join('\r\n');
    expect((await deliver({ envelope: { from: 'postoffice@mx.example.test', to: ['support@help.test'] }, raw: report })).response).toMatch(/not filed \(delivery report\)/);
    expect((await tickets()).length).toBe(before);
  });

  it('refuses a mail over the size limit with 552 and stores nothing', async () => {
    const before = await tickets();
    await expect(deliver({ from: 'big@example.test', subject: 'Huge', text: 'x'.repeat(300_000) })).rejects.toMatchObject({ responseCode: 552 });
    expect(await tickets()).toEqual(before);
  });
});

describe('email out', () => {
  it('sends an agent reply through SMTP_URL with headers that thread, and the customer reply comes back to the ticket', async () => {
    const list = await server.call('GET', '/api/v1/tickets?customerEmail=rui@example.test', { cookie: admin });
    const ticket = list.body.data[0];
    const reply = await server.call('POST', `/api/v1/tickets/${ticket.id}/messages`, { cookie: admin, body: { body: 'Decaf is on its way, sorry!' } });
    expect(reply.body.delivery).toBe('queued');
    await server.tp.jobs.runDue();
    await eventually(() => expect(caught).toHaveLength(1));
    const out = caught[0]!;
    expect(out.to && 'value' in out.to ? out.to.value[0]!.address : '').toBe('rui@example.test');
    expect(out.subject).toBe(`Re: Wrong beans in my order [#${ticket.number}]`);
    expect(out.inReplyTo).toBe('<third@mail.example.test>');
    expect(out.references).toEqual(expect.arrayContaining(['<first@mail.example.test>', '<second@mail.example.test>']));
    // The reply, then the customer's last message quoted (the [#number] mail, 'Hello?').
    expect(out.text).toMatch(/^Decaf is on its way, sorry!\n\nOn \w{3}, \d{1,2} \w{3} \d{4} at \d{2}:\d{2}, Rui Alves <rui@example\.test> wrote:\n> Hello\?\n$/);
    // Once sent, a second run of the job sends nothing.
    await server.tp.jobs.runDue();
    expect(caught).toHaveLength(1);
    await eventually(async () => {
      const t = (await server.call('GET', `/api/v1/tickets/${ticket.id}`, { cookie: admin })).body;
      expect(t.messages.at(-1).delivery).toBe('sent');
    });

    // The customer answers above our mail, which their client quotes: only their words land on the ticket.
    const quoted = `Thanks!\n\nOn Wed, 2 Dec 2026 at 09:00, Café Lumen <help@cafe.test> wrote:\n${out.text!.trimEnd().split('\n').map((l) => `> ${l}`).join('\n')}`;
    await deliver({ from: 'rui@example.test', subject: out.subject!, text: quoted, inReplyTo: out.messageId, messageId: '<thanks@mail.example.test>' });
    const after = (await server.call('GET', `/api/v1/tickets/${ticket.id}`, { cookie: admin })).body;
    expect(after.messages.at(-1)).toMatchObject({ author: 'customer', body: 'Thanks!', trimmed: expect.stringContaining('> Decaf is on its way, sorry!') });
  });
});
