import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli, ensureBuilt } from './helpers/built.js';
import { TINY_SWEEP } from './helpers/tiny-sweep.js';

/**
 * A sweep in worker threads gives the same bytes as one thread: each worker compiles the sweep
 * points of its cells from the plan the main thread recorded (the file's text, the sweeps and the
 * --set keys), and each point runs with the same seeds. The capacity tests' scenario, two of its
 * points and a shorter run by flags.
 */

const tmp = mkdtempSync(join(tmpdir(), 'netsim-sweep-parallel-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function withoutWall(dir: string): string {
  const c = JSON.parse(readFileSync(join(tmp, dir, 'results.json'), 'utf8'));
  for (const r of c.runs) delete r.wall;
  return JSON.stringify(c);
}

describe('a sweep in worker threads (built CLI)', () => {
  beforeAll(() => {
    ensureBuilt();
    writeFileSync(join(tmp, 'tiny.yaml'), TINY_SWEEP);
  });

  it('gives the same results, CSV and report as one thread', () => {
    const base = ['compare', 'tiny.yaml', '--replications', '2', '--sweep', 'load=60pps,240pps'];
    base.push('--set', 'duration=2s', '--set', 'links[wan].delay=5ms');
    const serial = builtCli(tmp, [...base, '--jobs', '1', '--out', 'serial']);
    expect(serial.stderr).toBe('');
    expect(serial.code).toBe(0);
    const parallel = builtCli(tmp, [...base, '--jobs', '2', '--out', 'parallel']);
    expect(parallel.code).toBe(0);
    expect(withoutWall('parallel')).toBe(withoutWall('serial'));
    for (const f of ['results.csv', 'report.html'])
      expect(readFileSync(join(tmp, 'parallel', f), 'utf8')).toBe(readFileSync(join(tmp, 'serial', f), 'utf8'));
    expect(parallel.stdout).toContain('Breaking points');
    const c = JSON.parse(readFileSync(join(tmp, 'parallel', 'results.json'), 'utf8'));
    expect(c.matrix.sets).toEqual([
      { at: 'duration', value: '2s' },
      { at: 'links[wan].delay', value: '5ms' },
    ]);
    expect(c.runs.map((r: { sweep: unknown }) => r.sweep)).toHaveLength(8);
  });
});
