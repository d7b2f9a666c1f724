import { describe, expect, it } from 'vitest';
import { runInThread, ThreadError } from './run.ts';

describe('runInThread', () => {
  it('runs a TypeScript module’s function in a worker thread and returns its result', async () => {
    const result = await runInThread<{ rows: number; cols: number }>(new URL('../../insights/text/sparse.ts', import.meta.url), 'selectRows', [
      { rows: 2, cols: 3, indptr: Int32Array.of(0, 1, 2), indices: Int32Array.of(0, 2), values: Float32Array.of(1, 2) },
      [1],
    ]);
    expect(result).toMatchObject({ rows: 1, cols: 3, indices: Int32Array.of(2), values: Float32Array.of(2) });
  });

  it('rejects with the error the function threw, a thread that died, or a function that does not exist', async () => {
    const failed = runInThread(new URL('node:assert'), 'fail', ['bad data']);
    await expect(failed).rejects.toBeInstanceOf(ThreadError);
    await expect(failed).rejects.toThrow('bad data');
    await expect(runInThread(new URL('node:process'), 'exit', [3])).rejects.toThrow('its worker thread stopped before finishing (exit code 3)');
    await expect(runInThread(new URL('../../insights/text/sparse.ts', import.meta.url), 'nothing', [])).rejects.toThrow(/sparse\.ts has no function nothing/);
  });
});
