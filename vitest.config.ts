import { defineConfig } from 'vitest/config';
import { skipBrowserTests } from './test/chromium.ts';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: a few forks in parallel, each with its own database.
    pool: 'forks',
    maxWorkers: 2,
    globalSetup: ['test/global-setup.ts'],
    tags: [{ name: 'browser', description: 'drives Chromium (/usr/bin/chromium); skipped where it is missing, unless TOUCHPOINT_TEST_REQUIRE_BROWSER=1', skip: skipBrowserTests }],
  },
});
