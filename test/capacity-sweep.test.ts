import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { matrixCells } from '../src/experiment/cells.js';
import type { ComparisonFile } from '../src/experiment/comparison.js';
import { parseCsv } from '../src/report/csv.js';
import { cli, tempFile } from './helpers/scenario.js';
import { TINY_SWEEP as SCENARIO } from './helpers/tiny-sweep.js';

/**
 * Sweeps end to end (SCENARIO-FORMAT.md, Sweeps; docs/capacity.md): the matrix variants x policies x
 * points x replications, common random numbers across points, each cell's `sweep`, the CSV's
 * `sweep.<name>` columns, breaking points in results.json and in words, shards of a sweep merged,
 * and every mistake an exit 2 naming its key path or flag.
 */

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const outDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'netsim-sweep-'));
  dirs.push(d);
  return d;
};
const results = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as ComparisonFile;
const withoutWall = (c: ComparisonFile) => JSON.stringify({ ...c, runs: c.runs.map(({ wall: _w, ...r }) => r) });

describe('the sweep matrix', () => {
  it('is variants x policies x points x seeds, with the same seeds at every point', () => {
    const cells = matrixCells({
      variants: ['before', 'after'],
      policies: ['shortest'],
      seed: 7,
      replications: 2,
      sweeps: [{ name: 'users', at: 'nodes[home].users', values: [40, 80, 160] }],
    });
    expect(cells).toHaveLength(2 * 3 * 2);
    expect(cells.slice(0, 6).map((c) => [c.variant, c.point, c.sweep, c.seed])).toEqual([
      ['before', 0, { users: 40 }, 7],
      ['before', 0, { users: 40 }, 8],
      ['before', 1, { users: 80 }, 7],
      ['before', 1, { users: 80 }, 8],
      ['before', 2, { users: 160 }, 7],
      ['before', 2, { users: 160 }, 8],
    ]);
    expect(cells.map((c) => c.index)).toEqual(cells.map((_, i) => i));
    // A grid: the first sweep varies slowest.
    const grid = matrixCells({
      variants: [null],
      policies: [null],
      seed: 1,
      replications: 1,
      sweeps: [
        { name: 'users', at: 'nodes[home].users', values: [40, 80] },
        { name: 'wan', at: 'links[wan].rate', values: ['1Gbps', '300Mbps'] },
      ],
    });
    expect(grid.map((c) => c.sweep)).toEqual([
      { users: 40, wan: '1Gbps' },
      { users: 40, wan: '300Mbps' },
      { users: 80, wan: '1Gbps' },
      { users: 80, wan: '300Mbps' },
    ]);
    // Without sweeps, cells are as they were (no sweep key).
    expect(matrixCells({ variants: ['a'], policies: ['p'], seed: 1, replications: 1 })[0]).toEqual({
      index: 0,
      variant: 'a',
      policy: 'p',
      point: 0,
      seed: 1,
    });
  });
});

describe('netsim compare with a sweep', () => {
  const file = tempFile(SCENARIO);

  it('runs every point, carries the point in each cell, and finds where each design breaks', async () => {
    const out = outDir();
    const r = await cli('compare', file, '--replications', '2', '--jobs', '1', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const c = results(out);
    expect(c.matrix.sweeps).toEqual([
      { name: 'load', at: 'flows[web].traffic.rate', values: ['60pps', '120pps', '240pps'] },
    ]);
    expect(c.runs).toHaveLength(2 * 3 * 2);
    // `sweep` right after `seed`, values as written.
    expect(Object.keys(c.runs[0]).slice(0, 6)).toEqual(['format', 'scenario', 'variant', 'policy', 'seed', 'sweep']);
    expect(c.runs.map((x) => x.sweep)).toEqual(
      [0, 1].flatMap(() => ['60pps', '120pps', '240pps'].flatMap((v) => [{ load: v }, { load: v }])),
    );
    expect(c.summary!.breakingPoints).toEqual([
      {
        variant: 'before',
        policy: 'shortest',
        class: 'realtime',
        sweep: 'load',
        holdsUpTo: '60pps',
        breaksAt: '120pps',
        failing: ['latency'],
      },
      {
        variant: 'after',
        policy: 'shortest',
        class: 'realtime',
        sweep: 'load',
        holdsUpTo: '240pps',
        breaksAt: null,
        failing: [],
      },
    ]);
    // Deltas pair cells at the same point.
    expect(c.summary!.deltas.map((d) => d.sweep)).toEqual([{ load: '60pps' }, { load: '120pps' }, { load: '240pps' }]);
    expect(r.stdout).toContain('2 variant(s) x 1 policy x 3 sweep point(s) (load: 60pps, 120pps, 240pps)');
    expect(r.stdout).toContain(
      'realtime: before holds up to 60pps, breaks at 120pps (latency); after holds up to 240pps',
    );
    // What hurts there: the class's top hot spot (where it waited, its share of its latency), then the busiest link.
    const why = r.stdout.split('\n').find((l) => l.includes('realtime, before @ load=120pps (latency): '))!;
    expect(why).toMatch(/: hot spot wan\/forward \([\d.]+ ms waiting, [\d.]+% of its latency\); /);
    expect(why).toMatch(/; busiest link wan\/forward \d+(\.\d+)?% busy/);
    // results.csv: one column per sweep, right after seed.
    const [header, ...rows] = parseCsv(readFileSync(join(out, 'results.csv'), 'utf8'));
    expect(header.slice(0, 6)).toEqual(['scenario', 'variant', 'policy', 'seed', 'sweep.load', 'class']);
    expect(new Set(rows.map((row) => row[4]))).toEqual(new Set(['60pps', '120pps', '240pps']));
    // The report answers first: where it hurts, then the curves.
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html.indexOf('id="hurts"')).toBeLessThan(html.indexOf('id="verdicts"'));
    expect(html.indexOf('id="sweep"')).toBeLessThan(html.indexOf('id="verdicts"'));
    expect(html).toContain('realtime: before holds up to 60pps, breaks at 120pps (latency)');
  });

  it('keeps common random numbers across points: the same seed sends the same traffic at every point', async () => {
    const out = outDir();
    // The bottleneck's rate changes nothing the sources draw: each web flow sends the same packets.
    const r = await cli(
      'compare',
      file,
      '--variants',
      'before',
      '--replications',
      '3',
      '--jobs',
      '1',
      '--out',
      out,
      '--sweep',
      'load=120pps',
      '--sweep',
      'links[wan].rate=2Mbps,3Mbps,8Mbps',
    );
    expect(r.code).toBe(0);
    const c = results(out);
    const sent = (rate: string) =>
      c.runs
        .filter((x) => (x.sweep as Record<string, string>)['links[wan].rate'] === rate)
        .map((x) => x.flows.web.sent);
    expect(sent('3Mbps')).toEqual(sent('2Mbps'));
    expect(sent('8Mbps')).toEqual(sent('2Mbps'));
    expect(new Set(sent('2Mbps')).size).toBe(3); // and the seeds do differ
    // What the load does to the bottleneck differs: its utilization falls as the rate grows.
    const util = (rate: string) =>
      c.runs.find((x) => (x.sweep as Record<string, string>)['links[wan].rate'] === rate)!.links.wan.forward
        .utilization;
    expect(util('2Mbps')).toBeGreaterThan(util('3Mbps'));
    expect(util('3Mbps')).toBeGreaterThan(util('8Mbps'));
  });

  it('merges the shards of a sweep into the same comparison as one run', async () => {
    const whole = outDir();
    const shards = outDir();
    const merged = outDir();
    const args = ['--replications', '2', '--jobs', '1', '--sweep', 'load=60pps,240pps', '--set', 'duration=2s'];
    expect((await cli('compare', file, ...args, '--out', whole)).code).toBe(0);
    for (const s of ['1/3', '2/3', '3/3'])
      expect((await cli('compare', file, ...args, '--shard', s, '--out', shards)).code).toBe(0);
    const parts = ['1', '2', '3'].map((i) => join(shards, `shard-${i}-of-3.json`));
    const m = await cli('merge', ...parts, '--out', merged);
    expect(m.stderr).toBe('');
    expect(m.code).toBe(0);
    expect(withoutWall(results(merged))).toBe(withoutWall(results(whole)));
    expect(results(whole).matrix.sets).toEqual([{ at: 'duration', value: '2s' }]);
    expect(m.stdout).toContain('Breaking points');
    // A shard's runs at the wrong points are refused.
    const tampered = JSON.parse(readFileSync(parts[0], 'utf8'));
    tampered.runs[0].sweep = { load: '240pps' };
    const bad = tempFile(JSON.stringify(tampered), '.json');
    const refused = await cli('merge', bad, parts[1], parts[2], '--out', outDir());
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/its runs are not the cells of shard 1\/3/);
  });
});

describe('sweep and --set mistakes exit 2 with the key path or flag', () => {
  const file = tempFile(SCENARIO);
  const cases: [string[], RegExp][] = [
    [
      // Not a sweep of the file, so a key path: one the scenario does not have.
      ['--sweep', 'lod=1,2'],
      /--sweep lod: lod: no such key \(expected one of: name, .*, sweep\)/,
    ],
    [['--sweep', 'lod[=1,2'], /--sweep lod\[: "lod\[" is neither a sweep of the file \(sweeps: load\) nor a key path/],
    [['--sweep', 'load='], /--sweep load: no values/],
    [['--sweep', 'load=60pps,60pps'], /--sweep load: value 2: "60pps" repeats values\[0\]/],
    [
      ['--sweep', 'links[wan].rate=2Mbps,5ms'],
      /--sweep links\[wan\]\.rate: value 2: "5ms" is a time, but values\[0\] is a bit rate/,
    ],
    [
      ['--sweep', 'links[wan].rate=0Mbps'],
      /--sweep links\[wan\]\.rate: links\[wan\]\.rate = "0Mbps": expected a bit rate greater than 0/,
    ],
    [
      ['--sweep', 'links[lan].rate=1Mbps'],
      /--sweep links\[lan\]\.rate: links has no element with id "lan"; did you mean "wan"\?/,
    ],
    [['--set', 'links[wan].rtae=1Mbps'], /--set links\[wan\]\.rtae: links\[wan\]\.rtae: no such key/],
    [['--set', 'seed=3'], /--set seed: use --seed to change the seed/],
    [['--set', 'duration'], /--set "duration": expected PATH=VALUE/],
    [['--sweep', 'load=60pps', '--set', 'flows[web].traffic.rate=10pps'], /one key, one value/],
  ];
  for (const [flags, message] of cases)
    it(flags.join(' '), async () => {
      const r = await cli('compare', file, '--replications', '1', '--jobs', '1', '--out', outDir(), ...flags);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    });

  it('a sweep block whose path names nothing, in the file: exit 2 at sweep.<name>.at with its line', async () => {
    const bad = tempFile(SCENARIO.replace('at: flows[web].traffic.rate', 'at: flows[webb].traffic.rate'));
    const r = await cli('compare', bad, '--replications', '1', '--jobs', '1', '--out', outDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/:\d+: sweep\.load\.at: flows has no element with id "webb"; did you mean "web"\?/);
    const v = await cli('validate', bad);
    expect(v.code).toBe(2);
    expect(v.stdout).toMatch(/sweep\.load\.at: flows has no element with id "webb"/);
  });

  it('netsim run --set sets a key for that run (and refuses one that names nothing)', async () => {
    const ok = await cli(
      'run',
      file,
      '--variant',
      'after',
      '--set',
      'duration=2s',
      '--set',
      'flows[web].traffic.rate=60pps',
      '--json',
    );
    expect(ok.code).toBe(0);
    const run = JSON.parse(ok.stdout);
    expect(run.simulated.seconds).toBe(4); // warmup 1s + duration 2s + drain 1s
    expect(run.sweep).toBeUndefined(); // a run is not a sweep point: the file's sweep block is not expanded
    const bad = await cli('run', file, '--set', 'nodes[x].users=3');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--set nodes\[x\]\.users: nodes has no element with id "x"/);
  });
});
