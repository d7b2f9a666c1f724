import readline from 'node:readline';
import { lockDataDir } from '../src/platform/db/lock.ts';

// One contender for a data directory's lock, for test/datadir.test.ts:
// `node bin/run-ts.js test/lock-racer.ts DIR`. Prints `ready`, then on each `go`
// line tries to take the lock and prints `locked` or `refused <why>`; a winner
// holds the lock until it is killed, as a server would.

const dir = process.argv[2]!;
const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line !== 'go') return;
  try {
    lockDataDir(dir);
    console.log('locked');
  } catch (err) {
    console.log(`refused ${err instanceof Error ? err.message : String(err)}`);
  }
});
lines.on('close', () => process.exit(0));
console.log('ready');
