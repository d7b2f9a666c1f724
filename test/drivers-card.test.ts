import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildWebAppIfStale, launchChromium, openAsAdmin } from './chromium.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { plantDrivers } from '../src/insights/drivers/test-workspace.ts';

// The drivers card on the Insights page, in a real browser, over the planted
// workspace of the drivers' HTTP test: the delayed delivery is the first bar, red,
// and first in the friction list; a metric without answers says so.

describe('the drivers card, in a browser', { tags: ['browser'] }, () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    buildWebAppIfStale();
    server = await startTestServer();
    await plantDrivers(server, await server.workspace('default'));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws the drivers with their intervals and the friction ranking, and switches metric', async () => {
    const { page, problems } = await openAsAdmin(browser, server, '/insights');

    const card = page.getByRole('region', { name: 'What drives NPS' });
    const chart = card.getByRole('img', { name: 'Drivers by importance with 95% intervals' });
    await chart.waitFor();
    const first = chart.locator('g.driver').first();
    expect(await first.locator('text').textContent()).toBe('Delivery Delayed (Delivery)');
    expect(await first.getAttribute('class')).toContain('driver-negative');
    expect(await first.locator('.driver-whisker line').count()).toBe(3);
    expect(await card.getByRole('list', { name: 'Touchpoints by friction' }).locator('li').first().innerText()).toContain('Delivery Delayed (Delivery)');
    expect(await card.getByText(/^Not enough data/).innerText()).toContain('Waited over 24 h for a first reply');
    expect(await card.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toMatch(/^\/api\/v1\/insights\/drivers\?.*metric=nps.*format=csv/);
    if (process.env.SCREENSHOTS) await card.screenshot({ path: `${process.env.SCREENSHOTS}/drivers.png` });

    await card.getByLabel('Metric').selectOption('csat');
    await page.getByRole('region', { name: 'What drives CSAT' }).getByRole('heading', { name: 'No CSAT answers to analyse' }).waitFor();
    expect(problems).toEqual([]);
  });
});
