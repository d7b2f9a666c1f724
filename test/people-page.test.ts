import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { eventually, startTestServer, type TestServer } from './harness.ts';
import { buildWebAppIfStale, launchChromium } from './chromium.ts';

// People and sessions in a real browser: an admin changes an agent's role,
// deactivates, reactivates and removes them while the agent's own tab is open
// (its live socket closes and the tab follows at once), sets the session
// lifetime, and cannot remove the last admin; a person changes their password
// and signs out everywhere from the user menu.

describe('people, roles and sessions in a browser', { tags: ['browser'] }, () => {
  let server: TestServer;
  let browser: Browser;
  let cookie: string;
  const problems: string[] = [];

  beforeAll(async () => {
    buildWebAppIfStale();
    server = await startTestServer({ TOUCHPOINT_RATE_LIMIT_LOGIN: '1000' });
    cookie = await server.login();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

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

  it("changes a role, deactivates, reactivates and removes a member; the member's open tab follows at once", async () => {
    const added = await server.call('POST', '/api/v1/users', { cookie, body: { email: 'ana@example.test', name: 'Ana Agent', role: 'agent' } });
    expect(added.status).toBe(201);
    const agent = await loggedIn('ana@example.test', added.body.password, '/inbox');
    await agent.locator('.live-connected').waitFor();
    await expect.poll(() => agent.locator('.me-role').textContent()).toBe('agent');

    const admin = await loggedIn(server.admin.email, server.admin.password, '/settings/people');
    const row = admin.getByRole('row', { name: /Ana Agent/ });
    await row.getByLabel('Role of Ana Agent').selectOption('analyst');
    // The agent's tab learns its new role without a reload, and is live again.
    await expect.poll(() => agent.locator('.me-role').textContent()).toBe('analyst');
    await agent.locator('.live-connected').waitFor();

    await row.getByRole('button', { name: 'Deactivate Ana Agent' }).click();
    await row.getByRole('button', { name: 'Deactivate and sign out' }).click();
    await row.getByText('Deactivated').waitFor();
    // Signed out at once: the tab goes to the login page.
    await agent.waitForURL(/\/login/);
    expect((await server.call('GET', '/api/v1/users', { cookie })).body.data.find((m: { email: string }) => m.email === 'ana@example.test')).toMatchObject({ status: 'deactivated', role: 'analyst' });

    await row.getByRole('button', { name: 'Reactivate Ana Agent' }).click();
    await row.getByRole('button', { name: 'Deactivate Ana Agent' }).waitFor();

    await row.getByRole('button', { name: 'Remove Ana Agent' }).click();
    await row.getByRole('button', { name: 'Remove from workspace' }).click();
    await admin.getByRole('row', { name: /Ana Agent/ }).waitFor({ state: 'detached' });
    expect((await server.call('GET', '/api/v1/users', { cookie })).body.data.some((m: { email: string }) => m.email === 'ana@example.test')).toBe(false);

    // The last admin stays: the page says why.
    const me = admin.getByRole('row', { name: /Admin/ });
    await me.getByRole('button', { name: /^Remove / }).click();
    await me.getByRole('button', { name: 'Remove from workspace' }).click();
    await admin.getByRole('alert').getByText(/last admin/).waitFor();

    // Session lifetime, applied by the server.
    await admin.getByLabel('Ends when unused for (hours)').fill('24');
    await admin.getByLabel('Ends after login at most (hours)').fill('48');
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByText('Saved. Sessions past the new limits have ended.').waitFor();
    expect((await server.call('GET', '/api/v1/session-policy', { cookie })).body).toEqual({ idleHours: 24, maxHours: 48 });
    expect(problems).toEqual([]);
  });

  it('changes one’s password (a weak one is refused) and signs out everywhere from the user menu', async () => {
    const added = await server.call('POST', '/api/v1/users', { cookie, body: { email: 'bo@example.test', name: 'Bo Analyst', role: 'analyst' } });
    const elsewhere = await server.login('bo@example.test', added.body.password);
    const page = await loggedIn('bo@example.test', added.body.password, '/inbox');

    await page.getByRole('button', { name: /Bo Analyst/ }).click();
    await page.getByRole('menuitem', { name: 'Change password' }).click();
    await page.waitForURL(/\/settings\/account/);
    await page.getByLabel('Current password').fill(added.body.password);
    await page.getByLabel('New password', { exact: true }).fill('password1234');
    await page.getByLabel('New password again').fill('password1234');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').getByText(/newPassword: is a common password/).waitFor();
    await page.getByLabel('New password', { exact: true }).fill('violet harbour 29 lanterns');
    await page.getByLabel('New password again').fill('violet harbour 29 lanterns');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password is changed. Your other sessions have been signed out.').waitFor();
    expect((await server.call('GET', '/api/v1/me', { cookie: elsewhere })).status).toBe(401);
    const another = await server.login('bo@example.test', 'violet harbour 29 lanterns');

    await page.getByRole('button', { name: /Bo Analyst/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out everywhere' }).click();
    await page.waitForURL(/\/login/);
    expect((await server.call('GET', '/api/v1/me', { cookie: another })).status).toBe(401);
    expect(problems).toEqual([]);
  });
});
