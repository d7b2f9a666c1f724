import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildWebAppIfStale, launchChromium } from './chromium.ts';
import { eventually, startTestServer, type TestServer } from './harness.ts';

// The agent workspace in a real browser against the real server: an email sent
// while the inbox is open appears without a reload (the live socket), the agent
// reads it next to the customer's context, replies, and solves it.

const SUBJECT = 'Decaf never arrived';
const REPLY = 'Sorry about that, Rui: a new bag of decaf leaves today.';

async function expectNavigation(page: Page, click: () => Promise<void>, url: RegExp): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    await click();
    try {
      await page.waitForURL(url, { waitUntil: 'commit', timeout: 5_000 });
      return;
    } catch (err) {
      if (attempt >= 4) throw err;
    }
  }
}

describe('agent inbox in a browser', { tags: ['browser'] }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let cookie: string;
  const dialogs: string[] = [];

  beforeAll(async () => {
    buildWebAppIfStale();
    server = await startTestServer();
    cookie = await server.login();

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function deliver(mail: nodemailer.SendMailOptions) {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.smtpPort, secure: false, ignoreTLS: true });
    try {
      return await transport.sendMail({ to: 'support@help.test', ...mail });
    } finally {
      transport.close();
    }
  }

  it('shows a new email live, with the customer beside it; the reply goes to the outbox and the ticket is solved', async () => {
    // Logging in (with no page asked for) lands on the inbox.
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(server.admin.email);
    await page.getByLabel('Password').fill(server.admin.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/inbox/);

    await page.getByRole('tab', { name: /All open/ }).click();
    expect(await page.getByRole('tab', { name: /All open/ }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('heading', { name: 'No open tickets' }).waitFor();
    // The live socket is up before the mail is sent.
    await page.locator('.live-connected').waitFor();

    // A marker on the window: still there after the ticket shows means no reload happened.
    await page.evaluate(() => Object.assign(window, { inboxMarker: 'still here' }));
    const info = await deliver({
      from: '"Rui Alves" <rui@example.test>',
      subject: SUBJECT,
      text: 'I ordered a bag of decaf two weeks ago and it never came.\n\nOn Mon, Nov 30, 2026 at 9:00 AM Café Lumen <help@cafe.test> wrote:\n> Your order W-1042 is on its way.',
      html: '<p>I ordered a bag of <b>decaf</b> two weeks ago and it never came.</p><script>alert(1)</script><img src=x onerror="alert(2)">',
      attachments: [{ filename: 'order.txt', content: 'order W-1042' }],
    });
    expect(info.response).toMatch(/^250 /);

    const row = page.getByRole('link', { name: SUBJECT });
    await row.waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { inboxMarker?: string }).inboxMarker)).toBe('still here');
    expect(await page.getByRole('tab', { name: /All open/ }).innerText()).toMatch(/1/);

    // The ticket, with who wrote it beside it.
    // A live refetch may redraw the list at any moment: retry the click until the page changes.
    await expectNavigation(page, () => row.click(), /\/tickets\/[0-9a-f-]{36}$/);
    const ticketId = page.url().split('/').pop()!;
    await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    const sidebar = page.getByRole('complementary', { name: 'Customer' });
    await sidebar.getByText('Rui Alves').first().waitFor();
    await sidebar.getByText('rui@example.test').first().waitFor();
    const conversation = page.getByRole('list', { name: 'Conversation' });
    await conversation.getByText('two weeks ago and it never came').waitFor();
    await conversation.getByRole('link', { name: /order\.txt/ }).waitFor();

    // The thread the customer's mail client quoted stays folded under "···" until asked for.
    const quoted = conversation.getByText('Your order W-1042 is on its way.');
    expect(await quoted.count()).toBe(0);
    await conversation.getByRole('button', { name: 'Show the quoted thread and signature' }).click();
    await quoted.waitFor();
    await conversation.getByRole('button', { name: 'Hide the quoted thread and signature' }).click();
    await quoted.waitFor({ state: 'detached' });

    // The original email only ever renders in a sandboxed frame.
    await page.getByRole('button', { name: 'Show the original email' }).click();
    const frame = page.locator('iframe.email-frame');
    await frame.waitFor();
    expect(await frame.getAttribute('sandbox')).toBe('');

    // Reply: it appears in the conversation and lands in the outbox (no SMTP_URL).
    await page.getByRole('textbox', { name: 'Reply to Rui Alves' }).fill(REPLY);
    await page.getByRole('button', { name: 'Send reply' }).click();
    const reply = conversation.getByRole('listitem').filter({ hasText: REPLY });
    await reply.waitFor();
    await reply.getByText('In outbox').waitFor({ timeout: 10_000 });
    expect(await page.getByRole('textbox', { name: 'Reply to Rui Alves' }).inputValue()).toBe('');

    // Solve it.
    await page.getByLabel('Status', { exact: true }).selectOption('solved');
    await page.locator('.ticket-meta').getByText('Solved', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Reopen' }).waitFor();

    await eventually(async () => {
      const t = await server.call('GET', `/api/v1/tickets/${ticketId}`, { cookie });
      expect(t.status).toBe(200);
      expect(t.body).toMatchObject({ subject: SUBJECT, status: 'solved', customer: { name: 'Rui Alves', email: 'rui@example.test' } });
      expect(t.body.messages).toEqual(expect.arrayContaining([expect.objectContaining({ author: 'agent', public: true, body: REPLY, delivery: 'outbox' })]));
    });

    // Nothing the customer sent ran as code.
    expect(dialogs).toEqual([]);
  });
});
