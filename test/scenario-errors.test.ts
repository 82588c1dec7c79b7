import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioError } from '../src/scenario/index.js';
import { baseScenario, cli, tempFile } from './helpers/scenario.js';

type Mutation = (s: Record<string, any>) => void;

/**
 * Distinct mistakes, each with the key path the message must name and what it must say.
 * Every case is validated through the CLI (`netsim validate`, exit code 2).
 */
const cases: [string, Mutation, string, RegExp][] = [
  ['bare number where a time is needed', (s) => (s.duration = 10), 'duration', /bare number 10: add a unit/],
  ['missing required key', (s) => delete s.name, 'name', /missing/],
  ['missing duration', (s) => delete s.duration, 'duration', /missing: expected a time/],
  ['negative warmup', (s) => (s.warmup = '-1s'), 'warmup', /must not be negative/],
  ['zero duration', (s) => (s.duration = '0s'), 'duration', /greater than 0/],
  ['typo in a top-level key', (s) => ((s.flow = s.flows), delete s.flows), 'flow', /unknown key; did you mean "flows"/],
  ['seed not an integer', (s) => (s.seed = 1.5), 'seed', /integer/],
  ['duplicate node id', (s) => s.nodes.push({ id: 'a' }), 'nodes[3]', /duplicate node id "a" \(first at nodes\[0\]\)/],
  [
    'unknown node kind',
    (s) => (s.nodes[1].kind = 'vpn-gw'),
    'nodes[1].kind',
    /unknown kind "vpn-gw" \(expected one of: router, host/,
  ],
  ['unknown key on a node', (s) => (s.nodes[0].knd = 'host'), 'nodes[0].knd', /unknown key; did you mean "kind"/],
  ['bare number link rate', (s) => (s.links[0].rate = 100), 'links[0].rate', /bit rate .* got 100: add a unit/],
  ['negative link rate', (s) => (s.links[0].rate = '-10Mbps'), 'links[0].rate', /must not be negative/],
  ['zero link rate', (s) => (s.links[0].rate = '0Mbps'), 'links[0].rate', /greater than 0/],
  ['wrong unit for a rate', (s) => (s.links[0].rate = '10MB'), 'links[0].rate', /unknown unit "MB".*that is a size/],
  [
    'half a directional rate',
    (s) => (s.links[0].rate = { forward: '1Mbps', reverse: 5 }),
    'links[0].rate.reverse',
    /bare number 5/,
  ],
  ['link to an unknown node', (s) => (s.links[1].to = 'bb'), 'links[1].to', /unknown node "bb"; did you mean "b"\?/],
  ['link joins a node to itself', (s) => (s.links[1].to = 'r'), 'links[1].to', /both ends are "r"/],
  [
    'parallel links without ids',
    (s) => s.links.push({ from: 'a', to: 'r', rate: '1Mbps' }, { from: 'a', to: 'r', rate: '2Mbps' }),
    'links[3]',
    /duplicate link id "a-r"/,
  ],
  ['loss above 1', (s) => (s.links[0].loss = 2), 'links[0].loss', /ratio.*got 2/],
  [
    'unknown queue discipline',
    (s) => (s.links[0].queue = { discipline: 'red' }),
    'links[0].queue.discipline',
    /expected one of "fifo", "priority", "drr", "codel", got "red"/,
  ],
  [
    'queue limit not a count',
    (s) => (s.links[0].queue = { limit: 2.5 }),
    'links[0].queue.limit',
    /whole number of packets/,
  ],
  [
    'drr option on a fifo queue',
    (s) => (s.links[0].queue = { quantum: '1500B' }),
    'links[0].queue.quantum',
    /drr discipline only/,
  ],
  [
    'background load above 100%',
    (s) => (s.links[0].background = { load: '150%' }),
    'links[0].background.load',
    /at most 100%/,
  ],
  [
    'background of an unknown class',
    (s) => (s.links[0].background = { load: 0.5, class: 'gold' }),
    'links[0].background.class',
    /unknown class "gold"/,
  ],
  ['negative link cost', (s) => (s.links[0].cost = -1), 'links[0].cost', /at least 0/],
  [
    'flow of an unknown class',
    (s) => (s.flows[0].class = 'gold'),
    'flows[0].class',
    /unknown class "gold" \(classes: realtime, interactive, business, bulk\)/,
  ],
  ['flow from an unknown node', (s) => (s.flows[0].from = 'x'), 'flows[0].from', /unknown node "x"/],
  ['waypoint unknown', (s) => (s.flows[0].via = ['r', 'q']), 'flows[0].via[1]', /unknown node "q"/],
  ['duplicate flow id', (s) => s.flows.push({ ...s.flows[0] }), 'flows[1]', /duplicate flow id "f"/],
  [
    'two-way clash with an existing id',
    (s) => {
      s.flows.push({ ...s.flows[0], id: 'f~back' });
      s.flows[0].twoWay = true;
    },
    'flows[1]',
    /duplicate flow id "f~back"/,
  ],
  [
    'twoWay on a model that answers itself',
    (s) => (s.flows[0] = { ...s.flows[0], twoWay: true, traffic: { model: 'elastic' } }),
    'flows[0].twoWay',
    /does not apply to elastic/,
  ],
  ['flow between a node and itself', (s) => (s.flows[0].to = 'a'), 'flows[0].to', /both ends are "a"/],
  [
    'flow between disconnected nodes',
    (s) => (s.nodes.push({ id: 'island', kind: 'host' }), (s.flows[0].to = 'island')),
    'flows[0]',
    /no path from "a" to "island"/,
  ],
  [
    'unknown traffic model',
    (s) => (s.flows[0].traffic = { model: 'zipf' }),
    'flows[0].traffic.model',
    /unknown model "zipf" \(expected one of: cbr, poisson/,
  ],
  [
    'missing traffic model',
    (s) => delete s.flows[0].traffic.model,
    'flows[0].traffic.model',
    /missing: expected model to be one of cbr/,
  ],
  [
    'cbr with interval and rate',
    (s) => (s.flows[0].traffic.rate = '50pps'),
    'flows[0].traffic.rate',
    /either interval or rate, not both/,
  ],
  [
    'cbr with neither interval nor rate',
    (s) => delete s.flows[0].traffic.interval,
    'flows[0].traffic',
    /cbr needs an interval/,
  ],
  [
    'poisson rate without a unit',
    (s) => (s.flows[0].traffic = { model: 'poisson', rate: 100, size: '100B' }),
    'flows[0].traffic.rate',
    /packet rate like "50pps" or a bit rate like "64kbps", got 100: add a unit/,
  ],
  [
    'packet size without a unit',
    (s) => (s.flows[0].traffic.size = 1500),
    'flows[0].traffic.size',
    /size like "1500B" or a distribution.*got 1500: add a unit/,
  ],
  [
    'absurd packet size',
    (s) => (s.flows[0].traffic.size = '2GB'),
    'flows[0].traffic.size',
    /too large: a packet is at most/,
  ],
  [
    'unknown distribution',
    (s) => (s.flows[0].traffic.size = { dist: 'zipf', mean: '1KB' }),
    'flows[0].traffic.size.dist',
    /unknown dist "zipf"/,
  ],
  [
    'distribution parameter without a unit',
    (s) => (s.flows[0].traffic.size = { dist: 'exponential', mean: 800 }),
    'flows[0].traffic.size.mean',
    /bare number 800/,
  ],
  [
    'uniform with min above max',
    (s) => (s.flows[0].traffic.size = { dist: 'uniform', min: '900B', max: '100B' }),
    'flows[0].traffic.size.min',
    /must not exceed max/,
  ],
  [
    'normal that can draw negative sizes',
    (s) => (s.flows[0].traffic.size = { dist: 'normal', mean: '100B', stddev: '50B' }),
    'flows[0].traffic.size.stddev',
    /mean >= 6 x stddev/,
  ],
  [
    'flow starting after the window',
    (s) => (s.flows[0].start = '20s'),
    'flows[0].start',
    /starts at 20s, when the measured window \(1s to 11s\) is already over/,
  ],
  [
    'flow stopping before warmup ends',
    (s) => (s.flows[0].stop = '0.5s'),
    'flows[0].stop',
    /before the measured window starts/,
  ],
  [
    'flow stopping before it starts',
    (s) => ((s.flows[0].start = '5s'), (s.flows[0].stop = '3s')),
    'flows[0].stop',
    /must be after start/,
  ],
  [
    'unknown routing policy',
    (s) => (s.routing = { policy: 'fastest' }),
    'routing.policy',
    /unknown routing policy "fastest" \(known: shortest/,
  ],
  [
    'class override for an unknown class',
    (s) => (s.routing = { policy: 'shortest', classes: { gold: 'ecmp' } }),
    'routing.classes.gold',
    /unknown class "gold"/,
  ],
  ['k out of range', (s) => (s.routing = { policy: 'ecmp', k: 17 }), 'routing.k', /at most 16/],
  [
    'failure of an unknown link',
    (s) => (s.failures = [{ at: '1s', link: 'ab' }]),
    'failures[0].link',
    /unknown link "ab"/,
  ],
  [
    'failure naming both a link and a node',
    (s) => (s.failures = [{ at: '1s', link: 'ar', node: 'r' }]),
    'failures[0]',
    /exactly one element/,
  ],
  [
    'failure after the run',
    (s) => (s.failures = [{ at: '60s', node: 'r' }]),
    'failures[0].at',
    /after the run ends \(12s/,
  ],
  [
    'unknown DSCP name',
    (s) => (s.classes = { gold: { dscp: 'AF99' } }),
    'classes.gold.dscp',
    /DSCP name .* got "AF99"/,
  ],
  [
    'priority band out of range',
    (s) => (s.classes = { gold: { priority: 1000 } }),
    'classes.gold.priority',
    /at most 63/,
  ],
  [
    'SLA target without a unit',
    (s) => (s.classes = { realtime: { sla: { latency: 50 } } }),
    'classes.realtime.sla.latency',
    /bare number 50/,
  ],
  [
    'variant with a typo',
    (s) => (s.variants = { after: { linkz: [] } }),
    'variants.after.linkz',
    /unknown key; did you mean "links"/,
  ],
  [
    'variant removing an unknown id',
    (s) => (s.variants = { after: { links: [{ id: 'zz', remove: true }] } }),
    'variants.after.links[0]',
    /nothing to remove: no element with id "zz"/,
  ],
  ['variant changing the seed', (s) => (s.variants = { after: { seed: 2 } }), 'variants.after.seed', /same seed/],
  [
    'variant breaking a base reference',
    (s) => (s.variants = { after: { nodes: [{ id: 'b', remove: true }] } }),
    'flows[0].to',
    /in variant "after": unknown node "b"/,
  ],
  [
    'variant with a bad value',
    (s) => (s.variants = { after: { links: [{ id: 'rb', rate: 5 }] } }),
    'variants.after.links[0].rate',
    /bit rate .*got 5: add a unit/,
  ],
  ['variant name with a comma', (s) => (s.variants = { 'a,b': {} }), 'variants["a,b"]', /no spaces or commas/],
  ['too much simulated time', (s) => (s.duration = '200h'), 'duration', /more than the limit of .* of simulated time/],
];

describe('invalid scenarios: one problem per mistake, with its key path, exit code 2', () => {
  it('has at least 25 distinct cases', () => {
    expect(new Set(cases.map((c) => c[0])).size).toBeGreaterThanOrEqual(25);
  });

  it.each(cases)('%s', async (_name, mutate, path, message) => {
    const s = baseScenario();
    mutate(s);
    const file = tempFile(s);
    const r = await cli('validate', file);
    expect(r.code).toBe(2);
    const line = r.stdout.split('\n').find((l) => l.includes(`: ${path}: `));
    expect(line, `no line names ${path} in:\n${r.stdout}`).toBeDefined();
    expect(line).toMatch(message);
    expect(line).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: `));
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('text-level mistakes', () => {
  const text: [string, string, string, RegExp][] = [
    ['YAML syntax error', 'name: x\nnodes: [a, b\n', '.yaml', /:\d+: syntax error/],
    ['duplicate key', 'name: x\nname: y\n', '.yaml', /:2: syntax error: a key appears twice/],
    ['custom tag', 'name: !!js/function "x"\n', '.yaml', /:1: custom tags are not allowed/],
    ['several documents', 'name: x\n---\nname: y\n', '.yaml', /several YAML documents/],
    ['not a map', '- a\n- b\n', '.yaml', /expected a map of scenario keys .* got a list/],
    ['empty file', '', '.yaml', /expected a map of scenario keys .* got null|got nothing/],
    ['JSON syntax error', '{"name": "x",\n "duration": }', '.json', /JSON syntax error|syntax error/],
    ['JSON with a comment', '{"name": "x" # no\n}', '.json', /syntax error/],
  ];
  it.each(text)('%s', async (_name, content, ext, message) => {
    const r = await cli('validate', tempFile(content, ext));
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(message);
  });

  it('a missing file is a usage error, not a crash', async () => {
    const r = await cli('validate', '/nonexistent/x.yaml');
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/x\.yaml: cannot read the file: no such file/);
  });
});

describe('every problem at once', () => {
  it('reports problems in different sections of one file together, in file order', () => {
    const s = baseScenario();
    s.duration = 10;
    s.links[0].rate = 100;
    s.flows[0].to = 'nowhere';
    s.flows[0].class = 'gold';
    try {
      parseScenario(JSON.stringify(s, null, 1), 'many.json');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      const problems = (e as ScenarioError).problems.map((p) => p.path);
      expect(problems).toEqual(['duration', 'links[0].rate', 'flows[0].to', 'flows[0].class']);
      const lines = (e as ScenarioError).format().split('\n');
      expect(lines).toHaveLength(4);
      expect(lines[0]).toMatch(/^many\.json:\d+: duration: /);
    }
  });

  it('finds references in elements that are themselves invalid', () => {
    const s = baseScenario();
    s.flows[0].traffic.size = 1500; // invalid flow...
    s.flows[0].to = 'nowhere'; // ...whose reference is still checked
    const paths = problemsOf(s).map((p) => p.path);
    expect(paths).toContain('flows[0].traffic.size');
    expect(paths).toContain('flows[0].to');
  });

  it('reports a problem a variant inherits from the base once, at the base key', () => {
    const s = baseScenario();
    s.links[0].rate = 100;
    s.variants = { a: {}, b: { description: 'x' } };
    const found = problemsOf(s);
    expect(found.filter((p) => p.path === 'links[0].rate')).toHaveLength(1);
    expect(found).toHaveLength(1);
  });

  it('refuses a scenario whose run would take too many events, at the flow that makes it expensive', () => {
    const s = baseScenario();
    s.duration = '100h';
    s.flows[0].traffic = { model: 'cbr', rate: '10kpps', size: '100B' };
    const found = problemsOf(s);
    // 3.6×10⁹ packets over 100 h, each generated then serialized and delivered on each of its links.
    expect(found).toEqual([
      expect.objectContaining({
        path: 'flows[0]',
        message: expect.stringMatching(
          /^about \d(\.\d)?×10¹⁰ events \(cbr, 10,000 packets\/s\); the limit is 10⁹: pass --max-events to raise it/,
        ),
      }),
    ]);
  });
});

function problemsOf(s: object) {
  try {
    parseScenario(JSON.stringify(s), 's.json');
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems;
    throw e;
  }
  throw new Error('the scenario was valid');
}
