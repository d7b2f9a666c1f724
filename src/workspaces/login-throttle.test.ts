import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../platform/auth/secrets.ts';
import { engine, startTestServer, type TestServer } from '../../test/harness.ts';
import { startSmtpCatcher } from '../../test/smtp-catcher.ts';
import { addMember, createUser, findWorkspaceBySlug } from './store.ts';

// Login brute force: the per-account lock holds whatever headers come with the
// attempts, lives in the database (a restart, another process), and tells the owner.

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function started(env: Record<string, string> = {}): Promise<TestServer> {
  const server = await startTestServer(env);
  cleanups.push(() => server.close());
  return server;
}

/** A login with its own headers (a random Authorization each time, say); the JSON answer. */
async function attempt(server: TestServer, email: string, password: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } }, headers: res.headers };
}

const junk = () => ({ authorization: `Bearer junk${crypto.randomBytes(6).toString('hex')}` });

// One server for the per-account tests, with a generous per-address limit (what
// stops these attackers is the account's lock alone) and a catcher for its mail.
let server: TestServer;
let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
  cleanups.push(smtp.close);
  server = await started({ TOUCHPOINT_RATE_LIMIT_LOGIN: '1000', SMTP_URL: smtp.url });
});

/** A member of the default workspace of its own, so each test has an unlocked account. */
async function account(): Promise<{ email: string; password: string }> {
  const db = server.tp.database.db;
  const email = `owner-${crypto.randomBytes(4).toString('hex')}@example.test`;
  const user = await createUser(db, { email, name: 'Owner', password: 'the right password' });
  await addMember(db, (await findWorkspaceBySlug(db, 'default'))!.id, user.id, 'agent');
  return { email, password: 'the right password' };
}

describe('login attempts per account', () => {
  it('locks the account after 5 wrong passwords sent with random Authorization headers, and refuses the right one while locked', async () => {
    const owner = await account();
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await attempt(server, owner.email, `wrong guess ${i}`, junk())).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);

    const right = await attempt(server, owner.email, owner.password, junk());
    expect(right.status).toBe(429);
    expect(right.body.error!.code).toBe('too_many_attempts');
    expect(right.body.error!.message).toMatch(/try again in \d+ minute/i);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(60);
    expect(right.headers.get('set-cookie')).toBeNull();
  });

  it('answers an unknown email exactly like a known one, lock included (no account probing)', async () => {
    const owner = await account();
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 6; i++) {
      known.push((await attempt(server, owner.email, 'wrong password!')).status);
      unknown.push((await attempt(server, 'nobody@example.test', 'wrong password!')).status);
    }
    expect(unknown).toEqual(known);
    expect(known).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('a successful login clears the count', async () => {
    const owner = await account();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) expect((await attempt(server, owner.email, 'wrong password!')).status).toBe(401);
      expect((await attempt(server, owner.email, owner.password)).status).toBe(200);
    }
  });

  it('tells the owner by email once per lockout', async () => {
    const owner = await account();
    const noticesTo = (address: string) => smtp.caught.filter((m) => m.subject?.match(/locked/i) && m.to && !Array.isArray(m.to) && m.to.value[0]?.address === address);
    for (let i = 0; i < 12; i++) await attempt(server, owner.email, 'wrong password!', junk());
    await server.drainJobs();
    expect(noticesTo(owner.email)).toHaveLength(1);
    expect(noticesTo(owner.email)[0]!.text).toMatch(/5 failed attempts in a row/);
    expect(noticesTo(owner.email)[0]!.text).toMatch(/from the address 127\.0\.0\.1/);
    // Nobody is written to for an email that has no account.
    const before = smtp.caught.length;
    for (let i = 0; i < 6; i++) await attempt(server, 'nobody-at-all@example.test', 'wrong password!');
    await server.drainJobs();
    expect(smtp.caught.length).toBe(before);
  });

  it(`keeps the lock in the database: ${engine === 'postgres' ? 'a second server process on the same PostgreSQL enforces it' : 'it holds after a restart'}`, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-throttle-'));
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const first = await startTestServer({ TOUCHPOINT_RATE_LIMIT_LOGIN: '1000', TOUCHPOINT_DATA_DIR: dataDir });
    for (let i = 0; i < 5; i++) expect((await attempt(first, first.admin.email, 'wrong password!')).status).toBe(401);
    let second: TestServer;
    if (engine === 'postgres') {
      cleanups.push(() => first.close());
      second = await started({ TOUCHPOINT_RATE_LIMIT_LOGIN: '1000', DATABASE_URL: first.config.databaseUrl! });
    } else {
      await first.close();
      second = await started({ TOUCHPOINT_RATE_LIMIT_LOGIN: '1000', TOUCHPOINT_DATA_DIR: dataDir });
    }
    const res = await attempt(second, second.admin.email, second.admin.password);
    expect(res.status).toBe(429);
    expect(res.body.error!.code).toBe('too_many_attempts');
  }, 180_000); // two server starts
});

describe('login attempts per address', () => {
  it('limits one address to 20 attempts a minute whatever Authorization headers and emails it sends', async () => {
    const strict = await started();
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await attempt(strict, `someone${i}@example.test`, 'wrong password!', junk())).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
  });
});

describe('login timing', () => {
  it('an unknown email costs a password check too, as long as a wrong password', async () => {
    const owner = await account();
    const timed = async (email: string) => {
      const start = performance.now();
      expect((await attempt(server, email, 'wrong password!')).status).toBe(401);
      return performance.now() - start;
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const stored = await hashPassword('some password here');
    const scryptStart = performance.now();
    for (let i = 0; i < 3; i++) await verifyPassword('another password', stored);
    const scryptCost = (performance.now() - scryptStart) / 3;
    const known: number[] = [];
    const unknown: number[] = [];
    for (let round = 0; round < 4; round++) {
      known.push(await timed(owner.email));
      unknown.push(await timed(`ghost${round}@example.test`));
      await server.login(owner.email, owner.password); // clears the count
    }
    console.log(`login timing: scrypt ${scryptCost.toFixed(1)} ms; wrong password median ${median(known).toFixed(1)} ms; unknown email median ${median(unknown).toFixed(1)} ms`);
    expect(median(unknown)).toBeGreaterThan(0.6 * scryptCost);
    expect(median(unknown)).toBeGreaterThan(0.5 * median(known));
  });
});
