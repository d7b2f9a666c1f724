import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { eventually, startTestServer, type TestServer } from './harness.ts';
import { buildWebAppIfStale, launchChromium } from './chromium.ts';

// The service desk's settings and tools in a real browser: an admin writes a
// macro and an automation; an agent applies the macro from the composer (editing
// its reply), records a refund in "Make it right", and reads the reports; an
// admin trains triage from a CSV, and a new ticket shows its prediction.

const MACRO = 'Refund issued';
const EDITED = 'Hi Rui, your refund is on its way. Sorry for the wait!';

describe('macros, automations, service recovery and reports in a browser', { tags: ['browser'] }, () => {
  let server: TestServer;
  let browser: Browser;
  let cookie: string;
  const problems: string[] = [];

  beforeAll(async () => {
    buildWebAppIfStale();
    server = await startTestServer();
    cookie = await server.login();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A fresh browser session logged in as `email`, on `path`. */
  async function loggedIn(email: string, password: string, path: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(`${server.url}/login?next=${encodeURIComponent(path)}`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === path);
    return page;
  }

  it('lets an admin write a macro that an agent applies, edited, then records a refund and reads the reports', async () => {
    const agent = await server.call('POST', '/api/v1/users', { cookie, body: { email: 'ana@example.test', name: 'Ana Agent', role: 'agent' } });
    expect(agent.status).toBe(201);
    const created = await server.call('POST', '/api/v1/tickets', {
      cookie,
      body: { customer: { email: 'rui@example.test', name: 'Rui Alves' }, subject: 'Where is my refund?', channel: 'web', message: { body: 'I returned the grinder a week ago.' } },
    });
    expect(created.status).toBe(201);
    const ticket = created.body as { id: string; number: number };
    const urgent = await server.call('POST', '/api/v1/macros', { cookie, body: { name: 'Make it urgent', actions: [{ type: 'set-priority', value: 'urgent' }] } });
    expect(urgent.status).toBe(201);

    // The admin writes the macro: a reply with placeholders, a status and a tag.
    const admin = await loggedIn(server.admin.email, server.admin.password, '/settings/macros');
    await admin.getByRole('list', { name: 'Actions of Make it urgent' }).getByText('Set priority to Urgent').waitFor();
    await admin.getByRole('button', { name: 'New macro' }).click();
    await admin.getByLabel('Name').fill(MACRO);
    await admin.getByLabel('Reply text').fill('Hi {{customer.first_name}}, your refund for #{{ticket.number}} is on its way.');
    await admin.getByRole('button', { name: '+ Add an action' }).click();
    await admin.getByLabel('Value of action 1').selectOption('pending');
    await admin.getByRole('button', { name: '+ Add an action' }).click();
    await admin.getByLabel('Action 2', { exact: true }).selectOption('add-tags');
    await admin.getByLabel('Add a tag').fill('refund');
    await admin.getByLabel('Add a tag').press('Enter');
    await admin.getByRole('button', { name: 'Create macro' }).click();
    const actions = admin.getByRole('list', { name: `Actions of ${MACRO}` });
    await actions.getByText('Set status to Pending').waitFor();
    await actions.getByText('Add “refund”').waitFor();

    // And an automation, read back as a sentence, then switched off.
    await admin.getByRole('link', { name: 'Automations' }).click();
    await admin.getByRole('button', { name: 'New automation' }).click();
    await admin.getByLabel('Name').fill('Phone calls are urgent');
    await admin.getByRole('button', { name: '+ Add a condition' }).click();
    await admin.getByLabel('Condition 1', { exact: true }).selectOption('channel');
    await admin.getByLabel('Value of condition 1').selectOption('phone');
    await admin.getByRole('button', { name: '+ Add an action' }).click();
    await admin.getByLabel('Action 1', { exact: true }).selectOption('set-priority');
    await admin.getByLabel('Value of action 1').selectOption('urgent');
    await admin.getByRole('button', { name: 'Create automation' }).click();
    await admin.getByText('When a ticket is created and channel is Phone, then:').waitFor();
    await admin.getByRole('switch', { name: 'Phone calls are urgent enabled' }).click();
    await eventually(async () => {
      const list = await server.call('GET', '/api/v1/automations', { cookie });
      expect(list.body.data).toEqual([expect.objectContaining({ name: 'Phone calls are urgent', enabled: false, conditions: [{ field: 'channel', op: 'is', value: 'phone' }] })]);
    });
    // The list reloads after the change: the switch shows what the server stored.
    await eventually(async () => expect(await admin.getByRole('switch', { name: 'Phone calls are urgent enabled' }).getAttribute('aria-checked')).toBe('false'));

    // The agent picks the macro: its reply fills the composer, its changes show as chips.
    const page = await loggedIn('ana@example.test', agent.body.password, `/tickets/${ticket.id}`);
    await page.getByRole('heading', { level: 1, name: 'Where is my refund?' }).waitFor();
    await page.getByLabel('Apply a macro').selectOption({ label: MACRO });
    const reply = page.getByRole('textbox', { name: 'Reply to Rui Alves' });
    await expect.poll(() => reply.inputValue()).toBe(`Hi Rui, your refund for #${ticket.number} is on its way.`);
    const changes = page.getByRole('list', { name: `Changes of ${MACRO}` });
    await changes.getByText('Set status to Pending').waitFor();
    await changes.getByText('Add “refund”').waitFor();

    // Edited, then sent: the reply, the status and the tag are on the ticket.
    await reply.fill(EDITED);
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByRole('list', { name: 'Conversation' }).getByText(EDITED).waitFor();
    await page.locator('.ticket-meta').getByText('Pending', { exact: true }).waitFor();
    await page.getByRole('list', { name: 'Tags' }).getByText('refund').waitFor();
    expect(await changes.count()).toBe(0);
    expect(await reply.inputValue()).toBe('');

    // A macro without a reply applies at once.
    await page.getByLabel('Apply a macro').selectOption({ label: 'Make it urgent' });
    await expect.poll(() => page.getByLabel('Priority', { exact: true }).inputValue()).toBe('urgent');

    // Make it right: a refund of €12.50.
    const card = page.getByRole('region', { name: 'Make it right' });
    await card.getByRole('button', { name: 'Record' }).click();
    await card.getByLabel('What was done').selectOption('refund');
    await card.getByLabel('Cost').fill('12.50');
    await card.getByLabel('Note').fill('Grinder returned');
    await card.getByRole('button', { name: 'Record' }).click();
    const recoveries = card.getByRole('list', { name: 'Recoveries' });
    await recoveries.getByText('Refund').waitFor();
    await recoveries.getByText('€12.50').waitFor();
    await recoveries.getByText('Grinder returned').waitFor();

    const t = await server.call('GET', `/api/v1/tickets/${ticket.id}`, { cookie });
    expect(t.body).toMatchObject({ status: 'pending', priority: 'urgent', tags: ['refund'] });
    expect(t.body.messages).toEqual(expect.arrayContaining([expect.objectContaining({ author: 'agent', public: true, body: EDITED })]));
    const r = await server.call('GET', `/api/v1/tickets/${ticket.id}/recoveries`, { cookie });
    expect(r.body.data).toEqual([expect.objectContaining({ kind: 'refund', cost: 12.5, currency: 'EUR', note: 'Grinder returned' })]);

    // The reports: one ticket, a chart per day, the refund in the recovery report.
    await page.getByRole('link', { name: 'Reports' }).click();
    const tickets = page.locator('.figure').filter({ has: page.getByText('Tickets', { exact: true }) });
    await expect.poll(() => tickets.locator('.figure-value').innerText()).toBe('1');
    const chart = page.getByRole('img', { name: 'Tickets by day' });
    await chart.waitFor();
    expect(await chart.locator('rect.bar').count()).toBe(1);
    await page.getByText(/clocks still running judged at /).waitFor();
    const recovery = page.getByRole('table', { name: 'Service recovery by kind' });
    await recovery.getByRole('row', { name: /Refund/ }).getByText('€12.50').first().waitFor();
    expect(await page.getByRole('link', { name: 'Download CSV' }).first().getAttribute('href')).toMatch(/^\/api\/v1\/reports\/service\?.*format=csv/);
    // The customer's first message was read for sentiment by a background job.
    await server.tp.jobs.runDue();
    await page.reload();
    const sentiment = page.getByRole('table', { name: 'Customer sentiment' });
    await expect.poll(() => sentiment.locator('tbody tr td').first().innerText()).toBe('1');

    expect(problems).toEqual([]);
  });

  it('trains triage from a CSV on Settings → Triage, tries a text, and shows the prediction on a new ticket', async () => {
    const intents = ['card_arrival', 'declined_transfer'];
    const rows = (parse(fs.readFileSync(path.resolve(import.meta.dirname, 'data/banking77/train-subset.csv')), { columns: true }) as { text: string; category: string }[]).filter((r) =>
      intents.includes(r.category),
    );
    const csv = ['text,label', ...intents.flatMap((i) => rows.filter((r) => r.category === i).slice(0, 15).map((r) => `"${r.text.replace(/"/g, '""')}",${i}`))].join('\n');

    const admin = await loggedIn(server.admin.email, server.admin.password, '/settings/triage');
    await admin.getByText('No triage model').waitFor();
    await admin.getByLabel('Predict').selectOption('field');
    await admin.getByLabel('Field', { exact: true }).fill('category');
    await admin.getByLabel('Learn from').selectOption('csv');
    await admin.getByLabel(/CSV file/).setInputFiles({ name: 'labelled.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await admin.getByRole('button', { name: 'Train' }).click();
    await admin.getByRole('heading', { name: 'Triage by category' }).waitFor();
    await admin.getByRole('img', { name: 'Training examples per label' }).waitFor();
    await admin.getByText(/^5-fold cross-validated; \d+(\.\d)?% if every label were as common$/).waitFor();
    await admin.getByLabel('Try a text').fill('My new card still has not arrived, where is it?');
    await admin.getByRole('button', { name: 'Predict' }).click();
    await admin.getByRole('status', { name: 'Prediction' }).getByText('card_arrival').waitFor();

    const created = await server.call('POST', '/api/v1/tickets', { cookie, body: { customer: { email: 'mia@example.test' }, subject: 'Card', message: { body: rows.filter((r) => r.category === 'card_arrival')[30]!.text } } });
    await server.drainJobs();
    await admin.goto(`${server.url}/tickets/${created.body.id}`);
    await admin.getByRole('region', { name: 'Triage' }).getByText(/Triage predicted category/).waitFor();
    expect(await admin.getByRole('region', { name: 'Triage' }).locator('strong').innerText()).toBe('card_arrival');
    expect(problems).toEqual([]);
  });
});
