import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildWebAppIfStale, launchChromium } from './chromium.ts';
import { startTestServer, type TestServer } from './harness.ts';

// The web app in a real browser (Debian's chromium, driven by playwright-core)
// against the real server: log in, find a customer, read their journey.

// Customer data is shown as text: markup in a name or a property must never run.
const NAME = 'Ann <script>alert(1)</script> Lee';
const NOTE = '<img src=x onerror=alert(2)>';

describe('web app in a browser', { tags: ['browser'] }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    buildWebAppIfStale();
    server = await startTestServer();
    const { writeKey } = await server.workspace('default');
    const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute)).toISOString();
    const ingest = await server.call('POST', '/v1/batch', {
      basicKey: writeKey,
      body: {
        batch: [
          { type: 'page', anonymousId: 'a1', properties: { path: '/products/latte' }, timestamp: at(0) },
          { type: 'identify', anonymousId: 'a1', userId: 'u1', traits: { name: NAME, email: 'ann@example.com' }, timestamp: at(1) },
          { type: 'track', userId: 'u1', event: 'Product Added', properties: { sku: 'LAT-1' }, timestamp: at(2) },
          { type: 'track', userId: 'u1', event: 'Order Completed', properties: { revenue: 12, note: NOTE }, timestamp: at(3) },
          { type: 'track', userId: 'u1', event: 'Gift Wrapped', properties: {}, timestamp: at(4) },
        ],
      },
    });
    expect(ingest.status).toBe(200);
    await server.settle();

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

  it('logs in, finds the customer and shows their journey, with customer data escaped', async () => {
    // Not logged in: any page leads to the login form.
    await page.goto(`${server.url}/customers`);
    await page.waitForURL(/\/login/);

    // A wrong password shows the server's message.
    await page.getByLabel('Email').fill(server.admin.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    expect(await page.getByRole('alert').innerText()).toContain('Email or password is wrong.');

    await page.getByLabel('Password').fill(server.admin.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/customers$/);

    // Search by name: the row shows the name as text.
    // Wait for the search's own answer, so the click lands on the final list, not one being replaced.
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/customers?') && r.url().includes('q=Ann')),
      page.getByLabel('Search customers').fill('Ann'),
    ]);
    const link = page.getByRole('link', { name: NAME });
    await link.waitFor();
    await Promise.all([page.waitForURL(/\/customers\/[0-9a-f-]{36}$/, { waitUntil: 'commit', timeout: 30_000 }), link.click()]);

    const heading = page.getByRole('heading', { level: 1 });
    await heading.waitFor();
    expect(await heading.innerText()).toBe(NAME);

    // The journey, newest first: mapped touchpoints by name, the unknown event as unmapped.
    const journey = page.getByRole('region', { name: 'Journey' });
    const titles = journey.locator('.entry-title');
    await titles.first().waitFor();
    expect(await titles.allInnerTexts()).toEqual(['Gift Wrapped', 'Purchase', 'Checkout', 'Product page']);
    expect(await journey.getByText('Unmapped', { exact: true }).count()).toBeGreaterThan(0);

    // Details are collapsed; expanded, a property with markup is shown literally.
    const purchase = journey.locator('li.entry', { has: page.locator('.entry-title', { hasText: /^Purchase$/ }) });
    await purchase.getByRole('button', { name: /Details/ }).click();
    await purchase.getByText(NOTE, { exact: true }).waitFor();

    // The stage filter keeps only that stage.
    await page.getByRole('button', { name: /^Purchase\s*\d+$/ }).click();
    expect(await titles.allInnerTexts()).toEqual(['Purchase', 'Checkout']);

    // Nothing the customer sent ran as code.
    expect(dialogs).toEqual([]);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    const injected = await page.evaluate(() => [...document.scripts].some((s) => s.textContent?.includes('alert(')));
    expect(injected).toBe(false);
  });

  it('shows the recurring themes on the Insights page, each customer quote as text', async () => {
    // Two issues this week, in reviews: double charges (written with markup) and late parcels.
    const { secretKey: key } = await server.workspace('default');
    const openings = ['', 'Hello,', 'Honestly,', 'Hi team,'];
    const endings = ['', 'Please help.', 'Not happy.', 'What now?', 'Sort it out.'];
    const reviews = Array.from({ length: 16 }, (_, i) => ({
      source: 'google',
      rating: 1,
      text: [openings[i % 4], i % 2 ? 'my card was charged <b>twice</b> for one order' : 'my parcel delivery arrived days late', endings[i % 5]].filter(Boolean).join(' '),
      postedAt: new Date(Date.now() - (i + 1) * 3_600_000).toISOString(),
    }));
    expect((await server.call('POST', '/api/v1/reviews', { key, body: { reviews } })).status).toBe(200);
    await server.drainJobs();
    expect((await server.call('POST', '/api/v1/insights/themes/refresh', { key })).status).toBe(202);
    await server.drainJobs();

    await page.getByRole('link', { name: 'Insights' }).click();
    await page.waitForURL(/\/insights$/);
    const themes = page.getByRole('region', { name: 'Recurring themes' });
    const items = themes.locator('.theme-item');
    await items.first().waitFor();
    expect(await items.count()).toBe(2);
    expect(await themes.locator('h3').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/charged|twice|card/), expect.stringMatching(/parcel|late|delivery/)]));
    expect(await themes.getByText(/^Spike: 8 this week$/).count()).toBe(2);
    // The markup a customer typed is shown literally, never as an element.
    expect(await themes.locator('blockquote', { hasText: '<b>twice</b>' }).count()).toBeGreaterThan(0);
    expect(await themes.locator('blockquote b').count()).toBe(0);
    await page.getByRole('region', { name: 'Sentiment by touchpoint' }).waitFor();
    expect(dialogs).toEqual([]);
  });
});
