import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from './harness.ts';
import { launchChromium } from './chromium.ts';

// A survey in the website widget on a customer's site (another origin, hostile CSS):
// the card shows on a matching page after its delay, the visitor scores 9 and
// comments, the answer lands in the API with channel widget, and the survey is not
// shown again. A page whose own scripts throw still gets its survey.

const HOST_BUG = 'host page bug';

/** The customer's site: hostile CSS, an error trap, optionally a script of its own that throws, and the widget snippet. */
function hostPage(serverUrl: string, writeKey: string, broken: boolean): string {
  return `<!doctype html>
<html><head><title>Café Lumen</title>
<style>button, textarea, input, ol, li { display: none !important; } * { font-size: 40px !important; color: red !important; }</style>
<script>window.pageErrors = []; addEventListener('error', (e) => pageErrors.push(String(e.message)));</script>
</head><body><h1>Thanks for your order</h1>
${broken ? `<script>throw new Error('${HOST_BUG}')</script>` : ''}
<script src="${serverUrl}/widget.js" data-write-key="${writeKey}" async></script>
</body></html>`;
}

describe('survey in the website widget', { tags: ['browser'] }, () => {
  let server: TestServer;
  let site: http.Server;
  let siteUrl: string;
  let browser: Browser;
  let analyst: string;
  let surveyId: string;
  const problems: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    const ws = await server.workspace('default');
    analyst = await ws.userCookie('analyst');
    const created = await server.call('POST', '/api/v1/surveys', {
      cookie: analyst,
      body: {
        name: 'After your order',
        questions: [
          { id: 'nps', type: 'nps', text: 'How likely are you to recommend Café Lumen?' },
          { id: 'comment', type: 'text', text: 'What is the main reason for your score?' },
        ],
        triggers: [{ type: 'page', pathPrefix: '/order/thanks', delaySeconds: 1 }],
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    surveyId = created.body.id;
    site = http.createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(hostPage(server.url, ws.writeKey, req.url!.endsWith('/broken'))));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
    await server?.close();
  });

  /** A new visitor (own storage); the page's own error is expected on the broken page, any other is a problem. */
  async function newVisitor(): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (err) => {
      if (err.message !== HOST_BUG) problems.push(err.message);
    });
    page.on('console', (msg) => {
      if (msg.type() === 'warning' && msg.text().includes('[touchpoint')) problems.push(msg.text());
    });
    return page;
  }

  const responses = async () => (await server.call('GET', `/api/v1/responses?surveyId=${surveyId}`, { cookie: analyst })).body.data;
  const pageErrors = (page: Page) => page.evaluate(() => (window as unknown as { pageErrors: string[] }).pageErrors);

  it('shows the survey on a matching page; a 9 and a comment arrive with channel widget; not shown again', async () => {
    const visitor = await newVisitor();
    await visitor.goto(`${siteUrl}/order/thanks/42`);
    const card = visitor.getByRole('dialog', { name: 'After your order' });
    await card.waitFor();
    await card.getByRole('group', { name: 'How likely are you to recommend Café Lumen?' }).getByRole('button', { name: '9', exact: true }).click();
    const comment = card.getByRole('textbox', { name: 'What is the main reason for your score?' });
    await comment.fill('Quick <b>delivery</b>, warm croissants');
    await card.getByRole('button', { name: 'Send' }).click();
    await card.getByRole('status').getByText('Thank you!').waitFor();
    // The page's CSS did not reach into the card.
    expect(await card.getByRole('button', { name: 'Close survey' }).evaluate((el) => getComputedStyle(el).fontSize)).toBe('20px');

    expect(await responses()).toEqual([
      expect.objectContaining({ channel: 'widget', completed: true, answers: { nps: 9, comment: 'Quick <b>delivery</b>, warm croissants' }, customerId: expect.any(String) }),
    ]);

    // Asked once: a reload shows the chat but no survey.
    await visitor.reload();
    await visitor.getByRole('button', { name: 'Open chat' }).waitFor();
    await visitor.waitForTimeout(2_000);
    expect(await visitor.locator('touchpoint-survey').count()).toBe(0);
    expect(await pageErrors(visitor)).toEqual([]);
  });

  it('a page whose own script throws still gets the survey, answered and closed by keyboard; other pages get none', async () => {
    const visitor = await newVisitor();
    await visitor.goto(`${siteUrl}/order/thanks/broken`);
    const card = visitor.getByRole('dialog', { name: 'After your order' });
    await card.waitFor();
    await card.getByRole('button', { name: '7', exact: true }).focus();
    await visitor.keyboard.press('Enter');
    await card.getByRole('textbox', { name: 'What is the main reason for your score?' }).waitFor();
    await visitor.keyboard.press('Escape');
    await card.waitFor({ state: 'detached' });
    expect(await pageErrors(visitor)).toEqual([`Uncaught Error: ${HOST_BUG}`]);
    // The score is kept without the comment (a partial response); the chat still works.
    expect((await responses()).map((r: { answers: unknown; completed: boolean }) => [r.answers, r.completed])).toEqual(expect.arrayContaining([[{ nps: 7 }, false]]));
    await visitor.getByRole('button', { name: 'Open chat' }).click();
    await visitor.getByRole('dialog', { name: 'Chat with us' }).waitFor();

    const elsewhere = await newVisitor();
    await elsewhere.goto(`${siteUrl}/account`);
    await elsewhere.getByRole('button', { name: 'Open chat' }).waitFor();
    await elsewhere.waitForTimeout(2_000);
    expect(await elsewhere.locator('touchpoint-survey').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
