import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

// What browser tests share: Debian's chromium driven by playwright-core, and a
// web app build no older than its sources (the server decides at start whether it serves it).
// Browser tests carry the tag "browser" (describe(name, { tags: ['browser'] }, ...)): where
// Chromium is missing they are skipped and counted (test/global-setup.ts), unless
// TOUCHPOINT_TEST_REQUIRE_BROWSER=1 (CI sets it) asks that they run, and fail, instead.

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
export const hasChromium = fs.existsSync(CHROMIUM);
export const skipBrowserTests = !hasChromium && process.env.TOUCHPOINT_TEST_REQUIRE_BROWSER !== '1';
export const NO_CHROMIUM = `${CHROMIUM} is missing. Browser tests need Debian's chromium: apt-get install chromium (CI installs it).`;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function launchChromium(): Promise<Browser> {
  if (!hasChromium) throw new Error(NO_CHROMIUM);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** The newest modification time under a directory. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return latest;
}

export function buildWebAppIfStale(): void {
  const index = path.join(root, 'web/dist/index.html');
  if (!fs.existsSync(index) || fs.statSync(index).mtimeMs < newest(path.join(root, 'web/src'))) {
    execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  }
}

type AdminServer = { url: string; admin: { email: string; password: string } };

/** Logs the admin in through the login form, asking for the page `next` (the inbox when absent). */
export async function logIn(page: Page, server: AdminServer, next?: string): Promise<void> {
  await page.goto(`${server.url}/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.getByLabel('Email').fill(server.admin.email);
  await page.getByLabel('Password').fill(server.admin.password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** A new page (1280×1000, 15 s timeouts) with the admin logged in on `next`; uncaught page errors are collected in `problems`. */
export async function openAsAdmin(browser: Browser, server: AdminServer, next: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  await logIn(page, server, next);
  return { page, problems };
}

/** Logs the admin in and leaves the page on the inbox's "All open" view with its live socket up. */
export async function openLiveInbox(page: Page, server: AdminServer): Promise<void> {
  await logIn(page, server);
  await page.waitForURL(/\/inbox/);
  await page.getByRole('tab', { name: /All open/ }).click();
  await page.locator('.live-connected').waitFor();
}
