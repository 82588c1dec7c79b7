import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScenarioError, formatProblem } from '../src/spec/problems.js';
import { applyAssignments } from '../src/scenario/overrides.js';
import { parseSource } from '../src/scenario/source.js';
import {
  combineSweeps,
  parseScalar,
  parseSetFlag,
  parseSweepFlag,
  readSweeps,
  sweepGrid,
  type Assignment,
  type SetFlag,
  type SweepFlag,
} from '../src/scenario/sweep.js';
import { compilePoint, compilePoints, compileSource, planSweeps, pointDocument } from '../src/scenario/sweep-points.js';
import { parseKeyPath, type KeyPathPattern } from '../src/spec/key-path.js';

const BASE = `name: sweep-test
duration: 2s
drain: 1s
classes:
  realtime: { sla: { latency: 50ms } }
nodes:
  - { id: a, kind: host }
  - { id: r, kind: router }
  - { id: b, kind: host }
links:
  - { from: a, to: r, rate: 100Mbps }
  - { id: wan, from: r, to: b, rate: 10Mbps, delay: 5ms }
flows:
  - { id: call, from: a, to: b, class: realtime, traffic: { model: cbr, interval: 20ms, size: 200B } }
failures:
  - { at: 1s, link: wan, for: 0.5s }
variants:
  before: {}
  after:
    links:
      - { id: wan, rate: 50Mbps }
`;

const doc = (text: string, file = 'sweep.yaml') => parseSource(text, file);
const lines = (e: unknown) => (e as ScenarioError).problems.map(formatProblem);
const problemsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ScenarioError) return lines(e);
    throw e;
  }
  throw new Error('expected a ScenarioError');
};
const sweepFlag = (text: string): SweepFlag => {
  const r = parseSweepFlag(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const setFlag = (text: string): SetFlag => {
  const r = parseSetFlag(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const path = (text: string): KeyPathPattern => (parseKeyPath(text) as { path: KeyPathPattern }).path;
const assign = (at: string, value: string | number): Assignment => ({
  at,
  path: path(at),
  value,
  atPlace: { path: `--set ${at}` },
  valuePlace: { path: `--set ${at}` },
});

describe('the sweep block', () => {
  it('reads sweeps in file order and forms the grid with the first sweep slowest', () => {
    const d = doc(`${BASE}sweep:
  wan:
    at: links[wan].rate
    values: [10Mbps, 20Mbps, 40Mbps]
  interval:
    at: flows[call].traffic.interval
    values: [20ms, 10ms]
`);
    const { sweeps, problems } = readSweeps(d);
    expect(problems).toEqual([]);
    expect(sweeps.map((s) => [s.name, s.at, s.values])).toEqual([
      ['wan', 'links[wan].rate', ['10Mbps', '20Mbps', '40Mbps']],
      ['interval', 'flows[call].traffic.interval', ['20ms', '10ms']],
    ]);
    expect(sweeps[0].valuePlace(2)).toEqual({ path: 'sweep.wan.values[2]', key: ['sweep', 'wan', 'values', 2] });
    expect(sweeps[1].atPlace.path).toBe('sweep.interval.at');
    const grid = sweepGrid(sweeps);
    expect(grid.map((p) => p.labels)).toEqual([
      { wan: '10Mbps', interval: '20ms' },
      { wan: '10Mbps', interval: '10ms' },
      { wan: '20Mbps', interval: '20ms' },
      { wan: '20Mbps', interval: '10ms' },
      { wan: '40Mbps', interval: '20ms' },
      { wan: '40Mbps', interval: '10ms' },
    ]);
    expect(grid.map((p) => p.coords)).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
      [2, 0],
      [2, 1],
    ]);
    expect(grid.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(sweepGrid([])).toEqual([{ index: 0, coords: [], labels: {} }]);
  });

  it('reports every mistake in the block at its key path, with its line', () => {
    const d = doc(`${BASE}sweep:
  users:
    at: nodes[home].users
    values: []
  wan:
    at: links[wan].rate
    values: [100Mbps, 0.1Gbps, 10ms]
  load:
    at: links[wan].background.load
    values: [0.5, 50%]
  mixed:
    at: links[wan].delay
    values: [5ms, 10]
  bad path:
    at: "links[wan.rate"
    values: [1]
  variant:
    at: variants.after.links[wan].rate
    values: [1Mbps]
  seeds:
    at: seed
    values: [1, 2]
  typo:
    at: duration
    valus: [1s]
  twice:
    at: "links[\\"wan\\"].rate"
    values: [1Mbps]
  shaped:
    at: links[wan].rate
    values: [{ forward: 1Mbps }]
`);
    const { problems } = readSweeps(d);
    expect(problems.map(formatProblem)).toEqual([
      'sweep.yaml:25: sweep.users.values: a sweep needs at least one value',
      'sweep.yaml:28: sweep.wan.values[1]: "0.1Gbps" repeats values[0] ("100Mbps"): each value of a sweep is one ' +
        'point, run once',
      'sweep.yaml:28: sweep.wan.values[2]: "10ms" is a time, but values[0] is a bit rate: the values of one ' +
        'sweep are of one kind',
      'sweep.yaml:31: sweep.load.values[1]: "50%" repeats values[0] (0.5): each value of a sweep is one point, ' +
        'run once',
      'sweep.yaml:34: sweep.mixed.values[1]: 10 is a number, but values[0] is a time: the values of one sweep ' +
        'are of one kind: add a unit',
      'sweep.yaml:35: sweep["bad path"]: invalid key: a sweep name is a letter or "_" then letters, digits, "_" ' +
        'or "-" (it heads a results.csv column), got "bad path"',
      'sweep.yaml:39: sweep.variant.at: a sweep applies to the base and to every variant alike, so it cannot ' +
        'point into variants: sweep the key itself (its path in the base), and each variant gets the swept value',
      'sweep.yaml:42: sweep.seeds.at: the seed is not swept: replications vary it (--replications, --seed)',
      'sweep.yaml:44: sweep.typo.values: missing: expected a list of values like [40, 80, 160]',
      'sweep.yaml:46: sweep.typo.valus: unknown key; did you mean "values"?',
      'sweep.yaml:52: sweep.shaped.values[0]: expected one value as the key takes it, like 160, "300Mbps" or ' +
        '"5%", got a map (a sweep value is one scalar: to sweep one direction of a rate, sweep its key, like ' +
        'links[wan].rate.forward)',
    ]);
    // Two sweeps of one key (however its id is written).
    const twice = doc(`${BASE}sweep:
  wan:
    at: links[wan].rate
    values: [1Mbps]
  again:
    at: links["wan"].rate
    values: [2Mbps]
  path:
    at: "links[wan.rate"
    values: [1]
`);
    expect(readSweeps(twice).problems.map(formatProblem)).toEqual([
      'sweep.yaml:30: sweep.path.at: "links[wan.rate" is not a key path: no closing "]" for the "[" at character 6',
      'sweep.yaml:27: sweep.again.at: sweep "wan" already sweeps links[wan].rate: one key, one sweep',
    ]);
    expect(readSweeps(doc(`${BASE}sweep: [1, 2]\n`)).problems.map(formatProblem)).toEqual([
      'sweep.yaml:22: sweep: expected a map of sweep name -> { at, values }, got a list',
    ]);
  });

  it('bounds the grid', () => {
    const values = (n: number) => `[${Array.from({ length: n }, (_, i) => i + 1).join(', ')}]`;
    const d = doc(`${BASE}sweep:
  a:
    at: links[wan].queue.limit
    values: ${values(200)}
  b:
    at: duration
    values: ${values(60).replace(/(\d+)/g, '$1s')}
`);
    expect(readSweeps(d).problems.map(formatProblem)).toEqual([
      'sweep.yaml:22: sweep: the grid has 12000 points (a: 200 x b: 60); at most 10000',
    ]);
  });
});

describe('--sweep and --set', () => {
  it('read values as YAML scalars', () => {
    expect(parseScalar('160')).toEqual({ ok: true, value: 160 });
    expect(parseScalar(' 300Mbps ')).toEqual({ ok: true, value: '300Mbps' });
    expect(parseScalar('5%')).toEqual({ ok: true, value: '5%' });
    expect(parseScalar('0.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseScalar('true')).toEqual({ ok: true, value: true });
    expect(parseScalar('"160"')).toEqual({ ok: true, value: '160' });
    expect(parseScalar('')).toEqual({ ok: false, error: 'the value is empty' });
    expect(parseScalar('[1, 2]')).toMatchObject({ ok: false, error: expect.stringMatching(/expected one value/) });
    expect(parseScalar('.inf')).toMatchObject({ ok: false, error: expect.stringMatching(/not finite/) });
    // A warning of the YAML parser is returned with what it read, never printed by the parser itself.
    expect(parseScalar('!foo 3')).toEqual({
      ok: true,
      value: '3',
      warnings: ['"!foo 3": Unresolved tag: !foo (YAML); the value is read as "3"'],
    });
    expect(parseSetFlag('nodes[home].users=!foo 3')).toMatchObject({
      ok: true,
      warnings: ['--set nodes[home].users: "!foo 3": Unresolved tag: !foo (YAML); the value is read as "3"'],
    });
    expect(parseSweepFlag('rate=1Mbps,!foo 2Mbps')).toMatchObject({
      ok: true,
      value: { values: ['1Mbps', '2Mbps'] },
      warnings: [expect.stringMatching(/^--sweep rate: value 2 of 2: "!foo 2Mbps": Unresolved tag/)],
    });
    expect(parseSetFlag('duration=30s')).not.toHaveProperty('warnings');
  });

  it('parse --sweep KEY=v1,v2 and reject empty and repeated values', () => {
    expect(parseSweepFlag('users=40,80, 160')).toEqual({ ok: true, value: { key: 'users', values: [40, 80, 160] } });
    expect(parseSweepFlag('links[a=b].rate=1Mbps,2Mbps')).toEqual({
      ok: true,
      value: { key: 'links[a=b].rate', values: ['1Mbps', '2Mbps'] },
    });
    expect(parseSweepFlag('nodes["x,y"].users=1,2')).toEqual({
      ok: true,
      value: { key: 'nodes["x,y"].users', values: [1, 2] },
    });
    expect(parseSweepFlag('profile="a,b",c')).toEqual({ ok: true, value: { key: 'profile', values: ['a,b', 'c'] } });
    const error = (t: string) => (parseSweepFlag(t) as { error: string }).error;
    expect(error('users')).toBe('--sweep "users": expected KEY=v1,v2,..., like users=40,80,160');
    expect(error('=1,2')).toBe('--sweep "=1,2": expected KEY=v1,v2,..., like users=40,80,160');
    expect(error('users=')).toBe('--sweep users: no values (expected users=v1,v2,...)');
    expect(error('users=40,,80')).toBe('--sweep users: value 2 of 3: the value is empty');
    expect(error('users=40,80,40')).toBe(
      '--sweep users: value 3: 40 repeats values[0]: each value of a sweep is one point, run once',
    );
    expect(error('wan=100Mbps,20ms')).toMatch(/^--sweep wan: value 2: "20ms" is a time, but values\[0\] is a bit rate/);
  });

  it('parse --set PATH=VALUE', () => {
    expect(parseSetFlag('nodes[home].users=320')).toEqual({
      ok: true,
      value: { at: 'nodes[home].users', path: ['nodes', { id: 'home' }, 'users'], value: 320 },
    });
    expect(parseSetFlag('duration = 30s')).toMatchObject({ ok: true, value: { at: 'duration', value: '30s' } });
    const error = (t: string) => (parseSetFlag(t) as { error: string }).error;
    expect(error('duration')).toMatch(/expected PATH=VALUE/);
    expect(error('links[wan.rate=1Mbps')).toBe(
      '--set links[wan.rate: "links[wan.rate" is not a key path: no closing "]" for the "[" at character 6',
    );
    expect(error('seed=3')).toBe('--set seed: use --seed to change the seed');
    expect(error('duration=')).toBe('--set duration: the value is empty');
  });

  it('replace the values of a sweep of the file, or add a sweep named by its key path', () => {
    const d = doc(`${BASE}sweep:\n  wan:\n    at: links[wan].rate\n    values: [10Mbps, 20Mbps]\n`);
    const file = readSweeps(d).sweeps;
    const r = combineSweeps(d, file, [
      sweepFlag('wan=1Mbps,2Mbps,4Mbps'),
      sweepFlag('flows[call].traffic.size=100B,1KB'),
    ]);
    expect(r.problems).toEqual([]);
    expect(r.sweeps.map((s) => [s.name, s.at, s.values])).toEqual([
      ['wan', 'links[wan].rate', ['1Mbps', '2Mbps', '4Mbps']],
      ['flows[call].traffic.size', 'flows[call].traffic.size', ['100B', '1KB']],
    ]);
    expect(r.sweeps[0].atPlace.path).toBe('sweep.wan.at');
    expect(r.sweeps[0].valuePlace(1).path).toBe('--sweep wan');
    const bad = combineSweeps(d, file, [
      sweepFlag('links[wan].rate=1Mbps'),
      sweepFlag('userz=1,2'),
      sweepFlag('variants.after.duration=1s'),
      sweepFlag('duration=1s'),
      sweepFlag('duration=2s'),
    ]);
    expect(bad.problems.map(formatProblem)).toEqual([
      'sweep.yaml: --sweep links[wan].rate: sweep "wan" already sweeps links[wan].rate: give its values with ' +
        '--sweep wan=...',
      expect.stringMatching(
        /^sweep\.yaml: --sweep variants\.after\.duration: a sweep applies to the base and to every variant alike/,
      ),
      'sweep.yaml: --sweep duration: given twice',
    ]);
    // A KEY that is no sweep of the file is a key path: `userz` is one (checked against the document later).
    expect(combineSweeps(d, file, [sweepFlag('userz=1,2')]).problems).toEqual([]);
    expect(combineSweeps(d, file, [sweepFlag('links[x=1,2')]).problems.map(formatProblem)).toEqual([
      'sweep.yaml: --sweep links[x: "links[x" is neither a sweep of the file (sweeps: wan) nor a key path: no ' +
        'closing "]" for the "[" at character 6',
    ]);
  });
});

describe('a point over the base and every variant', () => {
  const d = doc(BASE);
  const data = d.data as Record<string, any>;

  it('sets the key in the base and, after the merge, in every variant: the point wins over a variant', () => {
    const applied = applyAssignments(d.data, [assign('links[wan].rate', '20Mbps'), assign('duration', '5s')]);
    expect(applied.problems).toEqual([]);
    const out = applied.data as Record<string, any>;
    expect(out.links[1].rate).toBe('20Mbps');
    expect(out.duration).toBe('5s');
    // A variant that leaves the key to the base gets it from the base; one that sets it gets the point's value.
    expect(out.variants.before).toEqual({});
    expect(out.variants.after).toEqual({ links: [{ id: 'wan', rate: '20Mbps' }] });
    expect(applied.written.map((w) => w.paths)).toEqual([
      [
        ['links', 1, 'rate'],
        ['variants', 'after', 'links', 0, 'rate'],
      ],
      [['duration']],
    ]);
    expect(out.sweep).toBeUndefined();
    expect(data.links[1].rate).toBe('10Mbps'); // the input is not modified
    expect(data.variants.after.links[0].rate).toBe('50Mbps');
  });

  it('writes into what a variant sets: an element by its default link id, a list without ids it replaces', () => {
    const d2 = doc(`${BASE}  slow:
    links:
      - { from: a, to: r, rate: 1Mbps }
    failures:
      - { at: 1s, link: wan }
`);
    const applied = applyAssignments(d2.data, [assign('links[a-r].rate', '1Gbps'), assign('failures[0].for', '1s')]);
    const out = applied.data as Record<string, any>;
    expect(out.variants.after).toEqual({ links: [{ id: 'wan', rate: '50Mbps' }] });
    expect(out.variants.slow).toEqual({
      links: [{ from: 'a', to: 'r', rate: '1Gbps' }],
      failures: [{ at: '1s', link: 'wan', for: '1s' }],
    });
    expect(out.failures).toEqual([{ at: '1s', link: 'wan', for: '1s' }]);
  });

  it('reports a path that names nothing in a variant, and two assignments of one key', () => {
    const removing = doc(`${BASE}  gone:\n    links:\n      - { id: wan, remove: true }\n`);
    const applied = applyAssignments(removing.data, [
      assign('links[wan].rate', '20Mbps'),
      assign('links[1].rate', '30Mbps'),
      assign('links[wan]', '30Mbps'),
    ]);
    expect(applied.problems.map((p) => `${p.place.path}: ${p.message}`)).toEqual([
      '--set links[1].rate: --set links[wan].rate sets the same key (links[wan].rate): one key, one value',
      '--set links[wan]: --set links[wan].rate sets a key inside or around it (links[wan].rate): one key, one value',
      '--set links[wan].rate: in variant "gone": links has no element with id "wan" (ids: a-r)',
    ]);
  });

  it('compiles each point: the variants run the swept value, whatever they set', () => {
    const d2 = doc(`${BASE}sweep:\n  wan:\n    at: links[wan].rate\n    values: [10Mbps, 20Mbps]\n`);
    const plan = planSweeps(d2, { sets: [setFlag('duration=3s')] });
    const points = compilePoints(d2, plan);
    expect(points).toHaveLength(2);
    for (const [i, rate] of [10e6, 20e6].entries()) {
      const s = points[i].scenario;
      expect(s.duration).toBe(3);
      for (const v of [s, s.variants.before, s.variants.after]) {
        const wan = v.links.find((l) => l.id === 'wan')!;
        expect(wan.forward.rate).toBe(rate);
        expect(wan.forward.delay).toBe(0.005);
      }
    }
  });

  it('places a value the key does not accept at sweep.<name>.values[i], and a wrong path at sweep.<name>.at', () => {
    const d2 = doc(`${BASE}sweep:
  wan:
    at: links[wan].rate
    values: [10Mbps, 0Mbps]
  users:
    at: nodes[hom].users
    values: [1, 2]
`);
    expect(problemsOf(() => compilePoints(d2, planSweeps(d2)))).toEqual([
      'sweep.yaml:27: sweep.users.at: nodes has no element with id "hom" (ids: a, r, b)',
    ]);
    const d3 = doc(`${BASE}sweep:
  wan:
    at: links[wan].rate
    values: [10Mbps, 0Mbps]
  delay:
    at: links[wan].delay
    values: [5Mbps]
  typo:
    at: links[wan].rtae
    values: [1Mbps]
`);
    expect(problemsOf(() => compilePoints(d3, planSweeps(d3)))).toEqual([
      'sweep.yaml:28: sweep.delay.values[0]: links[wan].delay = "5Mbps": unknown unit "Mbps" in "5Mbps" (that is ' +
        'a bit rate): expected a time like "20ms" (units: ns, us, ms, s, min, h)',
      'sweep.yaml:30: sweep.typo.at: links[wan].rtae: no such key (expected one of: id, from, to, rate, delay, ' +
        'loss, queue, background, cost)',
      'sweep.yaml:25: sweep.wan.values[1]: links[wan].rate = "0Mbps": expected a bit rate greater than 0, got "0Mbps"',
    ]);
  });

  it('says at which points a problem elsewhere appears, and reports --set problems at the flag', () => {
    const d2 = doc(`${BASE}sweep:\n  length: { at: duration, values: [2s, 0.5s, 3s] }\n`);
    const plan = planSweeps(d2, { sets: [setFlag('drain=0s')] });
    expect(problemsOf(() => compilePoints(d2, plan))).toEqual([
      'sweep.yaml:16: failures[0].at: at sweep point length = 0.5s: 1s is after the run ends (500ms, drain included)',
    ]);
    // The same problem at several points is reported once, naming them; at every point, as it is.
    const d3 = doc(BASE.replace('{ at: 1s, link: wan, for: 0.5s }', '{ at: 1s, link: wan, for: 0.5s, node: a }'));
    const both = planSweeps(d3, { sweeps: [sweepFlag('drain=0s,1ms,2ms,3ms')] });
    expect(problemsOf(() => compilePoints(d3, both))).toEqual([
      'sweep.yaml:16: failures[0]: a failure names exactly one element: link: <id> or node: <id>',
    ]);
    const clash = planSweeps(d2, { sets: [setFlag('duration=1s')] });
    expect(problemsOf(() => compilePoints(d2, clash))).toEqual([
      'sweep.yaml:23: sweep.length.at: --set duration sets the same key (duration): one key, one value',
    ]);
    // A compile that finds the same problem elsewhere at all points but the last.
    const some = planSweeps(d, { sweeps: [sweepFlag('drain=0s,1ms,2ms,3ms,1s')] });
    const picky = (source: { data: unknown }) => {
      if ((source.data as { drain: string }).drain !== '1s')
        throw new ScenarioError([{ file: 'sweep.yaml', path: 'flows[0]', line: 14, message: 'too short' }]);
      return compileSource(source as never);
    };
    expect(problemsOf(() => compilePoints(d, some, picky))).toEqual([
      'sweep.yaml:14: flows[0]: at sweep points drain = 0s; drain = 1ms; drain = 2ms and 1 more: too short',
    ]);
    const bad = planSweeps(d, { sets: [setFlag('nodes[a].kind=nope')] });
    expect(problemsOf(() => compilePoint(d, bad, bad.points[0]))).toEqual([
      expect.stringMatching(/^sweep\.yaml: --set nodes\[a\]\.kind: nodes\[a\]\.kind = "nope": unknown kind "nope"/),
    ]);
  });

  it('reaches into a catalog population: users in the base and in a variant that changes the same node', () => {
    const d2 = parseSource(readFileSync('scenarios/remote-work.yaml', 'utf8'), 'scenarios/remote-work.yaml');
    // remote-work.yaml names its knob: the sweep `users` (one value, 160), whose values --sweep users=... replaces.
    const plan = planSweeps(d2, { sweeps: [sweepFlag('users=4,8')], sets: [setFlag('duration=1s')] });
    expect(plan.sweeps.map((s) => [s.name, s.at, s.values])).toEqual([['users', 'nodes[home].users', [4, 8]]]);
    // Its key path is that sweep's: a second sweep of it is refused, with the way to give its values.
    expect(problemsOf(() => planSweeps(d2, { sweeps: [sweepFlag('nodes[home].users=4,8')] }))).toEqual([
      'scenarios/remote-work.yaml: --sweep nodes[home].users: sweep "users" already sweeps nodes[home].users: ' +
        'give its values with --sweep users=...',
    ]);
    const applied = pointDocument(d2, plan, plan.points[1]);
    expect((applied.data as any).nodes[0]).toMatchObject({ id: 'home', users: 8 });
    // `after` changes node home but not its users: it takes them from the base.
    expect((applied.data as any).variants.after.nodes[0]).not.toHaveProperty('users');
    // A value the population refuses is reported once; what its absence breaks elsewhere is not.
    const zero = planSweeps(d2, { sweeps: [sweepFlag('users=0,4')] });
    expect(problemsOf(() => compilePoints(d2, zero))).toEqual([
      'scenarios/remote-work.yaml: --sweep users: nodes[home].users = 0: expected a number at least 1, got 0',
    ]);
    expect(problemsOf(() => compilePoint(d2, zero, zero.points[0]))).toHaveLength(1);
    const points = compilePoints(d2, plan);
    const users = (s: { nodes: { kind: string }[] }) => s.nodes.filter((n) => n.kind === 'home-user').length;
    expect(
      points.map((p) => [users(p.scenario), users(p.scenario.variants.before), users(p.scenario.variants.after)]),
    ).toEqual([
      [4, 4, 4],
      [8, 8, 8],
    ]);
  });
});
