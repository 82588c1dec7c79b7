import { describe, expect, it } from 'vitest';
import {
  breakingPoints,
  cellVerdicts,
  failingTargets,
  pointHolds,
  type CellVerdicts,
  type SweepAxis,
  type SweptRun,
} from '../src/experiment/breaking-points.js';
import type { SlaVerdict } from '../src/metrics/index.js';
import { breakingPointLines, unitWord } from '../src/report/breaking-points.js';

/** `n` replications, of which `fail` failed the given targets (the others met everything). */
function verdicts(n: number, fail: number, failed: Array<'latency' | 'jitter' | 'loss'> = ['loss']): SlaVerdict[] {
  return Array.from({ length: n }, (_, i) => {
    const v: SlaVerdict = { latency: true, jitter: true, loss: true, met: true };
    if (i < fail) for (const t of failed) v[t] = false;
    v.met = v.latency !== false && v.jitter !== false && v.loss !== false;
    return v;
  });
}

const USERS: SweepAxis = { name: 'users', values: [40, 80, 120, 160, 320, 640] };

/** One class over the users sweep: replications failing per point. */
function series(variant: string, failures: number[], failed?: Array<'latency' | 'jitter' | 'loss'>): CellVerdicts[] {
  return USERS.values.map((users, i) => ({
    variant,
    policy: null,
    sweep: { users },
    class: 'realtime',
    verdicts: verdicts(10, failures[i], failed),
  }));
}

describe('breaking points', () => {
  it('a point holds when every target was met in at least 90% of replications', () => {
    expect(pointHolds(verdicts(10, 1))).toBe(true); // 9 of 10: exactly 90%
    expect(pointHolds(verdicts(10, 2))).toBe(false);
    expect(pointHolds(verdicts(20, 2))).toBe(true);
    expect(pointHolds(verdicts(20, 3))).toBe(false);
    expect(pointHolds(verdicts(3, 1))).toBe(false); // 2 of 3 < 90%: with 3 replications, one failure breaks
    expect(() => pointHolds([])).toThrow(/no replications/);
  });

  it('names the targets that failed, in the order latency, jitter, loss', () => {
    expect(failingTargets(verdicts(10, 5, ['loss', 'latency']))).toEqual(['latency', 'loss']);
    // Each target failed in only 1 of 10 replications, but not in the same ones: every target met
    // in 90%, all of them together in 80%. The point breaks; failing names each target that failed.
    const mixed = verdicts(10, 0);
    mixed[0] = { ...mixed[0], latency: false, met: false };
    mixed[1] = { ...mixed[1], jitter: false, met: false };
    expect(pointHolds(mixed)).toBe(false);
    expect(failingTargets(mixed)).toEqual(['latency', 'jitter']);
    // A target that is not judged is never failing.
    expect(failingTargets([{ loss: false, met: false }])).toEqual(['loss']);
  });

  it('holds up to the last point before the first that breaks; null when the first breaks or none does', () => {
    const cells = [
      ...series('before', [0, 1, 0, 8, 10, 10]),
      ...series('after', [0, 0, 0, 0, 0, 1]),
      ...series('worst', [2, 10, 10, 10, 10, 10], ['latency']),
      // Breaks at 160, holds again at 320: the first break counts (holds up to 120).
      ...series('erratic', [0, 0, 0, 3, 0, 0], ['jitter', 'loss']),
    ];
    expect(breakingPoints([USERS], cells)).toEqual([
      {
        variant: 'before',
        policy: null,
        class: 'realtime',
        sweep: 'users',
        holdsUpTo: 120,
        breaksAt: 160,
        failing: ['loss'],
      },
      {
        variant: 'after',
        policy: null,
        class: 'realtime',
        sweep: 'users',
        holdsUpTo: 640,
        breaksAt: null,
        failing: [],
      },
      {
        variant: 'worst',
        policy: null,
        class: 'realtime',
        sweep: 'users',
        holdsUpTo: null,
        breaksAt: 40,
        failing: ['latency'],
      },
      {
        variant: 'erratic',
        policy: null,
        class: 'realtime',
        sweep: 'users',
        holdsUpTo: 120,
        breaksAt: 160,
        failing: ['jitter', 'loss'],
      },
    ]);
  });

  it('takes the values in the order the sweep lists them (capacity from large to small)', () => {
    const wan: SweepAxis = { name: 'wan', values: ['1Gbps', '300Mbps', '100Mbps'] };
    const cells = wan.values.map((v, i) => ({
      variant: null,
      policy: 'shortest',
      sweep: { wan: v },
      class: 'bulk',
      verdicts: verdicts(4, i === 2 ? 4 : 0, ['latency']),
    }));
    expect(breakingPoints([wan], cells)).toEqual([
      {
        variant: null,
        policy: 'shortest',
        class: 'bulk',
        sweep: 'wan',
        holdsUpTo: '300Mbps',
        breaksAt: '100Mbps',
        failing: ['latency'],
      },
    ]);
  });

  it('in a grid, finds the breaking point along each sweep at every value of the others, and says which', () => {
    const wan: SweepAxis = { name: 'wan', values: ['300Mbps', '1Gbps'] };
    // The class breaks where users > capacity / 2.5 Mbps: at 160 users on 300 Mbps, never on 1 Gbps.
    const cells: CellVerdicts[] = [];
    for (const w of wan.values)
      for (const users of USERS.values) {
        const capacity = w === '1Gbps' ? 1000 : 300;
        cells.push({
          variant: 'before',
          policy: null,
          sweep: { users, wan: w },
          class: 'realtime',
          verdicts: verdicts(10, users * 2.5 > capacity ? 10 : 0),
        });
      }
    const points = breakingPoints([USERS, wan], cells);
    expect(points).toEqual([
      {
        variant: 'before',
        policy: null,
        class: 'realtime',
        sweep: 'users',
        holdsUpTo: 120,
        breaksAt: 160,
        failing: ['loss'],
        at: { wan: '300Mbps' },
      },
      {
        variant: 'before',
        policy: null,
        class: 'realtime',
        sweep: 'users',
        holdsUpTo: 320,
        breaksAt: 640,
        failing: ['loss'],
        at: { wan: '1Gbps' },
      },
      {
        variant: 'before',
        policy: null,
        class: 'realtime',
        sweep: 'wan',
        holdsUpTo: '1Gbps',
        breaksAt: null,
        failing: [],
        at: { users: 40 },
      },
      {
        variant: 'before',
        policy: null,
        class: 'realtime',
        sweep: 'wan',
        holdsUpTo: '1Gbps',
        breaksAt: null,
        failing: [],
        at: { users: 80 },
      },
      {
        variant: 'before',
        policy: null,
        class: 'realtime',
        sweep: 'wan',
        holdsUpTo: '1Gbps',
        breaksAt: null,
        failing: [],
        at: { users: 120 },
      },
      {
        variant: 'before',
        policy: null,
        class: 'realtime',
        sweep: 'wan',
        holdsUpTo: null,
        breaksAt: '300Mbps',
        failing: ['loss'],
        at: { users: 160 },
      },
      {
        variant: 'before',
        policy: null,
        class: 'realtime',
        sweep: 'wan',
        holdsUpTo: null,
        breaksAt: '300Mbps',
        failing: ['loss'],
        at: { users: 320 },
      },
      {
        variant: 'before',
        policy: null,
        class: 'realtime',
        sweep: 'wan',
        holdsUpTo: null,
        breaksAt: '300Mbps',
        failing: ['loss'],
        at: { users: 640 },
      },
    ]);
    expect(
      breakingPointLines(points, [
        { name: 'users', at: 'nodes[home].users' },
        { name: 'wan', at: 'links[wan].rate' },
      ]).slice(0, 3),
    ).toEqual([
      'realtime along users (wan = 300Mbps): before holds up to 120 users, breaks at 160 (loss)',
      'realtime along users (wan = 1Gbps): before holds up to 320 users, breaks at 640 (loss)',
      'realtime along wan (users = 40): before holds up to 1Gbps',
    ]);
  });

  it('needs every point of the grid, and only its values', () => {
    const cells = series('before', [0, 0, 0, 0, 0, 0]);
    expect(() => breakingPoints([USERS], cells.slice(1))).toThrow(
      /no runs of before\/scenario policy, class realtime, at users = 40: every point of the grid is needed/,
    );
    expect(() => breakingPoints([USERS], [...cells, { ...cells[0], sweep: { users: 41 } }])).toThrow(
      /not a value of the sweep/,
    );
    expect(() => breakingPoints([USERS], [...cells, cells[0]])).toThrow(/two cells/);
  });
});

describe('breaking points from runs', () => {
  it('groups verdicts by variant, policy, point and class, and leaves out classes that sent nothing', () => {
    const run = (variant: string, users: number, met: boolean, idleSent = 0): SweptRun => ({
      variant,
      policy: 'shortest',
      sweep: { users },
      sla: { realtime: { loss: met, met }, idle: { latency: true, met: true } },
      classes: { realtime: { sent: 10 }, idle: { sent: idleSent } } as unknown as SweptRun['classes'],
    });
    const axis: SweepAxis = { name: 'users', values: [40, 80] };
    const runs = [run('before', 40, true), run('before', 40, true), run('before', 80, false), run('before', 80, true)];
    const cells = cellVerdicts(axis ? [axis] : [], runs);
    expect(cells.map((c) => [c.variant, c.sweep.users, c.class, c.verdicts.map((v) => v.met)])).toEqual([
      ['before', 40, 'realtime', [true, true]],
      ['before', 80, 'realtime', [false, true]],
    ]);
    expect(breakingPoints([axis], cells)).toEqual([
      {
        variant: 'before',
        policy: 'shortest',
        class: 'realtime',
        sweep: 'users',
        holdsUpTo: 40,
        breaksAt: 80,
        failing: ['loss'],
      },
    ]);
    // A class that sent in some run is kept everywhere, idle points included.
    expect(cellVerdicts([axis], [...runs, run('before', 80, true, 5)]).map((c) => c.class)).toContain('idle');
  });
});

describe('breaking points in words', () => {
  it('prints the line the terminal shows', () => {
    const points = breakingPoints(
      [USERS],
      [...series('before', [0, 0, 0, 10, 10, 10]), ...series('after', [0, 0, 0, 0, 0, 0])],
    );
    expect(breakingPointLines(points, [{ name: 'users', at: 'nodes[home].users' }])).toEqual([
      'realtime: before holds up to 120 users, breaks at 160 (loss); after holds up to 640',
    ]);
  });

  it('prints values with units as given, labels policies when several, and says when the first point breaks', () => {
    const pts = [
      {
        variant: 'before',
        policy: 'shortest',
        class: 'realtime',
        sweep: 'wan',
        holdsUpTo: null,
        breaksAt: '1Gbps',
        failing: ['latency', 'loss'] as const,
      },
      {
        variant: 'before',
        policy: 'class-aware',
        class: 'realtime',
        sweep: 'wan',
        holdsUpTo: '300Mbps',
        breaksAt: '100Mbps',
        failing: ['latency'] as const,
      },
      {
        variant: 'after',
        policy: 'shortest',
        class: 'realtime',
        sweep: 'wan',
        holdsUpTo: '100Mbps',
        breaksAt: null,
        failing: [],
      },
      {
        variant: 'after',
        policy: 'shortest',
        class: 'bulk',
        sweep: 'wan',
        holdsUpTo: '100Mbps',
        breaksAt: null,
        failing: [],
      },
    ].map((p) => ({ ...p, failing: [...p.failing] }));
    expect(breakingPointLines(pts, [{ name: 'wan', at: 'links[wan].rate' }])).toEqual([
      'realtime: before/shortest breaks already at 1Gbps (latency, loss); before/class-aware holds up to ' +
        '300Mbps, breaks at 100Mbps (latency); after/shortest holds up to 100Mbps',
      'bulk: after/shortest holds up to 100Mbps',
    ]);
  });

  it('takes the unit word from the sweep name, or from the last key of its path', () => {
    expect(unitWord({ name: 'users', at: 'nodes[home].users' })).toBe('users');
    expect(unitWord({ name: 'nodes[home].users', at: 'nodes[home].users' })).toBe('users');
    expect(unitWord({ name: 'links[3].queue.limit', at: 'links[3].queue.limit' })).toBe('limit');
    const points = breakingPoints(
      [{ name: 'nodes[home].users', values: [1, 2] }],
      [
        { variant: null, policy: null, sweep: { 'nodes[home].users': 1 }, class: 'c', verdicts: verdicts(1, 0) },
        { variant: null, policy: null, sweep: { 'nodes[home].users': 2 }, class: 'c', verdicts: verdicts(1, 1) },
      ],
    );
    expect(breakingPointLines(points, [{ name: 'nodes[home].users', at: 'nodes[home].users' }])).toEqual([
      'c: base holds up to 1 users, breaks at 2 (loss)',
    ]);
  });
});
