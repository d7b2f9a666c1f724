import type { TestProject } from 'vitest/node';
import { NO_CHROMIUM, skipBrowserTests } from './chromium.ts';

// Once per run, in the main process: says on which database engine the tests run, and
// after the run how many browser tests were skipped for want of Chromium, and why.

export default function setup(project: TestProject): () => void {
  console.log(
    process.env.DATABASE_URL
      ? 'Tests run on PostgreSQL: a throw-away database per test on the server of DATABASE_URL.'
      : 'Tests run on the embedded PGlite. To run them on PostgreSQL too, set DATABASE_URL to a server the tests may create databases on.',
  );
  return () => {
    if (!skipBrowserTests) return;
    let skipped = 0;
    for (const module of project.vitest.state.getTestModules()) {
      for (const test of module.children.allTests()) if (test.tags.includes('browser') && test.result().state === 'skipped') skipped++;
    }
    if (skipped > 0) console.warn(`${skipped} browser tests skipped: ${NO_CHROMIUM} Set TOUCHPOINT_TEST_REQUIRE_BROWSER=1 to make a missing Chromium fail the run.`);
  };
}
