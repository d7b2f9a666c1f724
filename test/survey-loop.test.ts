import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildWebAppIfStale, launchChromium, openLiveInbox } from './chromium.ts';
import { eventually, startTestServer, type TestServer } from './harness.ts';
import { startSmtpCatcher } from './smtp-catcher.ts';

// The closed loop in a real browser: the survey email, as a real SMTP server
// received it, is opened; the customer clicks 3 and writes a comment; the agent,
// whose inbox is open, sees the follow-up ticket arrive without a reload.

describe('survey email to follow-up ticket, in a browser', { tags: ['browser'] }, () => {
  let server: TestServer;
  let catcher: Awaited<ReturnType<typeof startSmtpCatcher>>;
  let browser: Browser;

  beforeAll(async () => {
    buildWebAppIfStale();
    catcher = await startSmtpCatcher();
    server = await startTestServer({ SMTP_URL: catcher.url });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await catcher?.close();
  });

  it('a score of 3 and a comment become a ticket in the agent inbox', async () => {
    const admin = await server.login();
    const rule = await server.call('POST', '/api/v1/feedback-rules', { cookie: admin, body: { name: 'Detractors', condition: { kind: 'nps', max: 6 }, action: { type: 'ticket', priority: 'high' } } });
    expect(rule.status).toBe(201);
    const survey = await server.call('POST', '/api/v1/surveys', {
      cookie: admin,
      body: { name: 'Your order', questions: [{ id: 'nps', type: 'nps', text: 'How likely are you to recommend Café Lumen?' }, { id: 'why', type: 'text', text: 'What should we improve?' }] },
    });
    expect(survey.status).toBe(201);
    await server.call('POST', `/api/v1/surveys/${survey.body.id}/sends`, { cookie: admin, body: { customer: { email: 'lena@example.test', name: 'Lena Park' } } });
    await eventually(() => expect(catcher.caught).toHaveLength(1));

    // The agent's inbox is open and live before the customer answers.
    const agent = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    agent.setDefaultTimeout(15_000);
    await openLiveInbox(agent, server);
    await agent.evaluate(() => Object.assign(window, { inboxMarker: 'still here' }));

    // The customer opens the email and clicks 3.
    const customer = await browser.newPage();
    customer.setDefaultTimeout(15_000);
    await customer.setContent(String(catcher.caught[0]!.html));
    await customer.getByRole('link', { name: '3', exact: true }).click();
    await customer.getByText('Thank you: your answer is recorded').waitFor();
    expect(await customer.getByRole('radio', { name: '3' }).isChecked()).toBe(true);
    await customer.getByRole('textbox').fill('The beans arrived stale <b>twice</b>.');
    await customer.getByRole('button', { name: 'Send' }).click();
    await customer.getByRole('heading', { name: 'Thank you!' }).waitFor();

    // The follow-up ticket appears live in the inbox.
    const row = agent.getByText('Follow up: NPS 3 on Your order from Lena Park');
    await row.waitFor();
    expect(await agent.evaluate(() => (window as unknown as { inboxMarker?: string }).inboxMarker)).toBe('still here');
    await row.click();
    await agent.getByText('The beans arrived stale <b>twice</b>.', { exact: false }).first().waitFor();
    // The sidebar says how this customer feels before the agent answers.
    await agent.getByRole('list', { name: 'Last feedback' }).getByText('NPS 3').waitFor();
    if (process.env.SCREENSHOTS) await agent.screenshot({ path: `${process.env.SCREENSHOTS}/ticket.png` });

    // The comment is read for sentiment in the background (the server's own worker).
    await eventually(async () => {
      const listed = await server.call('GET', `/api/v1/responses?surveyId=${survey.body.id}`, { cookie: admin });
      expect(listed.body.data[0]?.sentiment?.label).toBe('negative');
    });

    // The survey is listed, and the report counts the answer.
    await agent.getByRole('link', { name: 'Surveys' }).click();
    await agent.getByText('Your order', { exact: true }).waitFor();
    // What the customer said is readable there, with the follow-up it opened.
    await agent.getByRole('button', { name: 'Latest answers' }).click();
    const answers = agent.getByRole('list', { name: 'Latest answers to Your order' });
    await answers.getByText('The beans arrived stale <b>twice</b>.').waitFor();
    await answers.getByRole('link', { name: 'Follow-up ticket' }).waitFor();
    await answers.getByText('negative', { exact: true }).waitFor();
    if (process.env.SCREENSHOTS) await agent.screenshot({ path: `${process.env.SCREENSHOTS}/surveys.png`, fullPage: true });
    // On the customer's journey, the answer carries the same reading.
    await answers.getByRole('link', { name: 'Customer' }).click();
    const journey = agent.getByRole('region', { name: 'Journey' });
    await journey.locator('li.entry', { hasText: 'survey_response' }).getByText('negative', { exact: true }).waitFor();
    await agent.getByRole('link', { name: 'Reports' }).click();
    const card = agent.getByRole('region', { name: 'Customer feedback' });
    await card.getByRole('table', { name: 'Customer feedback' }).waitFor();
    expect(await card.locator('.figure-value').first().textContent()).toBe('−100');
    if (process.env.SCREENSHOTS) await card.screenshot({ path: `${process.env.SCREENSHOTS}/report.png` });
  });
});
