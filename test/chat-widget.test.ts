import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from './harness.ts';
import { buildWebAppIfStale, launchChromium, openLiveInbox } from './chromium.ts';

// The live-chat widget on a customer's site (another origin, with CSS that
// would break a widget outside a Shadow DOM), and an agent answering from the
// inbox: the visitor's message reaches the agent live and the reply comes back.

const QUESTION = 'Do you have oat milk?';
// Markup in a reply must show as text in the widget.
const REPLY = 'Yes: <b>oat</b> & almond, every day.';

/** The customer's site: hostile CSS, an error trap, and the snippet from the README. */
function hostPage(serverUrl: string, writeKey: string): string {
  return `<!doctype html>
<html><head><title>Café Lumen</title>
<style>button, textarea, input, ol, li { display: none !important; } * { font-size: 40px !important; color: red !important; }</style>
<script>window.pageErrors = []; addEventListener('error', (e) => pageErrors.push(String(e.message)));</script>
</head><body><h1>Café Lumen</h1>
<script src="${serverUrl}/widget.js" data-write-key="${writeKey}" async></script>
</body></html>`;
}

describe('chat widget in a browser', { tags: ['browser'] }, () => {
  let server: TestServer;
  let site: http.Server;
  let siteUrl: string;
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    buildWebAppIfStale();
    server = await startTestServer();
    const { writeKey } = await server.workspace('default');
    site = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(hostPage(server.url, writeKey)));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
    await server?.close();
  });

  async function newPage(): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    return page;
  }

  it('carries a visitor question to the agent inbox and the reply back, and resumes after a reload', async () => {
    // Nobody online yet: the widget says so and wants an email.
    const visitor = await newPage();
    await visitor.goto(siteUrl);
    await visitor.getByRole('button', { name: 'Open chat' }).click();
    const panel = visitor.getByRole('dialog', { name: 'Chat with us' });
    await panel.getByRole('status').getByText(/No one is online right now/).waitFor();
    const email = panel.getByRole('textbox', { name: 'Your email' });
    expect(await email.evaluate((el) => (el as HTMLInputElement).required)).toBe(true);
    await visitor.getByRole('button', { name: 'Close chat' }).click();

    // The agent opens the inbox: now someone is online.
    const agent = await newPage();
    await openLiveInbox(agent, server);

    await visitor.getByRole('button', { name: 'Open chat' }).click();
    await expect.poll(() => email.evaluate((el) => (el as HTMLInputElement).required)).toBe(false);
    expect(await panel.getByRole('status').isHidden()).toBe(true);
    await panel.getByRole('textbox', { name: 'Your name' }).fill('Ines');
    await panel.getByRole('textbox', { name: 'Message' }).fill(QUESTION);
    await panel.getByRole('button', { name: 'Send' }).click();
    await panel.getByRole('list', { name: 'Messages' }).getByText(QUESTION).waitFor();

    // The chat appears in the inbox without a reload; the agent answers from the ticket page.
    const row = agent.getByRole('link', { name: QUESTION });
    await row.waitFor({ timeout: 30_000 });
    for (let attempt = 0; ; attempt++) {
      // A live refetch may redraw the list under the click: retry until the page changes.
      await row.click();
      try {
        await agent.waitForURL(/\/tickets\/[0-9a-f-]{36}$/, { waitUntil: 'commit', timeout: 5_000 });
        break;
      } catch (err) {
        if (attempt >= 4) throw err;
      }
    }
    await agent.getByRole('list', { name: 'Conversation' }).getByText(QUESTION).waitFor();
    await agent.getByRole('textbox', { name: 'Reply to Ines' }).fill(REPLY);
    await agent.getByRole('button', { name: 'Send reply' }).click();

    // The reply reaches the widget live, as text.
    const log = panel.getByRole('list', { name: 'Messages' });
    await log.getByText(REPLY, { exact: true }).waitFor();
    expect(await log.locator('b').count()).toBe(0);
    // The page's CSS did not reach into the widget.
    const send = panel.getByRole('button', { name: 'Send' });
    expect(await send.isVisible()).toBe(true);
    expect(await send.evaluate((el) => getComputedStyle(el).fontSize)).toBe('14px');

    // A reload resumes the same conversation from the token in localStorage.
    await visitor.reload();
    await visitor.getByRole('button', { name: 'Open chat' }).click();
    const messages = visitor.getByRole('dialog', { name: 'Chat with us' }).getByRole('list', { name: 'Messages' }).getByRole('listitem');
    await messages.filter({ hasText: REPLY }).waitFor();
    expect(await messages.allInnerTexts()).toEqual([expect.stringContaining(QUESTION), expect.stringContaining(REPLY)]);

    expect(await visitor.evaluate(() => (window as unknown as { pageErrors: string[] }).pageErrors)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
