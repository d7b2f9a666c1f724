import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cdnowFile, REPO_ROOT } from './clv/test-data.ts';

const run = promisify(execFile);
const SAMPLE = cdnowFile('transactions_sample.csv');

/** Runs the real CLI entry (bin/touchpoint.js) and returns its output and exit code. */
async function touchpoint(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/touchpoint.js', ...args], { cwd: REPO_ROOT, maxBuffer: 16 << 20 });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; code?: number };
    return { stdout: e.stdout ?? '', stderr: e.stderr ?? '', code: typeof e.code === 'number' ? e.code : -1 };
  }
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchpoint-clv-cli-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('touchpoint clv (CLI)', () => {
  it('fit --json prints the published CDNOW estimates in the documented shape', async () => {
    const { stdout, code } = await touchpoint(['clv', 'fit', '--input', SAMPLE, '--calibration-end', '1997-09-30', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as {
      customers: number;
      bgnbd: Record<string, number>;
      gammaGamma: Record<string, number>;
    };
    expect(Object.keys(out)).toEqual(['customers', 'bgnbd', 'gammaGamma']);
    expect(Object.keys(out.bgnbd)).toEqual(['r', 'alpha', 'a', 'b', 'logLikelihood']);
    expect(Object.keys(out.gammaGamma)).toEqual(['p', 'q', 'v']);
    expect(out.customers).toBe(2357);
    expect(out.bgnbd.r).toBeCloseTo(0.2426, 3);
    expect(out.bgnbd.alpha).toBeCloseTo(4.4135, 2);
    expect(out.bgnbd.a).toBeCloseTo(0.7929, 3);
    expect(out.bgnbd.b).toBeCloseTo(2.4257, 3);
    expect(out.bgnbd.logLikelihood).toBeCloseTo(-9582.43, 1);
    expect(out.gammaGamma.p).toBeCloseTo(6.25, 2);
    expect(out.gammaGamma.q).toBeCloseTo(3.74, 2);
    expect(out.gammaGamma.v).toBeCloseTo(15.44, 2);
  });

  it('predict writes one finite row per customer', async () => {
    const output = path.join(dir, 'clv.csv');
    const { code, stdout } = await touchpoint([
      'clv', 'predict', '--input', SAMPLE, '--calibration-end', '1997-09-30', '--horizon', '39', '--discount-rate', '0.01', '--output', output,
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Wrote 2357 customers/);
    const lines = fs.readFileSync(output, 'utf8').trimEnd().split(/\r\n/);
    expect(lines[0]).toBe('customer_id,frequency,recency,T,expected_purchases,p_alive,expected_average_value,clv');
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(2357);
    const bad = rows.filter((r) => r.length !== 8 || r.slice(1).some((v) => v === '' || !Number.isFinite(Number(v))));
    expect(bad).toHaveLength(0);
    expect(fs.readFileSync(output, 'utf8')).not.toMatch(/NaN|Infinity/);
    const first = rows.find((r) => r[0] === '1');
    expect(Number(first?.[4])).toBeCloseTo(1.226, 3); // x = 2, t_x = 30.43, T = 38.86
  });

  it('skips bad rows with per-line messages on stderr and fits the rest', async () => {
    const input = path.join(dir, 'with-errors.csv');
    const bad = ['1,1997-02-30,1,5', '2,1997-03-01,1,-3', '3,19970301,1,abc', '4,2999-01-01,1,5']; // customer_id,date,quantity,amount
    fs.writeFileSync(input, [fs.readFileSync(SAMPLE, 'utf8').trimEnd(), ...bad].join('\n') + '\n');
    const { code, stdout, stderr } = await touchpoint(['clv', 'fit', '--input', input, '--calibration-end', '1997-09-30', '--json']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/skipped 4 of 6923 rows \(1 bad amount, 1 negative amount, 1 bad date, 1 future date\)/);
    expect(stderr).toMatch(/line 6921: date "1997-02-30"/);
    expect((JSON.parse(stdout) as { customers: number }).customers).toBe(2357);
  });

  it('exits 1 with a clear message when nobody bought twice', async () => {
    const input = path.join(dir, 'one-purchase.csv');
    fs.writeFileSync(input, 'customer_id,date,amount\na,1997-01-01,10\nb,1997-02-01,5\nc,19970301,7\n');
    const { code, stdout, stderr } = await touchpoint(['clv', 'fit', '--input', input, '--calibration-end', '1997-09-30', '--json']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/BG\/NBD cannot be fitted: none of the 3 customers made a repeat purchase/);
    expect(stderr).not.toMatch(/NaN/);
  });
});
