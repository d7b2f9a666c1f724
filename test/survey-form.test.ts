import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildWebAppIfStale, launchChromium, openAsAdmin } from './chromium.ts';
import { startTestServer, type TestServer } from './harness.ts';

// The survey form in a real browser: the admin makes an NPS survey for a
// touchpoint, asking one segment and shown by the widget under a website path; the
// list shows those settings, and the API reads them back as saved; an answer
// through its public link shows in the report's page funnel.

describe('the survey form, in a browser', { tags: ['browser'] }, () => {
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

  it('creates an NPS survey with a touchpoint, an audience and a website path; its link answer shows in the page funnel', async () => {
    const ws = await server.workspace('default');
    const segment = await server.call('POST', '/api/v1/segments', { key: ws.secretKey, body: { name: 'Coffee club' } });
    expect(segment.status).toBe(201);
    const touchpoints = await server.call('GET', '/api/v1/touchpoints', { key: ws.secretKey });
    const delivery = touchpoints.body.data.find((t: { name: string }) => t.name === 'Delivery');

    const { page, problems } = await openAsAdmin(browser, server, '/surveys');

    await page.getByRole('button', { name: 'New survey' }).click();
    const form = page.getByRole('region', { name: 'New survey' });
    expect(await form.getByLabel('Measure').inputValue()).toBe('nps');
    await form.getByLabel('Name', { exact: true }).fill('After delivery');
    await form.getByLabel('Touchpoint').selectOption({ label: 'Delivery' });
    await form.getByLabel('Audience').selectOption({ label: 'Segment: Coffee club' });
    await form.getByLabel('On the website').fill('/order/thanks');
    await form.getByRole('button', { name: 'Create survey' }).click();
    await form.waitFor({ state: 'detached' });

    const item = page.getByRole('region', { name: 'Surveys' }).getByRole('listitem').filter({ hasText: 'After delivery' });
    await item.waitFor();
    const text = await item.innerText();
    expect(text).toContain('NPS');
    expect(text).toContain('Delivery');
    expect(text).toContain('in the website widget on /order/thanks… after 5 s');
    expect(await item.getByRole('combobox').inputValue()).toBe(segment.body.id);

    const saved = (await server.call('GET', '/api/v1/surveys', { key: ws.secretKey })).body.data;
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      name: 'After delivery',
      status: 'active',
      touchpointId: delivery.id,
      segmentId: segment.body.id,
      questions: [{ id: 'nps', type: 'nps', text: 'How likely are you to recommend us to a friend or colleague?' }, { id: 'comment', type: 'text' }],
      triggers: [{ type: 'page', pathPrefix: '/order/thanks', delaySeconds: 5 }],
    });

    // Answered once through its public link: the report's page funnel counts the view and the answer.
    await page.goto(`${server.url}${saved[0].links.link}`);
    await page.locator('input[name="a.nps"][value="8"]').check();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you!').waitFor();
    await page.goto(`${server.url}/reports`);
    const link = page.getByRole('table', { name: 'Survey pages' }).getByRole('row').filter({ hasText: 'Link or QR code' });
    await link.waitFor();
    expect((await link.getByRole('cell').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim())).toEqual(['1', '1 100%', '1 100%']);
    expect(problems).toEqual([]);
  });
});
