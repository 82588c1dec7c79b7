import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { compareScenario } from '../src/experiment/compare.js';
import type { ComparisonFile } from '../src/experiment/comparison.js';
import { ExperimentError } from '../src/experiment/errors.js';
import { mergeComparisons, type LoadedFile } from '../src/experiment/merge.js';
import { comparisonTable, reportHtml, resultRows, toCsv } from '../src/report/index.js';
import { breakingPointSummary } from '../src/report/capacity-text.js';
import { delaySummary } from '../src/report/delay-text.js';
import { timeseriesRows } from '../src/report/timeseries-csv.js';
import { formatPath } from '../src/spec/key-path.js';
import { cli, tempFile } from './helpers/scenario.js';

// Shard files are untrusted input (issue 14, item 5): an edited, truncated or foreign shard given to
// `netsim merge` is refused with the file, the key path and what was expected (exit 2), never an
// internal error; and whatever the schema lets through must merge and render.
const SCENARIO = `name: merge-robust
duration: 1s
drain: 0.5s
classes:
  realtime: { dscp: EF, priority: 0, sla: { latency: 50ms } }
nodes:
  - { id: a, kind: host }
  - { id: b, kind: host }
links:
  - { id: ab, from: a, to: b, rate: 2Mbps, delay: 5ms }
flows:
  - { id: voice, from: a, to: b, class: realtime, traffic: { model: cbr, interval: 20ms, size: 200B } }
  - { id: load, from: a, to: b, traffic: { model: poisson, rate: 100pps, size: 1200B } }
failures:
  - { at: 0.5s, link: ab, for: 0.25s }
variants:
  before: {}
  after:
    links:
      - { id: ab, rate: 4Mbps }
sweep:
  load: { at: "flows[load].traffic.rate", values: [100pps, 200pps] }
`;

const file = tempFile(SCENARIO);
// Every run records a time series (6 windows of 0.25 s, the failure among its events): shards carry it, the merge
// and the report read it, so it is untrusted input too.
const TIMESERIES = 0.25;
let shards: ComparisonFile[] = [];
let unsharded: ComparisonFile;

beforeAll(async () => {
  [unsharded, ...shards] = await Promise.all([
    compareScenario(file, { replications: 2, jobs: 1, timeseries: TIMESERIES }),
    ...[1, 2].map((index) =>
      compareScenario(file, { replications: 2, jobs: 1, timeseries: TIMESERIES, shard: { index, count: 2 } }),
    ),
  ]);
}, 120_000);

/** Run `i`'s time series (every run of these shards has one). */
const series = (d: ComparisonFile, i: number) => d.runs[i].timeseries!;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const loaded = (data: unknown, index: number): LoadedFile => ({ path: `sh/shard-${index}-of-2.json`, data });

/** Merges, then renders everything the CLI writes from the merge: a problem anywhere shows here. */
function mergeAndRender(files: LoadedFile[]): void {
  const merged = mergeComparisons(files);
  comparisonTable(merged);
  delaySummary(merged);
  breakingPointSummary(merged);
  const { header, rows } = resultRows(merged.runs);
  toCsv(header, rows);
  const series = timeseriesRows(merged.runs);
  if (series) toCsv(series.header, series.rows);
  reportHtml(merged);
}

/** Every key path of a JSON value (objects and arrays), depth first; arrays sampled at their first two items. */
function keyPaths(v: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(v)) {
    v.slice(0, 2).forEach((x, i) => {
      out.push([...path, i]);
      keyPaths(x, [...path, i], out);
    });
  } else if (typeof v === 'object' && v !== null) {
    for (const k of Object.keys(v)) {
      out.push([...path, k]);
      keyPaths((v as Record<string, unknown>)[k], [...path, k], out);
    }
  }
  return out;
}

const REPLACEMENTS: unknown[] = [undefined, null, 'x', -1, 0, 1.5, 1e300, true, [], {}, [null], { x: 1 }];

function edited(data: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = clone(data);
  let at = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(at)) at.splice(last as number, 1);
    else delete at[last];
  } else at[last] = clone(value);
  return copy;
}

describe('netsim merge: shard files are untrusted input', () => {
  it('the two shards merge and render (the baseline of the edits below)', () => {
    expect(() => mergeAndRender([loaded(shards[0], 1), loaded(shards[1], 2)])).not.toThrow();
  });

  it('the merged shards, time series included, equal the unsharded comparison', () => {
    const merged = mergeComparisons([loaded(shards[0], 1), loaded(shards[1], 2)]);
    const noWall = (c: ComparisonFile) => c.runs.map((r) => ({ ...r, wall: null }));
    expect(merged.runs).toHaveLength(8);
    expect(merged.runs.every((r) => r.timeseries?.t.length === 6 && r.timeseries.events.length === 2)).toBe(true);
    expect(noWall(merged)).toEqual(noWall(unsharded));
  });

  it('every key of a shard deleted or retyped: merged and rendered, or an ExperimentError naming the file', () => {
    const paths = keyPaths(shards[0]);
    expect(paths.length).toBeGreaterThan(100);
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.constantFrom(...REPLACEMENTS), fc.boolean(), (path, value, second) => {
        const files = [loaded(shards[0], 1), loaded(shards[1], 2)];
        const k = second ? 1 : 0;
        files[k] = loaded(edited(shards[k], path, value), k + 1);
        try {
          mergeAndRender(files);
        } catch (e) {
          if (!(e instanceof ExperimentError)) throw e;
          expect(e.message).toContain(files[k].path);
          expect(e.message.length).toBeLessThan(3000);
          // and the key path edited, to its second level (`runs[0]`, `matrix.sweeps`, `shard.count`): the message
          // may name a deeper key (what the schema found under it) or the run the edited matrix no longer
          // matches, with that matrix key; a removed list item is named by its list (`runs`: a run is missing).
          const named = value === undefined && typeof path[path.length - 1] === 'number' ? path.slice(0, -1) : path;
          expect(e.message).toContain(formatPath(named.slice(0, 2)));
        }
      }),
      { numRuns: process.env.CI ? 400 : 1500, seed: 14 },
    );
  });

  it('the CLI: each edit of the issue is exit 2 with the file and key path, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netsim-merge-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const good = join(dir, 'shard-2-of-2.json');
    writeFileSync(good, JSON.stringify(shards[1]));
    const cases: [string, (d: ComparisonFile & Record<string, unknown>) => void, RegExp][] = [
      ['a run is null', (d) => ((d.runs as unknown[])[0] = null), /runs\[0\]: expected a map, got null/],
      ['a run lacks classes', (d) => delete (d.runs[0] as Partial<(typeof d.runs)[0]>).classes, /runs\[0\]\.classes/],
      ['no matrix.policies', (d) => delete (d.matrix as { policies?: unknown }).policies, /matrix\.policies/],
      ['matrix.variants null', (d) => ((d.matrix as { variants: unknown }).variants = null), /matrix\.variants/],
      [
        'a class is null',
        (d) => ((d.runs[0].classes as Record<string, unknown>).realtime = null),
        /runs\[0\]\.classes\.realtime/,
      ],
      ['sla is null', (d) => ((d.runs[0] as { sla: unknown }).sla = null), /runs\[0\]\.sla/],
      [
        'replications 1e9',
        (d) => ((d.matrix as { replications: number }).replications = 1e9),
        /matrix\.replications: .*10000/,
      ],
      ['flows is null', (d) => ((d.runs[0] as { flows: unknown }).flows = null), /runs\[0\]\.flows/],
      [
        'a delay part retyped',
        (d) => ((d.runs[0].classes.realtime as { delayMs: { queueing: unknown } }).delayMs.queueing = 'x'),
        /runs\[0\]\.classes\.realtime\.delayMs\.queueing/,
      ],
      [
        'a hot spot without its place',
        (d) => delete (d.runs[0].classes.realtime as { hotspots: { at?: string }[] }).hotspots[0].at,
        /runs\[0\]\.classes\.realtime\.hotspots\[0\]\.at/,
      ],
      ['a NaN in disguise', (d) => ((d.runs[0].classes.realtime as { sent: unknown }).sent = 'NaN'), /sent/],
      // The time series (the report indexes every series by window and adds them up).
      [
        'a class series shortened',
        (d) => series(d, 2).classes.realtime.latencyP99Ms.pop(),
        /runs\[2\]\.timeseries\.classes\.realtime\.latencyP99Ms: expected 6 values \(one per window of `t`\), got 5/,
      ],
      [
        // An id "__proto__" is in the schema's parsed copy (id-record.ts): the window refinement checks its series.
        'a series of a class named __proto__ shortened',
        (d) => {
          const classes = series(d, 2).classes;
          const windows = classes.realtime;
          windows.latencyP99Ms.pop();
          delete classes.realtime;
          Object.defineProperty(classes, '__proto__', { value: windows, enumerable: true });
        },
        /runs\[2\]\.timeseries\.classes.*__proto__.*\.latencyP99Ms: expected 6 values \(one per window of `t`\), got 5/,
      ],
      [
        'a link series shortened',
        (d) => series(d, 0).links['ab/forward'].utilization.splice(1),
        /runs\[0\]\.timeseries\.links\["ab\/forward"\]\.utilization: expected 6 values .*got 1/,
      ],
      [
        'a window value retyped',
        (d) => ((series(d, 1).classes.realtime.received as unknown[])[4] = '12'),
        /runs\[1\]\.timeseries\.classes\.realtime\.received\[4\]: expected a number, got "12"/,
      ],
      [
        'the window removed',
        (d) => delete (series(d, 0) as { window?: number }).window,
        /runs\[0\]\.timeseries\.window/,
      ],
      [
        'a window start removed',
        (d) => series(d, 3).t.splice(2, 1),
        /runs\[3\]\.timeseries\.t: expected 6 window starts \(every series has 6 windows\), got 5/,
      ],
      [
        'windows out of order',
        (d) => series(d, 0).t.reverse(),
        /runs\[0\]\.timeseries\.t\[1\]: expected window starts in increasing order/,
      ],
      [
        'a negative count',
        (d) => (series(d, 0).classes.realtime.lost[3] = -1),
        /runs\[0\]\.timeseries\.classes\.realtime\.lost\[3\]: .*-1/,
      ],
      ['a null received', (d) => ((series(d, 0).classes.realtime.received as unknown[])[0] = null), /received\[0\]/],
      [
        'a failure of nothing',
        (d) => delete series(d, 0).events[0].link,
        /runs\[0\]\.timeseries\.events\[0\]: expected exactly one of `link` and `node`/,
      ],
      [
        'a series of a string',
        (d) => ((series(d, 0).classes.realtime as { extra?: unknown }).extra = 'x'),
        /realtime\.extra: expected a list, got "x"/,
      ],
      // A mistyped `t` or series is a type error alone: the window checks (which index them) do not run on it.
      [
        'window starts of a string',
        (d) => ((series(d, 0) as { t: unknown }).t = 'x'),
        /timeseries\.t: expected a list, got "x"/,
      ],
      [
        'a link series of a number',
        (d) => ((series(d, 0).links['ab/forward'] as { drops: unknown }).drops = 3),
        /links\["ab\/forward"\]\.drops: expected a list, got 3/,
      ],
    ];
    for (const [what, edit, where] of cases) {
      const data = clone(shards[0]) as ComparisonFile & Record<string, unknown>;
      edit(data);
      const bad = join(dir, 'shard-1-of-2.json');
      writeFileSync(bad, JSON.stringify(data));
      const out = join(dir, 'out');
      const r = await cli('merge', bad, good, '--out', out);
      expect(r.code, `${what}: ${r.stdout}${r.stderr}`).toBe(2);
      expect(r.stderr, what).toContain(bad);
      expect(r.stderr, what).toMatch(where);
      expect(r.stderr, what).not.toMatch(/TypeError|Cannot read|at .*\.js:\d+/);
      expect(() => readFileSync(join(out, 'results.json')), what).toThrow();
    }
  }, 120_000);

  it('a flow id "__proto__" (an own key after JSON.parse, which zod records skip) is checked like any other', () => {
    const d = clone(shards[0]);
    d.runs[0].flows.voice.sent = -1;
    // The first "voice" map key of the file is runs[0].flows.voice: renamed, it is an own key `__proto__`.
    const named = JSON.parse(JSON.stringify(d).replace('"voice":{', '"__proto__":{'));
    expect(Object.hasOwn(named.runs[0].flows, '__proto__')).toBe(true);
    expect(() => mergeComparisons([loaded(named, 1), loaded(shards[1], 2)])).toThrow(
      /^sh\/shard-1-of-2\.json: runs\[0\]\.flows.*__proto__.*\.sent: /,
    );
  });

  it('the topology maps keyed by node ids check a key "__proto__" too (owners, kinds, users at each point)', () => {
    for (const map of ['owners', 'kinds'] as const) {
      const d = clone(shards[0]);
      const shape = Object.values(d.topology!)[0];
      // A node's owner or kind must be a string: the picture draws it as a node id.
      Object.defineProperty(shape[map], '__proto__', { value: 5, enumerable: true });
      const named = JSON.parse(JSON.stringify(d));
      expect(() => mergeComparisons([loaded(named, 1), loaded(shards[1], 2)])).toThrow(
        new RegExp(`^sh/shard-1-of-2\\.json: topology\\.\\w+\\.${map}.*__proto__.*: expected a string, got 5`),
      );
    }
    const d = clone(shards[0]);
    const shape = Object.values(d.topology!)[0];
    const users = {};
    Object.defineProperty(users, '__proto__', { value: -3, enumerable: true });
    shape.usersAt = [users, {}];
    expect(() => mergeComparisons([loaded(JSON.parse(JSON.stringify(d)), 1), loaded(shards[1], 2)])).toThrow(
      /^sh\/shard-1-of-2\.json: topology\.\w+\.usersAt\[0\].*__proto__.*-3/,
    );
  });

  it('shards of another scenario, seed or sweep are refused with the reason', () => {
    const other = (edit: (d: ComparisonFile) => void) => {
      const d = clone(shards[1]);
      edit(d);
      return () => mergeComparisons([loaded(shards[0], 1), loaded(d, 2)]);
    };
    expect(other((d) => (d.scenario.hash = 'sha256:' + '0'.repeat(64)))).toThrow(/scenario content \(scenario\.hash\)/);
    expect(other((d) => (d.matrix.seed += 1))).toThrow(/first seed \(matrix\.seed\) \d+ differs from \d+/);
    expect(other((d) => (d.matrix.sweeps![0].values = ['100pps', '300pps']))).toThrow(
      /sweeps \(matrix\.sweeps\) .*300pps.* differs from .*200pps/,
    );
    expect(other((d) => (d.runs[0].seed += 100))).toThrow(/runs\[0\]\.seed is \d+, expected \d+/);
    expect(other((d) => (d.shard = { index: 3, count: 2 }))).toThrow(
      /shard 3\/2 \(shard\.index\/count\): expected i\/n with 1 <= i <= n <= 100000/,
    );
    // Each matrix field within its schema bounds, their combination not: still the file's name.
    const both = (edit: (d: ComparisonFile) => void) => {
      const d = clone(shards[0]);
      edit(d);
      return () => mergeComparisons([loaded(d, 1), loaded(shards[1], 2)]);
    };
    expect(both((d) => (d.matrix.variants = [d.matrix.variants[0], d.matrix.variants[0]]))).toThrow(
      /^sh\/shard-1-of-2\.json: matrix: variants are repeated/,
    );
  });
});
