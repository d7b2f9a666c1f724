import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildWebAppIfStale, launchChromium, openAsAdmin } from './chromium.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { processPendingEvents } from '../src/journeys/processor.ts';

// The Touchpoints page says how many acknowledged events still wait to be placed on
// journeys, and follows the processor as it works them off: the processor is stopped
// while events arrive, then run by hand with the page open.

describe('event processing status on the touchpoints page, in a browser', { tags: ['browser'] }, () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    buildWebAppIfStale();
    server = await startTestServer();
    await server.tp.processor.stop();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the waiting events, then that all are on journeys once processed, with the unmapped list refreshed', async () => {
    const { writeKey } = await server.workspace('default');
    const batch = Array.from({ length: 3 }, (_, i) => ({ type: 'track', anonymousId: `visitor-${i}`, event: 'Loyalty Card Scanned' }));
    expect((await server.call('POST', '/v1/batch', { basicKey: writeKey, body: { batch } })).status).toBe(200);

    const { page, problems } = await openAsAdmin(browser, server, '/touchpoints');
    const status = page.getByRole('status', { name: 'Event processing' });
    await status.waitFor();
    expect(await status.innerText()).toMatch(/^3 events waiting to be placed on journeys; the oldest arrived \d+ s ago\.$/);
    if (process.env.SCREENSHOTS) await page.getByRole('region', { name: /Unmapped events/ }).screenshot({ path: `${process.env.SCREENSHOTS}/enrichment-status.png` });
    // Not processed yet, so not listed as unmapped either.
    const unmapped = page.getByRole('region', { name: /Unmapped events/ });
    expect(await unmapped.getByText('Loyalty Card Scanned').count()).toBe(0);

    while ((await processPendingEvents(server.tp.database.db)) > 0);
    // The page asks again by itself while events wait.
    await page.getByText('Every event received is on its journey.').waitFor({ timeout: 15_000 });
    await unmapped.getByText('Loyalty Card Scanned').waitFor();
    expect(problems).toEqual([]);
  });
});
