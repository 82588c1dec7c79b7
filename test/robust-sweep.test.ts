import { describe, expect, it } from 'vitest';
import { matrixCells, type MatrixSpec } from '../src/experiment/cells.js';
import { CellJournal } from '../src/experiment/journal.js';
import { cli, tempFile } from './helpers/scenario.js';

// Sweeps (issue 11) get issue 14's treatment: --sweep/--set values and the sweep block are bounded
// before any point is compiled or run, with messages that name the flag or key and quote values short;
// the resume journal keys every cell by its sweep point.
const SMALL = `name: small
duration: 1s
nodes: [{ id: a, kind: host }, { id: b, kind: host }]
links: [{ id: ab, from: a, to: b, rate: 2Mbps, delay: 1ms }]
flows: [{ id: f, from: a, to: b, traffic: { model: cbr, interval: 20ms, size: 100B } }]
`;
const range = (n: number, unit = '') => Array.from({ length: n }, (_, i) => `${i + 1}${unit}`).join(',');

describe('sweeps are bounded before anything is compiled or run', () => {
  const file = tempFile(SMALL);

  it('--sweep and --set: counts, repeats and odd keys are exit 2 naming the flag', async () => {
    const cases: [string[], RegExp][] = [
      [['--sweep', `flows[f].traffic.size=${range(1001, 'B')}`], /--sweep flows\[f\]\.traffic\.size: more than 1000/],
      [['--sweep', 'duration=1s,1s'], /--sweep duration: value 2: "1s" repeats values\[0\]/],
      [['--sweep', 'duration=1s', '--sweep', 'duration=2s'], /--sweep duration: given twice/],
      [['--sweep', '__proto__=1,2'], /--sweep __proto__: __proto__: no such key/],
      [['--set', '__proto__.x=1'], /--set __proto__\.x: the scenario has no key "__proto__"/],
      [[...'abcdefghi'.split('').flatMap((k) => ['--sweep', `${k}=1`])], /9 sweeps: at most 8 form a grid/],
      [['--sweep', 'duration=1000h'], /--sweep duration: duration = "1000h": .* more than the limit/],
      [['--set', 'flows[f].traffic.interval=1ns'], /about 2×10⁹ events .* the limit is 10⁹: pass --max-events/],
    ];
    for (const [flags, message] of cases) {
      const r = await cli('compare', file, '--replications', '2', '--jobs', '1', '--out', '/nonexistent/x', ...flags);
      expect(r.code, `${flags.join(' ')}: ${r.stdout}${r.stderr}`).toBe(2);
      expect(r.stdout + r.stderr, flags.join(' ')).toMatch(message);
    }
  });

  it('a long value is quoted short', async () => {
    const r = await cli('compare', file, '--jobs', '1', '--set', `duration=${'9'.repeat(5000)}s`);
    expect(r.code).toBe(2);
    const text = r.stdout + r.stderr;
    expect(text).toMatch(/--set duration: duration = "9{30,}\.\.\."/);
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThan(400);
  });

  it('a grid too large to compile, or too many runs, is refused before compiling the points', async () => {
    const sizes = range(10, 'B');
    const hosts = Array.from({ length: 500 }, (_, i) => `{ id: h${i}, kind: host }, `).join('');
    const big = tempFile(SMALL.replace('nodes: [', `nodes: [${hosts}`));
    const t0 = process.hrtime.bigint();
    const grid = await cli(
      'compare',
      big,
      '--replications',
      '2',
      '--sweep',
      `links[ab].delay=${range(1000, 'ms')}`,
      '--sweep',
      `flows[f].traffic.size=${sizes}`,
    );
    expect(grid.code, grid.stdout + grid.stderr).toBe(2);
    expect(grid.stdout + grid.stderr).toContain(
      '--sweep links[ab].delay: the sweep grid has 10000 points (links[ab].delay: 1000 x flows[f].traffic.size: 10) ' +
        'of a scenario of 504 nodes, links and flows: 5040000 elements to compile before the first run, ' +
        'more than 4000000',
    );
    const runs = await cli(
      'compare',
      file,
      '--replications',
      '300',
      '--sweep',
      `flows[f].traffic.size=${range(1000, 'B')}`,
    );
    expect(runs.code).toBe(2);
    expect(runs.stderr).toContain(
      'the matrix has 300000 runs (1 variant(s) x 1 policy x 1000 sweep point(s) x 300 replication(s)); at most 200000',
    );
    // Both answers come from the first point at most: well under the seconds 1,000 compiles take.
    expect(Number(process.hrtime.bigint() - t0) / 1e9).toBeLessThan(30);
  });
});

describe('the resume journal keys cells by their sweep point', () => {
  const spec: MatrixSpec = {
    variants: ['before', 'after'],
    policies: [null],
    seed: 1,
    replications: 2,
    sweeps: [{ name: 'users', at: 'nodes[home].users', values: [40, 80] }],
  };
  const identity = { netsim: '0.1.0', scenarioHash: 'sha256:x', modules: [] };
  const keys = (m: MatrixSpec) => {
    const j = new CellJournal('/nonexistent', { ...identity, matrix: m });
    return matrixCells(m).map((c) => j.key(c));
  };

  it('every cell has its own key; the same point at another key path or with other --set keys is another cell', () => {
    const k = keys(spec);
    expect(new Set(k).size).toBe(k.length);
    const moved = keys({ ...spec, sweeps: [{ name: 'users', at: 'nodes[office].users', values: [40, 80] }] });
    expect(moved.filter((x) => k.includes(x))).toEqual([]);
    const set = keys({ ...spec, sets: [{ at: 'duration', value: '10s' }] });
    expect(set.filter((x) => k.includes(x))).toEqual([]);
  });

  it('a point keeps its key when other values join the sweep (its runs are reused)', () => {
    const k = keys(spec);
    const wider = keys({ ...spec, sweeps: [{ name: 'users', at: 'nodes[home].users', values: [20, 40, 80] }] });
    expect(k.every((x) => wider.includes(x))).toBe(true);
  });
});
