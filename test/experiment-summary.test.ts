import { describe, expect, it } from 'vitest';
import { matrixCells, type MatrixSpec } from '../src/experiment/cells.js';
import { comparisonFile } from '../src/experiment/comparison.js';
import { mergeComparisons } from '../src/experiment/merge.js';
import { parseShard, shardCells, shardProblem } from '../src/experiment/shard.js';
import { summarizeMatrix } from '../src/experiment/summary.js';
import { beforeAfter, syntheticMatrix } from './experiment-fixtures.js';

const spec: MatrixSpec = {
  variants: ['before', 'after'],
  policies: ['shortest', 'class-aware'],
  seed: 1,
  replications: 6,
};
const runs = syntheticMatrix('remote-work', spec, beforeAfter);
const identity = { name: 'remote-work', hash: 'sha256:abc' };

describe('the matrix', () => {
  it('orders cells by variant, then policy, then seed, with the same seeds everywhere', () => {
    const cells = matrixCells({ variants: ['a', 'b'], policies: ['p', 'q'], seed: 5, replications: 2 });
    expect(cells.map((c) => `${c.variant}/${c.policy}/${c.seed}`)).toEqual([
      'a/p/5',
      'a/p/6',
      'a/q/5',
      'a/q/6',
      'b/p/5',
      'b/p/6',
      'b/q/5',
      'b/q/6',
    ]);
    expect(cells.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(() => matrixCells({ variants: ['a'], policies: ['p'], seed: 1, replications: 0 })).toThrow(/replications/);
    expect(() => matrixCells({ variants: ['a', 'a'], policies: ['p'], seed: 1, replications: 1 })).toThrow(/repeated/);
    expect(() => matrixCells({ variants: ['a'], policies: ['p'], seed: 1, replications: 10_001 })).toThrow(
      /replications must be at most 10000/,
    );
    // The product is bounded before any cell is listed (a sweep of 1,000 x 1,000 points was an out-of-memory).
    const big = { name: 'x', at: 'duration', values: Array.from({ length: 1000 }, (_, i) => i) };
    expect(() =>
      matrixCells({
        variants: ['a', 'b'],
        policies: ['p'],
        seed: 1,
        replications: 200,
        sweeps: [big],
      }),
    ).toThrow(
      /the matrix has 400000 runs \(2 variant\(s\) x 1 policy x 1000 sweep point\(s\) x 200 replication\(s\)\)/,
    );
  });

  it('shards partition the cells, interleaved', () => {
    const cells = matrixCells(spec);
    const shards = [1, 2, 3, 4, 5].map((i) => shardCells(cells, parseShard(`${i}/5`)));
    expect(
      shards
        .flat()
        .map((c) => c.index)
        .sort((a, b) => a - b),
    ).toEqual(cells.map((c) => c.index));
    expect(shards.map((s) => s.length)).toEqual([5, 5, 5, 5, 4]);
    expect(shards[1].map((c) => c.index)).toEqual([1, 6, 11, 16, 21]);
    expect(() => parseShard('0/4')).toThrow(/1 <= i <= n/);
    expect(() => parseShard('5/4')).toThrow(/1 <= i <= n/);
    expect(() => parseShard('two')).toThrow(/expected i\/n/);
    // The limit is parseShard's own (one check for the flag and for a shard file's shard, shardProblem).
    expect(parseShard('100000/100000')).toEqual({ index: 100000, count: 100000 });
    expect(() => parseShard('1/100001')).toThrow(/--shard: expected i\/n with 1 <= i <= n <= 100000, e.g. 2\/8/);
    expect(shardProblem(3, 2)).toMatch(/1 <= i <= n/);
    expect(shardProblem(2, 3)).toBeNull();
  });
});

describe('the summary', () => {
  const s = summarizeMatrix(spec, runs);

  it('estimates every class and metric per cell', () => {
    expect(s.seeds).toEqual([1, 2, 3, 4, 5, 6]);
    expect(s.classes).toEqual(['realtime', 'bulk']);
    expect(s.cells.map((c) => `${c.variant}/${c.policy}`)).toEqual([
      'before/shortest',
      'before/class-aware',
      'after/shortest',
      'after/class-aware',
    ]);
    const rt = s.cells[0].classes.realtime.metrics['latencyMs.mean'];
    const values = runs.slice(0, 6).map((r) => r.classes.realtime.latencyMs.mean!);
    expect(rt.n).toBe(6);
    expect(rt.mean).toBeCloseTo(values.reduce((a, b) => a + b) / 6, 8);
    expect(rt.low! < rt.mean! && rt.mean! < rt.high!).toBe(true);
    // The synthetic latency is 40 ms +-10% noise: the interval must be near it.
    expect(Math.abs(rt.mean! - 40)).toBeLessThan(6);
  });

  it('pairs deltas by seed: after - before per policy, then class-aware - shortest per variant', () => {
    expect(s.deltas.map((d) => `${d.kind}:${d.to.variant}/${d.to.policy}-${d.from.variant}/${d.from.policy}`)).toEqual([
      'variant:after/shortest-before/shortest',
      'variant:after/class-aware-before/class-aware',
      'policy:before/class-aware-before/shortest',
      'policy:after/class-aware-after/shortest',
    ]);
    const d = s.deltas[0].classes;
    // after halves realtime latency: about -20 ms; common noise cancels in the pairs, so the interval is tight.
    const diffs = [0, 1, 2, 3, 4, 5].map(
      (i) => runs[12 + i].classes.realtime.latencyMs.mean! - runs[i].classes.realtime.latencyMs.mean!,
    );
    expect(d.realtime['latencyMs.mean'].mean!).toBeCloseTo(diffs.reduce((a, b) => a + b) / 6, 8);
    expect(Math.abs(d.realtime['latencyMs.mean'].mean! + 20)).toBeLessThan(2);
    expect(d.realtime['latencyMs.mean'].verdict).toBe('better');
    expect(d.realtime['latencyMs.mean'].relative!).toBeCloseTo(-0.5, 1);
    expect(d.realtime.lossRatio.verdict).toBe('better');
    expect(d.realtime.throughputBps.verdict).toBe('no significant change');
    expect(d.bulk.throughputBps.verdict).toBe('better');
    // Paired: narrower than the interval of either side alone (the common noise cancels in part).
    const paired = d.realtime['latencyMs.mean'].high! - d.realtime['latencyMs.mean'].low!;
    const unpaired =
      s.cells[0].classes.realtime.metrics['latencyMs.mean'].high! -
      s.cells[0].classes.realtime.metrics['latencyMs.mean'].low!;
    expect(paired).toBeLessThan(unpaired / 1.5);
    const policy = s.deltas[2].classes;
    expect(policy.realtime['latencyMs.p99'].verdict).toBe('better');
    expect(policy.bulk['latencyMs.p99'].verdict).toBe('worse');
    expect(policy.bulk.throughputBps.verdict).toBe('worse');
  });

  it('counts SLA pass rates and averages CDFs', () => {
    // realtime p99 ~ 40 * (0.5 + 0.5 * 4.6) = 112 ms before (target 150): met in every run.
    expect(s.cells[0].classes.realtime.sla).toEqual({ runs: 6, met: 6, rate: 1, latency: 1 });
    expect(s.cells[0].classes.bulk.sla).toBeNull();
    const cdf = s.cells[0].classes.realtime.latencyCdfMs!;
    expect(cdf[cdf.length - 1][1]).toBe(1);
    for (let i = 1; i < cdf.length; i++) {
      expect(cdf[i][0]).toBeGreaterThan(cdf[i - 1][0]);
      expect(cdf[i][1]).toBeGreaterThanOrEqual(cdf[i - 1][1]);
    }
    expect(s.cells[0].links['isp-gw'].forward.mean!).toBeCloseTo(0.7, 1);
  });

  it('ranks policies: SLA pass rate, then significant wins minus losses', () => {
    for (const r of s.ranking) {
      expect(r.policies.map((p) => p.policy).sort()).toEqual(['class-aware', 'shortest']);
      const [a, b] = r.policies;
      expect(a.wins + b.wins).toBe(a.losses + b.losses);
      expect(a.wins - a.losses).toBeGreaterThanOrEqual(b.wins - b.losses);
      expect(a.rank).toBe(1);
    }
    const tied = summarizeMatrix(
      { ...spec, variants: ['x'] },
      syntheticMatrix('t', { ...spec, variants: ['x'] }, () => ({
        c: { latencyMs: 10, lossRatio: 0, throughputBps: 1e6 },
      })),
    );
    expect(tied.ranking[0].policies.map((p) => [p.policy, p.rank])).toEqual([
      ['shortest', 1],
      ['class-aware', 1],
    ]);
  });
});

describe('shard files and merge', () => {
  const cells = matrixCells(spec);
  const shardFile = (i: number, n: number, patch: object = {}) => ({
    path: `shard-${i}-of-${n}.json`,
    data: {
      ...comparisonFile(
        identity,
        spec,
        { index: i, count: n },
        shardCells(cells, { index: i, count: n }).map((c) => runs[c.index]),
      ),
      ...patch,
    },
  });

  it('merges shards, in any order, into the single-run comparison', () => {
    const whole = comparisonFile(identity, spec, null, runs);
    expect(shardFile(1, 3).data.summary).toBeUndefined();
    const merged = mergeComparisons([shardFile(3, 3), shardFile(1, 3), shardFile(2, 3)]);
    expect(JSON.stringify(merged)).toBe(JSON.stringify(whole));
    expect(JSON.stringify(mergeComparisons([{ path: 'all.json', data: whole }]))).toBe(JSON.stringify(whole));
  });

  it('refuses mismatched, repeated, missing or foreign files with a clear message', () => {
    expect(() => mergeComparisons([shardFile(1, 2), shardFile(2, 2, { netsim: '9.9.9' })])).toThrow(
      /shard-2-of-2.json: netsim version "9.9.9" differs from "[^"]+" in shard-1-of-2.json/,
    );
    expect(() =>
      mergeComparisons([shardFile(1, 2), shardFile(2, 2, { scenario: { name: 'other', hash: 'sha256:abc' } })]),
    ).toThrow(/scenario \(scenario\.name\) "other" differs/);
    expect(() =>
      mergeComparisons([shardFile(1, 2), shardFile(2, 2, { scenario: { name: 'remote-work', hash: 'sha256:def' } })]),
    ).toThrow(/scenario content \(scenario\.hash\)/);
    expect(() =>
      mergeComparisons([shardFile(1, 2), shardFile(2, 2, { matrix: { ...spec, replications: 7 } })]),
    ).toThrow(/replications \(matrix\.replications\) 7 differs from 6/);
    expect(() => mergeComparisons([shardFile(1, 2), shardFile(1, 2)])).toThrow(/shard 1\/2 is also in/);
    expect(() => mergeComparisons([shardFile(1, 3), shardFile(3, 3)])).toThrow(/missing shard 2\/3/);
    expect(() => mergeComparisons([shardFile(1, 2), shardFile(2, 3)])).toThrow(/shard count/);
    expect(() => mergeComparisons([{ path: 'x.json', data: { format: 'netsim-result/1' } }])).toThrow(
      /x.json: not a netsim results file/,
    );
    const edited = shardFile(2, 2);
    edited.data.runs = edited.data.runs.slice(1);
    expect(() => mergeComparisons([shardFile(1, 2), edited])).toThrow(/not the cells of shard 2\/2/);
  });
});
