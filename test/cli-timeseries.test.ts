import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli, ensureBuilt, root } from './helpers/built.js';

/** `--timeseries` end to end through the built CLI: run's outputs, compare in worker threads, bad flags. */

const tmp = mkdtempSync(join(tmpdir(), 'netsim-timeseries-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(() => ensureBuilt());

const scenario = (name: string) => join(root, 'scenarios', name);

function withoutWall(dir: string): string {
  const c = JSON.parse(readFileSync(join(tmp, dir, 'results.json'), 'utf8'));
  for (const r of c.runs) delete r.wall;
  return JSON.stringify(c);
}

describe('netsim run --timeseries', () => {
  it('writes timeseries.csv and report.html beside --out and prints the dip and the recovery', () => {
    const r = builtCli(tmp, ['run', scenario('region-failure.yaml'), '--timeseries', '1s', '--out', 'run/r.json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`time series written to ${join('run', 'timeseries.csv')}`);
    expect(r.stdout).toContain('node northcentralus down at 5 s, back at 9 s');
    expect(r.stdout).toMatch(/realtime +0\.0% \/ [1-9]\d\.\d% \/ 0\.0% /);
    const result = JSON.parse(readFileSync(join(tmp, 'run', 'r.json'), 'utf8'));
    expect(result.timeseries.window).toBe(1);
    expect(readFileSync(join(tmp, 'run', 'timeseries.csv'), 'utf8')).toMatch(
      /^variant,policy,seed,series,metric,t,value\n/,
    );
    expect(readFileSync(join(tmp, 'run', 'report.html'), 'utf8')).toContain('<h2 id="timeseries">Over time</h2>');
  });

  it('refuses a bad window before running, exit 2, naming the flag', () => {
    const bare = builtCli(tmp, ['run', scenario('priority.yaml'), '--timeseries', '5', '--out', 'bad/r.json']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/^netsim: --timeseries: .*add a unit\n$/);
    const fine = builtCli(tmp, ['run', scenario('priority.yaml'), '--timeseries', '1ms', '--out', 'bad/r.json']);
    expect(fine.code).toBe(2);
    expect(fine.stderr).toContain('--timeseries: 65,000 windows of 1ms over 65s (duration and drain): at most 10,000');
    expect(existsSync(join(tmp, 'bad'))).toBe(false);
  });
});

describe('netsim compare --timeseries', () => {
  it('gives the same results and timeseries.csv in worker threads as in one', () => {
    const base = ['compare', scenario('priority.yaml'), '--replications', '2', '--set', 'duration=2s'];
    const serial = builtCli(tmp, [...base, '--timeseries', '500ms', '--jobs', '1', '--out', 'serial']);
    expect(serial.stderr).toBe('');
    expect(serial.code).toBe(0);
    expect(serial.stdout).toContain(join('serial', 'timeseries.csv'));
    const parallel = builtCli(tmp, [...base, '--timeseries', '500ms', '--jobs', '2', '--out', 'parallel']);
    expect(parallel.code).toBe(0);
    expect(withoutWall('parallel')).toBe(withoutWall('serial'));
    for (const f of ['timeseries.csv', 'report.html'])
      expect(readFileSync(join(tmp, 'parallel', f), 'utf8')).toBe(readFileSync(join(tmp, 'serial', f), 'utf8'));
    const c = JSON.parse(readFileSync(join(tmp, 'serial', 'results.json'), 'utf8'));
    expect(c.matrix.timeseries).toBe(0.5);
    // 2 variants x 2 seeds, each with 14 windows (2 s measured, 5 s drain).
    expect(c.runs.map((r: { timeseries: { t: number[] } }) => r.timeseries.t.length)).toEqual([14, 14, 14, 14]);
  });

  it('merge of the shards writes the same timeseries.csv and names it, as compare does', () => {
    const base = ['compare', scenario('priority.yaml'), '--replications', '2', '--set', 'duration=2s'];
    const shard = (s: string) =>
      builtCli(tmp, [...base, '--timeseries', '500ms', '--jobs', '1', '--shard', s, '--out', 'sh']);
    for (const s of ['1/2', '2/2']) expect(shard(s).code).toBe(0);
    const m = builtCli(tmp, ['merge', join('sh', 'shard-1-of-2.json'), join('sh', 'shard-2-of-2.json'), '--out', 'mg']);
    expect(m.code).toBe(0);
    expect(m.stdout).toContain(`results: ${join('mg', 'results.json')}, ${join('mg', 'results.csv')}, `);
    expect(m.stdout).toContain(join('mg', 'timeseries.csv'));
    // The same as the unsharded comparison of the test above.
    expect(readFileSync(join(tmp, 'mg', 'timeseries.csv'), 'utf8')).toBe(
      readFileSync(join(tmp, 'serial', 'timeseries.csv'), 'utf8'),
    );
  });
});
