import http from 'node:http';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildWebAppIfStale, launchChromium, openLiveInbox } from './chromium.ts';
import { eventually, startTestServer, type TestServer } from './harness.ts';

// The web app under its Content-Security-Policy in a real browser: it works as
// before (log in, the live inbox, an email's original, writes and a DELETE through
// the CSRF check) with no violation reported, and no other origin can frame it.


describe('the web app’s security headers', () => {
  let server: TestServer;
  beforeAll(async () => {
    buildWebAppIfStale();
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('come with the page, client-side routes and static files; survey pages keep their own policy', async () => {
    const index = await fetch(`${server.url}/`);
    const html = await index.text();
    const asset = html.match(/src="(\/assets\/[^"]+\.js)"/)![1]!;
    for (const path of ['/', '/inbox', '/settings/keys', asset]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      for (const directive of ["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'", "object-src 'none'"]) expect(csp, `${path}: ${directive}`).toContain(directive);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('same-origin');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
    }
    const survey = await fetch(`${server.url}/f/not-a-token`);
    expect(survey.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
  });
});

describe('the web app under its policy, in a browser', { tags: ['browser'] }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  /** Console lines of the page and its frames that report a refused resource or inline code. */
  const violations: string[] = [];

  beforeAll(async () => {
    buildWebAppIfStale();
    server = await startTestServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('logs in, opens the live inbox and an email’s original, creates and revokes a key: no violation', async () => {
    await openLiveInbox(page, server);

    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.smtpPort, secure: false, ignoreTLS: true });
    await transport.sendMail({ from: 'Rui <rui@example.test>', to: 'support@help.test', subject: 'Styled mail', text: 'Decaf, please.', html: '<p style="color:#b91c1c">Decaf, <b>please</b>.</p>' });
    transport.close();
    // The live socket brings it in.
    const row = page.getByRole('link', { name: 'Styled mail' });
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    await page.getByRole('heading', { level: 1, name: 'Styled mail' }).waitFor();
    await page.getByRole('button', { name: 'Show the original email' }).click();
    const frame = page.frameLocator('iframe.email-frame');
    await frame.getByText('please').waitFor();

    // A write and a DELETE without a body, through the app's own client and the CSRF check.
    await page.goto(`${server.url}/settings/keys`);
    await page.getByLabel('Name').fill('Shop site');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByRole('status').getByText(/New write key/).waitFor();
    await page.getByRole('button', { name: 'Revoke Shop site' }).click();
    await page.getByRole('button', { name: 'Revoke key' }).click();
    await page.getByRole('cell', { name: 'Shop site', exact: true }).waitFor({ state: 'detached' });

    expect(violations).toEqual([]);
  });

  it('cannot be framed by a page of another origin', async () => {
    const hostile = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><iframe src="${server.url}/login" width="600" height="400"></iframe>`));
    await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
    try {
      const framing = await browser.newPage();
      const refusals: string[] = [];
      framing.on('console', (message) => refusals.push(message.text()));
      await framing.goto(`http://127.0.0.1:${(hostile.address() as { port: number }).port}/`);
      await eventually(() => expect(refusals.join('\n')).toMatch(/frame-ancestors 'none'/));
      const child = framing.frames().find((f) => f !== framing.mainFrame())!;
      expect(child.url()).not.toContain(server.url);
      await framing.close();
    } finally {
      await new Promise<void>((resolve) => hostile.close(() => resolve()));
    }
  });
});
