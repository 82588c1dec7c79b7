import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runInWorkers, TaskError } from '../src/experiment/pool.js';

const dir = mkdtempSync(join(tmpdir(), 'netsim-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A stand-in worker with the pool's protocol: squares `n` after a delay that makes later tasks
// finish first, fails on n = 13, and dies on n = 99.
const script = join(dir, 'square.mjs');
writeFileSync(
  script,
  `import { parentPort, workerData } from 'node:worker_threads';
parentPort.on('message', (t) => {
  if (t.n === 99) process.exit(3);
  setTimeout(() => {
    if (t.n === 13) parentPort.postMessage({ index: t.index, ok: false, error: 'unlucky ' + workerData.tag });
    else parentPort.postMessage({ index: t.index, ok: true, value: t.n * t.n });
  }, 40 - t.n * 3);
});`,
);
const url = pathToFileURL(script);

describe('the worker pool', () => {
  it('returns values in task order whatever order they finish in, reporting progress', async () => {
    const tasks = [1, 2, 3, 4, 5, 6, 7, 8].map((n, i) => ({ index: 10 + i, n }));
    const progress: number[] = [];
    const values = await runInWorkers<{ index: number; n: number }, number>(
      url,
      { tag: 'x' },
      tasks,
      3,
      (done, total) => {
        expect(total).toBe(8);
        progress.push(done);
      },
    );
    expect(values).toEqual([1, 4, 9, 16, 25, 36, 49, 64]);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('works without a progress callback', async () => {
    expect(
      await runInWorkers(
        url,
        {},
        [
          { index: 0, n: 2 },
          { index: 1, n: 3 },
        ],
        2,
      ),
    ).toEqual([4, 9]);
  });

  it('rejects with the failing task, and when a worker dies', async () => {
    const failing = runInWorkers(
      url,
      { tag: 'seed' },
      [
        { index: 0, n: 1 },
        { index: 7, n: 13 },
      ],
      2,
    );
    await expect(failing).rejects.toBeInstanceOf(TaskError);
    await expect(failing).rejects.toMatchObject({ index: 7, detail: 'unlucky seed' });
    await expect(runInWorkers(url, {}, [{ index: 0, n: 99 }], 1)).rejects.toThrow(/exited \(code 3\)/);
  });

  it('refuses a missing (uncompiled) worker script with a clear message', async () => {
    await expect(runInWorkers(pathToFileURL(join(dir, 'nope.js')), {}, [{ index: 0 }], 2)).rejects.toThrow(
      /npm run build/,
    );
  });
});
