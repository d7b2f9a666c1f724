import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildWebAppIfStale, launchChromium, openAsAdmin } from './chromium.ts';
import { eventually, startTestServer, type TestServer } from './harness.ts';

// The Outreach page in a real browser: the admin makes a segment and a rule that
// adds everyone whose delivery is late to it; a late delivery arrives through the
// events API; the action, the member and the customer's segment chip all show.

describe('the outreach page, in a browser', { tags: ['browser'] }, () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    buildWebAppIfStale();
    server = await startTestServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('creates a segment and an event rule, then shows what the rule did', async () => {
    const { page, problems } = await openAsAdmin(browser, server, '/outreach');

    const segmentsCard = page.getByRole('region', { name: 'Segments' });
    for (const attempt of [1, 2]) {
      await segmentsCard.getByRole('textbox', { name: 'New segment' }).fill('Late parcels');
      await segmentsCard.getByRole('button', { name: 'Create segment' }).click();
      if (attempt === 1) await segmentsCard.getByRole('list', { name: 'Segments' }).getByText('Late parcels').waitFor();
    }
    // The second try is refused by the API, and its words are shown.
    await segmentsCard.getByRole('alert').getByText('A segment named "Late parcels" exists already').waitFor();

    const rulesCard = page.getByRole('region', { name: 'Rules' });
    await rulesCard.getByRole('button', { name: 'New rule' }).click();
    const form = rulesCard.getByRole('form', { name: 'New outreach rule' });
    await form.getByLabel('Name').fill('Late parcels');
    await form.getByLabel('Event').fill('Delivery Delayed');
    await form.getByLabel('Then').selectOption('segment');
    await form.getByLabel('Segment', { exact: true }).selectOption({ label: 'Late parcels' });
    await form.getByLabel('Held out (%)').fill('0');
    await form.getByRole('button', { name: 'Create rule' }).click();
    const rule = rulesCard.getByRole('list', { name: 'Outreach rules' }).getByRole('listitem');
    await rule.getByText('When “Delivery Delayed” happens: add to Late parcels').waitFor();
    expect(await rule.innerText()).toContain('0% held out');

    // A late delivery for an identified customer, as a shop's backend would send it.
    const ws = await server.workspace('default');
    const at = new Date(Date.now() - 60_000).toISOString();
    const batch = [
      { type: 'identify', userId: 'maya', messageId: 'id-maya', traits: { email: 'maya@example.test', name: 'Maya Ortiz' }, timestamp: at },
      { type: 'track', userId: 'maya', event: 'Delivery Delayed', messageId: 'late-maya', properties: { order_id: 'W-1042' }, timestamp: at },
    ];
    expect((await server.call('POST', '/v1/batch', { basicKey: ws.writeKey, body: { batch } })).status).toBe(200);
    await server.settle();
    await eventually(async () => {
      await server.tp.jobs.runDue();
      expect((await server.call('GET', '/api/v1/outreach/actions', { key: ws.secretKey })).body.data).toHaveLength(1);
    });

    const actionsCard = page.getByRole('region', { name: 'Recent actions' });
    await actionsCard.getByRole('button', { name: 'Refresh' }).click();
    const action = actionsCard.getByRole('list', { name: 'Recent outreach actions' }).getByRole('listitem');
    await action.getByRole('link', { name: 'Maya Ortiz' }).waitFor();
    expect(await action.innerText()).toContain('Added to segment');
    expect(await action.getByText('Held out').count()).toBe(0);

    // The segment counts the new member and lists them; their page wears the segment.
    await page.reload();
    const segment = segmentsCard.getByRole('list', { name: 'Segments' }).getByRole('listitem');
    await segment.getByText('1 customer').waitFor();
    await segment.getByRole('button', { name: 'Members' }).click();
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/outreach.png`, fullPage: true });
    await segment.getByRole('list', { name: 'Members of Late parcels' }).getByRole('link', { name: 'Maya Ortiz' }).click();
    await page.getByRole('heading', { name: 'Maya Ortiz', level: 1 }).waitFor();
    await page.getByRole('list', { name: 'Segments of this customer' }).getByText('Late parcels').waitFor();
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/customer-segments.png`, fullPage: true });
    expect(problems).toEqual([]);
  });
});
