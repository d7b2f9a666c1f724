import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine, openTestDatabase } from '../../../test/harness.ts';
import type { Database } from './client.ts';

let database: Database;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database?.close());

describe(`openDatabase (${engine})`, () => {
  it('lets the event loop run between the queries of a long chain', async () => {
    let done = 0;
    // A timer stands for a request waiting to be read while a job works through its queries.
    const doneWhenTimerRan = new Promise<number>((resolve) => setTimeout(() => resolve(done), 0));
    for (let i = 0; i < 50; i++) {
      await (i % 2 ? database.db.execute(sql`select 1`) : database.db.transaction((tx) => tx.execute(sql`select 1`)));
      done++;
    }
    expect(await doneWhenTimerRan).toBeLessThan(50);
  });
});
