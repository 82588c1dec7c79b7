import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate, keyOf } from '../fuzz/campaign.js';
import { FuzzPool } from '../fuzz/pool.js';
import { loadRegression, regressionFiles, regressionName, taskOfRegression } from '../fuzz/regressions.js';
import { ensureBuilt, root } from './helpers/built.js';

// Every saved fuzz case (test/fuzz/regressions/*.yaml, minimal after shrinking) must now pass
// every check of fuzz/oracle.ts, run twice in two worker processes (determinism), with the exit code
// its file pins (`exit:`): a case refused today (2) that starts running (0), or the reverse, is a change to see.
const files = regressionFiles(join(root, 'test', 'fuzz', 'regressions'));
let pool: FuzzPool | null = null;

describe('fuzz regressions', () => {
  afterAll(async () => {
    await pool?.close();
  });

  it('are there', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const path of files) {
    it(
      regressionName(path),
      async () => {
        ensureBuilt();
        pool ??= new FuzzPool(2, { timeMs: 20_000, rssMb: 1500 });
        const r = loadRegression(path);
        expect(r.exit, `${path}: pin the exit code the command must give (exit: 0 or 2)`).not.toBeNull();
        const outcome = await evaluate(pool, taskOfRegression(r), true);
        const context = `${r.class}\nnetsim ${r.argv.join(' ')}\nstderr: ${outcome.stderr.slice(0, 500)}`;
        expect(outcome.failures.map(keyOf), context).toEqual([]);
        expect(outcome.code, context).toBe(r.exit);
      },
      60_000,
    );
  }
});
